package dev.gatehouse.spring.boot.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.cohorts.CohortMember;
import dev.gatehouse.cohorts.CohortRule;
import dev.gatehouse.cohorts.CohortService;
import dev.gatehouse.cohorts.CohortSignals;
import dev.gatehouse.cohorts.Cohorts;
import dev.gatehouse.cohorts.Server;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.migration.LegacySyncStatus;
import dev.gatehouse.testing.InMemoryAuthStore;
import dev.gatehouse.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The cut-over by cohort's signals and the sync's as gauges (issue 76, item 5). */
class CohortGaugesTest {
  private final MutableClock clock = MutableClock.at(Instant.parse("2026-05-04T10:00:00Z"));
  private final Gatehouse gatehouse =
      Gatehouse.builder(
              GatehouseConfig.builder()
                  .clock(clock)
                  .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
                  .set(
                      GatehouseConfig.FRONTEND_URL, java.net.URI.create("https://app.example.test"))
                  .build(),
              new InMemoryAuthStore())
          .install(
              new Cohorts(CohortRule.builder().legacyIds("pilot", "1", "2").rest("rest").build()))
          .build();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private CohortGauges gauges;

  private double gauge(String name, String cohort) {
    return registry.get(name).tag("cohort", cohort).gauge().value();
  }

  @Test
  void eachCohortsSignalsAndTheSyncsAreGaugesReadAtMostEveryTenSeconds() {
    AtomicLong backlog = new AtomicLong(7);
    // Held for the whole test: a gauge holds its source weakly (as the host's bean holds it).
    gauges =
        CohortGauges.register(
            gatehouse.feature(CohortSignals.class),
            () -> new LegacySyncStatus.Reading(backlog.get(), Duration.ofSeconds(3), 1),
            clock,
            registry);
    CohortService cohorts = gatehouse.feature(CohortService.class);
    cohorts.assign(CohortMember.of("1", null));
    cohorts.assign(CohortMember.of("9", null));
    cohorts.signInAnswered(CohortMember.of("1", null), Server.LEGACY, true);
    cohorts.signInAnswered(CohortMember.of("1", null), Server.LEGACY, false);

    assertThat(gauge("gatehouse.cohorts.users", "pilot")).isEqualTo(1);
    assertThat(gauge("gatehouse.cohorts.users", "rest")).isEqualTo(1);
    assertThat(gauge("gatehouse.cohorts.state", "pilot")).isZero();
    assertThat(
            registry
                .get("gatehouse.cohorts.sign-ins")
                .tags("cohort", "pilot", "system", "legacy", "outcome", "refused")
                .gauge()
                .value())
        .isEqualTo(1);
    assertThat(registry.get("gatehouse.cohorts.sync.backlog").gauge().value()).isEqualTo(7);
    assertThat(registry.get("gatehouse.cohorts.sync.delay").gauge().value()).isEqualTo(3);

    // One read serves every gauge for ten seconds.
    cohorts.assign(CohortMember.of("2", null));
    backlog.set(0);
    clock.advance(Duration.ofSeconds(9));
    assertThat(gauge("gatehouse.cohorts.users", "pilot")).isEqualTo(1);
    assertThat(registry.get("gatehouse.cohorts.sync.backlog").gauge().value()).isEqualTo(7);
    clock.advance(Duration.ofSeconds(1));
    assertThat(gauge("gatehouse.cohorts.users", "pilot")).isEqualTo(2);
    assertThat(registry.get("gatehouse.cohorts.sync.backlog").gauge().value()).isZero();
  }
}
