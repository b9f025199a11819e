package dev.gatehouse.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.config.ThrottleSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A reverse proxy on the same host that the application does not trust (no {@code
 * server.forward-headers-strategy}), as issue 54's item 4 describes it: every request comes from
 * loopback with the client's address in {@code X-Forwarded-For}, which is not believed. The limits
 * still hold (all clients count as the proxy's one network, rather than none being counted), one
 * WARN names the setting to change and no address, and Gatehouse's status reports it.
 */
@TestPropertySource(
    properties = {
      "gatehouse.throttle.development.exempt-loopback=false",
      // It counts loopback's requests up to the limit: no other class may have counted any
      // (TestHostDatabases).
      "test-host.own-database=true"
    })
class UntrustedProxyContractTest extends ContractTestSupport {

  @Test
  void forwardedHeadersFromAnUntrustedLoopbackProxyWarnOnceAndTheLimitsStillHold()
      throws Exception {
    int max = gatehouse.config().get(ThrottleSettings.ACCOUNT_MAIL_MAX_PER_IP);
    assertThat(gatehouse.status().untrustedProxy()).isFalse();
    String log =
        captured(
            () -> {
              for (int i = 0; i < max; i++) {
                // Each "client" claims another address; none is believed.
                Http.Reply r =
                    http.send(
                        "POST",
                        "/auth/password-reset/request/",
                        "{\"email\":\"" + newEmail() + "\"}",
                        null,
                        i % 2 == 0 ? "X-Forwarded-For" : "Forwarded",
                        i % 2 == 0 ? "203.0.113." + (i + 1) : "for=198.51.100." + (i + 1));
                assertThat(r.status()).isEqualTo(200);
              }
              assertProblem(
                  http.send(
                      "POST",
                      "/auth/password-reset/request/",
                      "{\"email\":\"" + newEmail() + "\"}",
                      null,
                      "X-Forwarded-For",
                      "192.0.2.200"),
                  429,
                  "rate_limited");
            });

    assertThat(log.lines().filter(l -> l.contains("WARN") && l.contains("X-Forwarded-For")))
        .hasSize(1);
    assertThat(log)
        .contains("server.forward-headers-strategy")
        .doesNotContain("127.0.0.1")
        .doesNotContain("203.0.113.")
        .doesNotContain("198.51.100.");
    assertThat(gatehouse.status().untrustedProxy()).isTrue();
  }

  /** What the process wrote to stdout and stderr (slf4j-simple) while {@code run} ran. */
  private static String captured(ThrowingRunnable run) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = System.out;
    PrintStream err = System.err;
    PrintStream tee = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    System.setOut(tee);
    System.setErr(tee);
    try {
      run.run();
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private interface ThrowingRunnable {
    void run() throws Exception;
  }
}
