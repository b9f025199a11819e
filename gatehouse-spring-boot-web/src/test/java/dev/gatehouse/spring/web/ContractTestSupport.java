package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.sms.SmsSender.SmsMessage;
import dev.gatehouse.spring.web.Http.Reply;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.CapturingSmsSender;
import dev.gatehouse.testing.MutableClock;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The contract served by {@link TestHost} on a random port, and the steps most tests share. */
@SpringBootTest(
    classes = TestHost.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "gatehouse.http.enabled=true")
abstract class ContractTestSupport {
  static final String PASSWORD = "correct horse battery staple";

  @LocalServerPort int port;
  @Autowired CapturingEmailSender email;
  @Autowired MutableClock clock;
  @Autowired Gatehouse gatehouse;
  @Autowired CapturingSmsSender sms;
  @Autowired dev.gatehouse.jpa.JpaAuthStore jpaStore;
  Http http;

  @BeforeEach
  void client() {
    http = new Http(port);
  }

  /** The last email to an address, after sending what the outbox holds. */
  java.util.Optional<EmailMessage> mailTo(String address) {
    gatehouse.deliverPending();
    return email.lastTo(address);
  }

  /** The last SMS to a number, after sending what the outbox holds. */
  java.util.Optional<SmsMessage> smsTo(String phone) {
    gatehouse.deliverPending();
    return sms.lastTo(phone);
  }

  /** The contract's base path in this test's context. */
  String base() {
    return "/auth";
  }

  private static final java.util.concurrent.atomic.AtomicInteger PHONES =
      new java.util.concurrent.atomic.AtomicInteger(1000);

  /**
   * A phone number no other test in this JVM has used: every contract test draws from this one
   * counter, because the flavours share stores and a number two tests pick collides as phone_taken.
   */
  static String newPhone() {
    return "+1415555" + String.format("%04d", PHONES.getAndIncrement());
  }

  static String newEmail() {
    return "ann." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  static String tokenIn(EmailMessage m) {
    Matcher x = Pattern.compile("token=([A-Za-z0-9_-]+)").matcher(m.textBody());
    assertThat(x.find()).as("a link with a token in %s", m.subject()).isTrue();
    return x.group(1);
  }

  /** Registers and confirms an account over HTTP; returns its email. */
  String confirmedAccount() throws Exception {
    String address = newEmail();
    assertThat(
            http.post(base() + "/register/", json("email", address, "password", PASSWORD)).status())
        .isEqualTo(201);
    String token = tokenIn(mailTo(address).orElseThrow());
    assertThat(
            http.post(base() + "/registration/account-confirmation-email/", json("token", token))
                .status())
        .isEqualTo(200);
    return address;
  }

  /** Logs a fresh confirmed account in over HTTP (web client). */
  Reply login() throws Exception {
    Reply r =
        http.post(
            base() + "/login/basic/", json("email", confirmedAccount(), "password", PASSWORD));
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    return r;
  }

  /**
   * A superuser's impersonation of {@code user} over HTTP (a fresh superuser, a reason): the
   * impersonation's access token, whose claims carry {@code act}.
   */
  String impersonation(UUID user) throws Exception {
    String address = confirmedAccount();
    UUID admin = gatehouse.accounts().findByEmail(address).orElseThrow().id();
    jpaStore.inTransaction(
        tx ->
            tx.users()
                .update(
                    tx.users().findByPublicId(admin).orElseThrow().toBuilder()
                        .superuser(true)
                        .build()));
    String superuser =
        http.post(base() + "/login/basic/", json("email", address, "password", PASSWORD))
            .text("access");
    Reply r =
        http.post(
            base() + "/admin/users/" + user + "/impersonate/",
            json("reason", "ticket 73"),
            superuser);
    assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    return r.text("access");
  }

  /** Asserts an RFC 9457 problem with the given status and code. */
  static void assertProblem(Reply r, int status, String code) {
    assertThat(r.status()).as(r.raw().body()).isEqualTo(status);
    assertThat(r.contentType()).startsWith("application/problem+json");
    assertThat(r.text("code")).isEqualTo(code);
    assertThat(r.text("type")).isEqualTo("https://gatehouse.dev/problems/" + code);
    assertThat(r.text("title")).isNotBlank();
    assertThat(r.json().get("status").asInt()).isEqualTo(status);
    assertThat(r.text("detail")).isNotBlank();
    // 401 means only "your token is missing or invalid", and only a 401 challenges for it.
    if (status == 401) {
      assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
    } else {
      assertThat(r.header("WWW-Authenticate")).as("WWW-Authenticate on a %d", status).isNull();
    }
  }
}
