package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.Http.Reply;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Email and phone changes over Gatehouse's own contract: a code goes to the new address, nothing
 * changes until it comes back, the old address is told, a wrong code counts like every code.
 */
class ContactChangeContractTest extends ContractTestSupport {

  static String codeIn(String text) {
    Matcher m = Pattern.compile("\\b(\\d{6})\\b").matcher(text);
    assertThat(m.find()).as("a code in %s", text).isTrue();
    return m.group(1);
  }

  @Test
  void anEmailChangesOnlyWithTheCodeSentToTheNewAddress() throws Exception {
    String old = confirmedAccount();
    String access =
        http.post("/auth/login/basic/", json("email", old, "password", PASSWORD)).text("access");
    String next = newEmail();

    Reply sent = http.post("/auth/account/email/change/", json("email", next), access);
    assertThat(sent.status()).as(sent.raw().body()).isEqualTo(200);
    assertThat(sent.text("channel")).isEqualTo("email");
    assertThat(sent.text("destination")).doesNotContain(next);
    // Nothing has changed yet: the new address does not sign in, the old one does.
    assertThat(http.post("/auth/login/basic/", json("email", next, "password", PASSWORD)).status())
        .isEqualTo(400);
    assertThat(http.get("/auth/me/", access).json().path("user").path("email").asString())
        .isEqualTo(old);

    String code = codeIn(mailTo(next).orElseThrow().textBody());
    String wrong = code.equals("000000") ? "000001" : "000000";
    assertProblem(
        http.post("/auth/account/email/confirm/", json("email", next, "code", wrong), access),
        400,
        "invalid_code");
    Reply confirmed =
        http.post("/auth/account/email/confirm/", json("email", next, "code", code), access);
    assertThat(confirmed.status()).as(confirmed.raw().body()).isEqualTo(200);
    assertThat(confirmed.json().path("user").path("email").asString()).isEqualTo(next);
    assertThat(confirmed.json().path("user").path("email_verified").asBoolean()).isTrue();
    assertThat(mailTo(old).orElseThrow().subject()).contains("email address was changed");
    assertThat(http.post("/auth/login/basic/", json("email", next, "password", PASSWORD)).status())
        .isEqualTo(200);
    assertThat(http.post("/auth/login/basic/", json("email", old, "password", PASSWORD)).status())
        .isEqualTo(400);
  }

  @Test
  void aPhoneChangesOnlyWithTheCodeSentByTextMessage() throws Exception {
    String address = confirmedAccount();
    String access =
        http.post("/auth/login/basic/", json("email", address, "password", PASSWORD))
            .text("access");
    String phone = newPhone();

    Reply sent =
        http.post(
            "/auth/account/phone/change/", json("phone", phone, "password", PASSWORD), access);
    assertThat(sent.status()).as(sent.raw().body()).isEqualTo(200);
    assertThat(sent.text("channel")).isEqualTo("sms");
    assertThat(http.get("/auth/me/", access).json().path("user").path("phone").asString(""))
        .isNotEqualTo(phone);

    String code = codeIn(smsTo(phone).orElseThrow().body());
    Reply confirmed =
        http.post("/auth/account/phone/confirm/", json("phone", phone, "code", code), access);
    assertThat(confirmed.status()).as(confirmed.raw().body()).isEqualTo(200);
    assertThat(confirmed.json().path("user").path("phone").asString()).isEqualTo(phone);
    // The account had no phone: the notice goes to its email.
    assertThat(mailTo(address).orElseThrow().subject()).contains("phone number was changed");
  }

  @Test
  void wrongCodesBurnThePendingChangeAsTheyBurnEveryCode() throws Exception {
    String old = confirmedAccount();
    String access =
        http.post("/auth/login/basic/", json("email", old, "password", PASSWORD)).text("access");
    String next = newEmail();
    assertThat(http.post("/auth/account/email/change/", json("email", next), access).status())
        .isEqualTo(200);
    String code = codeIn(mailTo(next).orElseThrow().textBody());
    String wrong = code.equals("000000") ? "000001" : "000000";
    Reply last = null;
    for (int i = 0; i < 6 && (last == null || last.status() == 400); i++) {
      last = http.post("/auth/account/email/confirm/", json("email", next, "code", wrong), access);
    }
    assertProblem(last, 429, "code_burned");
    // The right code no longer works: the pending change is gone, and nothing changed.
    assertThat(
            http.post("/auth/account/email/confirm/", json("email", next, "code", code), access)
                .status())
        .isIn(400, 429);
    assertThat(http.get("/auth/me/", access).json().path("user").path("email").asString())
        .isEqualTo(old);
  }

  @Test
  void aChangeNeedsTheCallersTokenAndAWrongPasswordChangesNothing() throws Exception {
    String old = confirmedAccount();
    String access =
        http.post("/auth/login/basic/", json("email", old, "password", PASSWORD)).text("access");
    String next = newEmail();
    assertThat(http.post("/auth/account/email/change/", json("email", next)).status())
        .isEqualTo(401);
    assertProblem(
        http.post(
            "/auth/account/email/change/",
            json("email", next, "password", "not the password"),
            access),
        400,
        "invalid_credentials");
    gatehouse.deliverPending();
    assertThat(email.lastTo(next)).isEmpty();
  }
}
