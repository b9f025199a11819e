package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.spring.web.Http.Reply;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** Sign-in by emailed link over JSON: any device, the login answer, typed refusals. */
@SpringBootTest(
    classes = TestHost.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"gatehouse.http.enabled=true", "gatehouse.magic-link.enabled=true"})
class MagicLinkContractTest extends ContractTestSupport {

  private static String codeIn(EmailMessage m) {
    Matcher x = Pattern.compile("\\n\\s+(\\d{6})\\n").matcher(m.textBody());
    assertThat(x.find()).as("a code in %s", m.subject()).isTrue();
    return x.group(1);
  }

  private Reply request(String address) throws Exception {
    return http.post(base() + "/magic-link/request/", json("email", address));
  }

  @Test
  void theLinkSignsInOnceWithTheLoginAnswerAndItsCodeDiesWithIt() throws Exception {
    String address = confirmedAccount();
    Reply asked = request(address);
    assertThat(asked.status()).as(asked.raw().body()).isEqualTo(200);
    Reply unknown = request(newEmail());
    assertThat(unknown.raw().body()).isEqualTo(asked.raw().body());
    EmailMessage mail = mailTo(address).orElseThrow();
    assertThat(mail.subject()).startsWith("Sign in to");

    Reply in = http.post(base() + "/magic-link/sign-in/", json("token", tokenIn(mail)));
    assertThat(in.status()).as(in.raw().body()).isEqualTo(200);
    assertThat(in.text("token_type")).isEqualTo("Bearer");
    assertThat(http.get("/api/hello/", in.text("access")).status()).isEqualTo(200);
    assertProblem(
        http.post(base() + "/magic-link/sign-in/", json("token", tokenIn(mail))),
        400,
        "invalid_link");
    assertProblem(
        http.post(base() + "/magic-link/code/", json("email", address, "code", codeIn(mail))),
        400,
        "invalid_code");
  }

  @Test
  void theCodeSignsInOnAnotherDevice() throws Exception {
    String address = confirmedAccount();
    request(address);
    String code = codeIn(mailTo(address).orElseThrow());
    Reply in = http.post(base() + "/magic-link/code/", json("email", address, "code", code));
    assertThat(in.status()).as(in.raw().body()).isEqualTo(200);
    assertThat(http.get("/api/hello/", in.text("access")).status()).isEqualTo(200);
  }

  @Test
  void badInputIsATypedRefusalWithoutABearerChallenge() throws Exception {
    assertProblem(request("not an address"), 400, "invalid_email");
    assertProblem(
        http.post(base() + "/magic-link/sign-in/", json("token", "forged")), 400, "invalid_link");
    assertProblem(
        http.post(base() + "/magic-link/code/", json("email", newEmail(), "code", "12ab56")),
        400,
        "invalid_code_format");
  }
}
