package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.spring.web.FaultHost.FaultDatabase;
import dev.gatehouse.spring.web.Http.Reply;
import dev.gatehouse.testing.CapturingEmailSender;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The contract served by {@link FaultHost} on a random port, and the steps its tests share. */
@SpringBootTest(
    classes = FaultHost.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "gatehouse.http.enabled=true")
abstract class FaultTestSupport {
  static final String PASSWORD = "correct horse battery staple";

  @LocalServerPort int port;
  @Autowired CapturingEmailSender email;
  @Autowired Gatehouse gatehouse;
  @Autowired FaultDatabase db;
  Http http;

  @BeforeEach
  void client() {
    http = new Http(port);
  }

  static String newEmail() {
    return "f." + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
  }

  /** Registers and confirms a fresh account over HTTP; answers its email. */
  String confirmedAccount() throws Exception {
    String address = newEmail();
    assertThat(http.post("/auth/register/", json("email", address, "password", PASSWORD)).status())
        .isEqualTo(201);
    gatehouse.deliverPending();
    Matcher token =
        Pattern.compile("token=([A-Za-z0-9_-]+)")
            .matcher(email.lastTo(address).orElseThrow().textBody());
    assertThat(token.find()).isTrue();
    assertThat(
            http.post(
                    "/auth/registration/account-confirmation-email/", json("token", token.group(1)))
                .status())
        .isEqualTo(200);
    return address;
  }

  /** Logs an account in over HTTP (web client), asserting it succeeds. */
  Reply login(String address) throws Exception {
    Reply login = http.post("/auth/login/basic/", json("email", address, "password", PASSWORD));
    assertThat(login.status()).as(login.raw().body()).isEqualTo(200);
    return login;
  }

  /**
   * An answer as the tests count it: {@code 200}, {@code 201}, or the status and problem code of
   * anything else ({@code 503 storage_failed} is the typed answer of a database that is away).
   */
  static String outcome(Reply r) {
    if (r.status() == 200 || r.status() == 201) {
      return String.valueOf(r.status());
    }
    return r.status() + " " + r.text("code");
  }
}
