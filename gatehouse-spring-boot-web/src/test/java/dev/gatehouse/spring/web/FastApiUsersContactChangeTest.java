package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.ContactChangeContractTest.codeIn;
import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.Http.Reply;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The {@code fastapi-users} contract's email change as FastAPI-Users answers it ({@code PATCH
 * users/me {email}}: 200, the new address, {@code is_verified: false}), confirmed by Gatehouse's
 * code, and the phone change Gatehouse adds.
 */
@TestPropertySource(
    properties = {
      // FastApiUsersContractTest's properties, so both share one context.
      "gatehouse.http.contract=fastapi-users",
      "gatehouse.accounts.time-ordered-public-ids=true",
      "test-host.own-database=true"
    })
class FastApiUsersContactChangeTest extends ContractTestSupport {

  String signedIn(String address) throws Exception {
    return FastApiUsersContractTest.access(
        http.send(
            "POST",
            "/auth/jwt/login",
            FastApiUsersContractTest.form(address, PASSWORD),
            null,
            "Content-Type",
            "application/x-www-form-urlencoded"));
  }

  @Test
  void patchingMeWithANewEmailAnswersItUnverifiedAndTheCodeMakesItTheAccounts() throws Exception {
    String old = FastApiUsersContractTest.verifiedAccount(http, this);
    String access = signedIn(old);
    String id = http.get("/users/me", access).text("id");
    String next = newEmail();

    Reply patched = http.send("PATCH", "/users/me", json("email", next), access);
    assertThat(patched.status()).as(patched.raw().body()).isEqualTo(200);
    assertThat(patched.text("id")).isEqualTo(id);
    assertThat(patched.text("email")).isEqualTo(next);
    assertThat(patched.json().get("is_verified").asBoolean()).isFalse();
    // Until the code comes back the account keeps its address.
    assertThat(http.get("/users/me", access).text("email")).isEqualTo(old);

    String code = codeIn(mailTo(next).orElseThrow().textBody());
    String wrong = code.equals("000000") ? "000001" : "000000";
    assertThat(
            http.post("/users/me/email/confirm", json("email", next, "code", wrong), access)
                .status())
        .isEqualTo(400);
    Reply confirmed =
        http.post("/users/me/email/confirm", json("email", next, "code", code), access);
    assertThat(confirmed.status()).as(confirmed.raw().body()).isEqualTo(200);
    assertThat(confirmed.text("email")).isEqualTo(next);
    assertThat(confirmed.json().get("is_verified").asBoolean()).isTrue();
    assertThat(http.get("/users/me", access).text("email")).isEqualTo(next);
    assertThat(mailTo(old).orElseThrow().subject()).contains("email address was changed");
  }

  @Test
  void aLateSignInMustSignInAgainBeforeAnEmailChange() throws Exception {
    String old = FastApiUsersContractTest.verifiedAccount(http, this);
    String access = signedIn(old);
    clock.advance(Duration.ofMinutes(5).plusSeconds(10));
    String next = newEmail();
    Reply late = http.send("PATCH", "/users/me", json("email", next), access);
    assertThat(late.status()).isEqualTo(400);
    assertThat(late.json().at("/detail/code").asString())
        .isEqualTo("UPDATE_USER_EMAIL_CHANGE_NOT_ALLOWED");
    gatehouse.deliverPending();
    assertThat(email.lastTo(next)).isEmpty();
  }

  @Test
  void aPhoneIsAddedWithTheCodeSentByTextMessage() throws Exception {
    String address = FastApiUsersContractTest.verifiedAccount(http, this);
    String access = signedIn(address);
    String phone = newPhone();
    Reply sent = http.post("/users/me/phone/change", json("phone", phone), access);
    assertThat(sent.status()).as(sent.raw().body()).isEqualTo(200);
    assertThat(sent.text("channel")).isEqualTo("sms");
    String code = codeIn(smsTo(phone).orElseThrow().body());
    Reply confirmed =
        http.post("/users/me/phone/confirm", json("phone", phone, "code", code), access);
    assertThat(confirmed.status()).as(confirmed.raw().body()).isEqualTo(200);
    assertThat(gatehouse.accounts().findByEmail(address).orElseThrow().phone()).isEqualTo(phone);
  }
}
