package dev.gatehouse.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.admin.AdminStatistics;
import dev.gatehouse.admin.Administration;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.testing.InMemoryAuthStore;
import dev.gatehouse.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Today's statistics as gauges, read at most once a minute (issue 61, item 4). */
class StatisticsGaugesTest {
  private final MutableClock clock = MutableClock.at(Instant.parse("2026-05-04T23:58:00Z"));
  private final InMemoryAuthStore store = new InMemoryAuthStore();
  private final Gatehouse gatehouse =
      Gatehouse.builder(
              GatehouseConfig.builder()
                  .clock(clock)
                  .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
                  .set(
                      GatehouseConfig.FRONTEND_URL, java.net.URI.create("https://app.example.test"))
                  .build(),
              store)
          .install(new Administration())
          .build();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private StatisticsGauges gauges;

  private void audited(String event, String method) {
    store.inTransaction(
        tx -> {
          tx.audit()
              .append(
                  new AuditEntry(
                      clock.instant(),
                      event,
                      UUID.randomUUID(),
                      "user",
                      method,
                      null,
                      null,
                      null,
                      null,
                      null));
          return null;
        });
  }

  private double gauge(String name) {
    return registry.get(name).gauge().value();
  }

  @Test
  void theGaugesShowTodaysCountsReadAgainOnlyAfterAMinuteOrOnANewDay() {
    // Held for the whole test: a gauge holds its source weakly (as the host's bean holds it).
    gauges =
        StatisticsGauges.register(
            gatehouse.feature(AdminStatistics.class), gatehouse.config().clock(), registry);
    audited("LoggedIn", "pwd");
    audited("LoggedIn", "otp");
    audited("LoginFailed", "pwd");

    assertThat(gauge("gatehouse.statistics.sign-ins")).isEqualTo(2);
    assertThat(gauge("gatehouse.statistics.sign-in-failures")).isEqualTo(1);
    assertThat(gauge("gatehouse.statistics.lockouts")).isZero();
    assertThat(registry.get("gatehouse.statistics.codes").tag("outcome", "burned").gauge().value())
        .isZero();

    // Within the minute every gauge answers from the one read: a new sign-in is not seen yet.
    audited("LoggedIn", "pwd");
    clock.advance(Duration.ofSeconds(59));
    assertThat(gauge("gatehouse.statistics.sign-ins")).isEqualTo(2);
    clock.advance(Duration.ofSeconds(1));
    assertThat(gauge("gatehouse.statistics.sign-ins")).isEqualTo(3);

    // A new day (UTC) is read at once, and starts from nothing.
    clock.advance(Duration.ofSeconds(30));
    assertThat(gauge("gatehouse.statistics.sign-ins")).isEqualTo(3);
    clock.set(Instant.parse("2026-05-05T00:00:00Z"));
    assertThat(gauge("gatehouse.statistics.sign-ins")).isZero();
    assertThat(gauge("gatehouse.statistics.sign-in-failures")).isZero();
  }
}
