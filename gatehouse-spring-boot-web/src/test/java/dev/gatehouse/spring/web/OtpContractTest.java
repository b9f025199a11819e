package dev.gatehouse.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.Http.Reply;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The code routes over HTTP, reading the codes from the capturing senders. */
class OtpContractTest extends ContractTestSupport {
  private String codeTo(String phone) {
    Matcher m = Pattern.compile("\\b(\\d{6})\\b").matcher(smsTo(phone).orElseThrow().body());
    assertThat(m.find()).as("a 6-digit code in the message").isTrue();
    return m.group(1);
  }

  private Reply verify(String phone, String code) throws Exception {
    return http.post(
        "/auth/otp/verify/", "{\"phone\":\"" + phone + "\",\"code\":\"" + code + "\"}");
  }

  @Test
  void phoneSignUpByCodeLogsInAPhoneOnlyAccount() throws Exception {
    String phone = newPhone();
    Reply sent = http.post("/auth/otp/request/", "{\"phone\":\"" + phone + "\"}");
    assertThat(sent.status()).isEqualTo(200);
    assertThat(sent.text("destination")).doesNotContain(phone.substring(5));
    assertThat(sent.json().get("expires_in").asInt()).isPositive();
    assertThat(sent.json().get("resend_after").asInt()).isPositive();
    String code = codeTo(phone);
    Reply login = verify(phone, code);
    assertThat(login.status()).as(login.raw().body()).isEqualTo(200);
    assertThat(login.text("token_type")).isEqualTo("Bearer");
    assertThat(http.get("/api/hello/", login.text("access")).status()).isEqualTo(200);
    assertThat(http.get("/auth/me/", login.text("access")).raw().body())
        .doesNotContain("otp.local");
    assertProblem(verify(phone, code), 400, "otp_used");
  }

  @Test
  void aSecondRequestWithinTheCooldownIs429WithRetryAfter() throws Exception {
    String phone = newPhone();
    assertThat(http.post("/auth/otp/request/", "{\"phone\":\"" + phone + "\"}").status())
        .isEqualTo(200);
    Reply again = http.post("/auth/otp/request/", "{\"phone\":\"" + phone + "\"}");
    assertProblem(again, 429, "otp_cooldown");
    assertThat(Integer.parseInt(again.header("Retry-After"))).isBetween(1, 60);
  }

  @Test
  void wrongCodesAre400UntilTheCodeIsBurnedThen429WithoutRetryAfter() throws Exception {
    String phone = newPhone();
    http.post("/auth/otp/request/", "{\"phone\":\"" + phone + "\"}");
    String code = codeTo(phone);
    String wrong = code.equals("000000") ? "111111" : "000000";
    // The five allowed attempts are all answered as wrong codes; the fifth burns the code.
    for (int i = 0; i < 5; i++) {
      assertProblem(verify(phone, wrong), 400, "invalid_code");
    }
    Reply right = verify(phone, code);
    assertProblem(right, 429, "code_burned");
    assertThat(right.header("Retry-After")).as("waiting never revives a burned code").isNull();
  }

  @Test
  void anExpiredCodeIsRefused() throws Exception {
    String phone = newPhone();
    http.post("/auth/otp/request/", "{\"phone\":\"" + phone + "\"}");
    String code = codeTo(phone);
    clock.advance(Duration.ofMinutes(6));
    try {
      assertProblem(verify(phone, code), 400, "otp_expired");
    } finally {
      clock.advance(Duration.ofMinutes(-6));
    }
  }

  @Test
  void malformedInputGetsTypedErrors() throws Exception {
    assertProblem(
        http.post("/auth/otp/request/", "{\"phone\":\"not a phone\"}"), 400, "invalid_phone");
    assertProblem(
        http.post("/auth/otp/request/", "{\"phone\":\"+14155550100\",\"email\":\"a@example.com\"}"),
        400,
        "invalid_destination");
    assertProblem(
        http.post("/auth/otp/request/", "{\"phone\":\"+14155550100\",\"purpose\":\"teleport\"}"),
        400,
        "invalid_purpose");
    assertProblem(
        http.post("/auth/otp/verify/", "{\"phone\":\"+14155550100\",\"code\":\"12ab56\"}"),
        400,
        "invalid_code_format");
    assertProblem(
        http.post("/auth/otp/verify/", "{\"phone\":\"+14155550100\",\"code\":123456}"),
        400,
        "invalid_field");
  }
}
