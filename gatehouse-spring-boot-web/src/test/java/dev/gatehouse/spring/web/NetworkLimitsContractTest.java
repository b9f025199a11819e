package dev.gatehouse.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.config.ThrottleSettings;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The per-network limit of reset requests and resends over HTTP, behind a proxy the host trusts:
 * with Spring Boot's forwarded-header support on, the servlet container takes the client's address
 * from {@code X-Forwarded-For} of a trusted (here: loopback) proxy, and the limit counts that
 * address; over it the contract answers 429 {@code rate_limited} with {@code Retry-After}, for any
 * address; another client is not affected; requests straight from loopback are counted like any
 * client's (issue 54, item 4), and a trusted proxy's headers are no untrusted proxy.
 */
@TestPropertySource(
    properties = {
      "server.forward-headers-strategy=native",
      "gatehouse.throttle.development.exempt-loopback=false",
      // Its per-address counters would be another loopback-counting class's (TestHostDatabases).
      "test-host.own-database=true"
    })
class NetworkLimitsContractTest extends ContractTestSupport {

  private Http.Reply resetFrom(String client, String address) throws Exception {
    return http.send(
        "POST",
        "/auth/password-reset/request/",
        "{\"email\":\"" + address + "\"}",
        null,
        "X-Forwarded-For",
        client);
  }

  @Test
  void resetRequestsFromOneClientBehindATrustedProxyStopAtTheDefaultLimit() throws Exception {
    int max = gatehouse.config().get(ThrottleSettings.ACCOUNT_MAIL_MAX_PER_IP);
    for (int i = 0; i < max; i++) {
      assertThat(resetFrom("203.0.113.5", newEmail()).status()).isEqualTo(200);
    }
    Http.Reply over = resetFrom("203.0.113.5", newEmail());
    assertProblem(over, 429, "rate_limited");
    assertThat(Integer.parseInt(over.header("Retry-After"))).isBetween(1, 3600);
    Http.Reply resend =
        http.send(
            "POST",
            "/auth/registration/account-confirmation-email/resend/",
            "{\"email\":\"" + confirmedAccount() + "\"}",
            null,
            "X-Forwarded-For",
            "203.0.113.5");
    assertProblem(resend, 429, "rate_limited");

    assertThat(resetFrom("203.0.113.6", newEmail()).status()).as("another client").isEqualTo(200);
    for (int i = 0; i < max; i++) {
      assertThat(http.post("/auth/password-reset/request/", "{\"email\":\"" + newEmail() + "\"}"))
          .extracting(Http.Reply::status)
          .as("straight from loopback")
          .isEqualTo(200);
    }
    assertProblem(
        http.post("/auth/password-reset/request/", "{\"email\":\"" + newEmail() + "\"}"),
        429,
        "rate_limited");
    assertThat(gatehouse.status().untrustedProxy()).as("the proxy is trusted").isFalse();
  }
}
