package dev.gatehouse.core.flows.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.TestStores;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A request that reaches the host's HTTP layer from a loopback or private-network peer still
 * carrying a forwarded header came through a proxy the host does not trust (issue 54, item 4):
 * every client behind it counts as one network. One WARN per {@code Gatehouse} names the setting to
 * change and no address, and the status reports it from then on; a public peer (a client sending
 * the header itself) reports nothing.
 */
class UntrustedProxyWarningTest {
  private static final Fixtures FIXTURES = new Fixtures();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  @Test
  void forwardedHeadersFromAnUntrustedLocalPeerWarnOnceAndShowInTheStatus() {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(TestStores.provider().kinds().get(0)));
    assertThat(f.gatehouse.status().untrustedProxy()).isFalse();

    String log =
        captured(
            () -> {
              f.gatehouse.forwardedHeaderFrom("203.0.113.7");
              f.gatehouse.forwardedHeaderFrom(null);
              f.gatehouse.forwardedHeaderFrom("not-an-address");
            });
    assertThat(log).doesNotContain("forward");
    assertThat(f.gatehouse.status().untrustedProxy()).as("a public peer").isFalse();

    log =
        captured(
            () -> {
              for (String peer : new String[] {"127.0.0.1", "::1", "10.1.2.3", "192.168.0.9"}) {
                for (int i = 0; i < 20; i++) {
                  f.gatehouse.forwardedHeaderFrom(peer);
                }
              }
            });
    assertThat(log.lines().filter(l -> l.contains("WARN"))).hasSize(1);
    assertThat(log)
        .contains("X-Forwarded-For/Forwarded")
        .contains("server.forward-headers-strategy")
        .doesNotContain("127.0.0.1")
        .doesNotContain("10.1.2.3")
        .doesNotContain("192.168");
    assertThat(f.gatehouse.status().untrustedProxy()).isTrue();

    // Each Gatehouse warns once of its own.
    GatehouseFixture other =
        new GatehouseFixture(FIXTURES.get(TestStores.provider().kinds().get(0)));
    assertThat(other.gatehouse.status().untrustedProxy()).isFalse();
    log = captured(() -> other.gatehouse.forwardedHeaderFrom("fd00::5"));
    assertThat(log.lines().filter(l -> l.contains("WARN"))).hasSize(1);
    assertThat(other.gatehouse.status().untrustedProxy()).isTrue();
  }

  /** What slf4j-simple wrote to stdout and stderr while {@code run} ran. */
  private static String captured(Runnable run) {
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
}
