package dev.gatehouse.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.testing.InMemoryAuthStore;
import dev.gatehouse.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The one schedule runs the modules' and the host's cleanup tasks with Gatehouse's own. */
class ScheduledCleanupTest {
  private final MutableClock clock = MutableClock.at(Instant.parse("2026-11-28T10:00:00Z"));
  private final Gatehouse gatehouse =
      Gatehouse.builder(
              GatehouseConfig.builder()
                  .clock(clock)
                  .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
                  .set(
                      GatehouseConfig.FRONTEND_URL, java.net.URI.create("https://app.example.test"))
                  .build(),
              new InMemoryAuthStore())
          .build();

  @Test
  void aRunRunsEveryTaskInOrderAtGatehousesTimeAndCountsWhatTheyDeleted() {
    List<String> ran = new CopyOnWriteArrayList<>();
    CleanupTask first =
        now -> {
          ran.add("first at " + now);
          return 3;
        };
    CleanupTask second =
        now -> {
          ran.add("second at " + now);
          return 4;
        };
    ScheduledCleanup cleanup =
        new ScheduledCleanup(gatehouse, Duration.ofHours(1), List.of(first, second));
    clock.advance(Duration.ofMinutes(5));

    assertThat(cleanup.run()).isEqualTo(7);
    assertThat(ran)
        .containsExactly("first at 2026-11-28T10:05:00Z", "second at 2026-11-28T10:05:00Z");
  }
}
