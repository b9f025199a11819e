package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.ContactChangeContractTest.codeIn;
import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.Http.Reply;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Gatehouse's addition to the {@code jb-drf-auth} contract: email and phone changes confirmed by a
 * code sent to the new address, answered in DRF's shapes, with {@code account/update/} pointing to
 * them.
 */
@TestPropertySource(
    properties = {
      // JbDrfAuthContractTest's properties, so both share one context.
      "gatehouse.http.contract=jb-drf-auth",
      "gatehouse.links.email-confirmation=/verify-email/?uid={uid}&token={token}",
      "gatehouse.links.password-reset=/reset-password/?uid={uid}&token={token}",
      "gatehouse.registration.terms-required=true",
      "gatehouse.token.simplejwt-claims=true",
      "gatehouse.token.integer-user-ids=true",
      "test-host.own-database=true"
    })
class JbDrfAuthContactChangeTest extends ContractTestSupport {

  /** A confirmed jb-drf-auth account signed in as the web client; its access token. */
  String signedIn(String address) throws Exception {
    assertThat(http.post("/auth/register/", JbDrfAuthContractTest.signUp(address)).status())
        .isEqualTo(201);
    Matcher m = JbDrfAuthContractTest.link(JbDrfAuthContractTest.VERIFY, mailTo(address).get());
    assertThat(
            http.post(
                    "/auth/registration/account-confirmation-email/",
                    json("uid", m.group(1), "token", m.group(2)))
                .status())
        .isEqualTo(200);
    Reply login =
        http.post(
            "/auth/login/basic/", json("login", address, "password", PASSWORD, "client", "web"));
    assertThat(login.status()).as(login.raw().body()).isEqualTo(200);
    return JbDrfAuthContractTest.access(login);
  }

  @Test
  void anEmailChangesWithTheCodeSentToTheNewAddressAndUpdatePointsThere() throws Exception {
    String old = newEmail();
    String access = signedIn(old);
    String next = newEmail();
    Reply refused = http.send("PATCH", "/auth/account/update/", json("email", next), access);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("email").get(0).asString()).contains("account/email/change/");

    Reply sent = http.post("/auth/account/email/change/", json("email", next), access);
    assertThat(sent.status()).as(sent.raw().body()).isEqualTo(200);
    assertThat(sent.text("channel")).isEqualTo("email");
    assertThat(http.get("/auth/me/?client=mobile", access).text("email")).isEqualTo(old);

    String code = codeIn(mailTo(next).orElseThrow().textBody());
    Reply missing = http.post("/auth/account/email/confirm/", json("email", next), access);
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().get("code").get(0).asString()).isEqualTo("This field is required.");
    Reply confirmed =
        http.post("/auth/account/email/confirm/", json("email", next, "code", code), access);
    assertThat(confirmed.status()).as(confirmed.raw().body()).isEqualTo(200);
    assertThat(confirmed.text("email")).isEqualTo(next);
    assertThat(confirmed.json().get("id").isIntegralNumber()).isTrue();
    assertThat(mailTo(old).orElseThrow().subject()).contains("email address was changed");
    Reply login =
        http.post("/auth/login/basic/", json("login", next, "password", PASSWORD, "client", "web"));
    assertThat(login.status()).isEqualTo(200);
  }

  @Test
  void aPhoneChangesWithTheCodeSentByTextMessage() throws Exception {
    String address = newEmail();
    String access = signedIn(address);
    String phone = newPhone();
    Reply sent =
        http.post(
            "/auth/account/phone/change/", json("phone", phone, "password", PASSWORD), access);
    assertThat(sent.status()).as(sent.raw().body()).isEqualTo(200);
    assertThat(sent.text("channel")).isEqualTo("sms");
    String code = codeIn(smsTo(phone).orElseThrow().body());
    String wrong = code.equals("000000") ? "000001" : "000000";
    // A wrong code answers as jb-drf-auth's otp/verify/ answers one: 401.
    assertThat(
            http.post("/auth/account/phone/confirm/", json("phone", phone, "code", wrong), access)
                .status())
        .isEqualTo(401);
    assertThat(gatehouse.accounts().findByEmail(address).orElseThrow().phone()).isNull();
    Reply confirmed =
        http.post("/auth/account/phone/confirm/", json("phone", phone, "code", code), access);
    assertThat(confirmed.status()).as(confirmed.raw().body()).isEqualTo(200);
    assertThat(confirmed.text("phone")).isEqualTo(phone);
  }
}
