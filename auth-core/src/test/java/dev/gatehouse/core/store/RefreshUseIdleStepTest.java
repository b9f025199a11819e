package dev.gatehouse.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The least move of a stored idle expiry is a hundredth of the idle timeout, exactly as {@link
 * Duration#dividedBy(long)} gives it: the stores compute their conditional update with it, so a
 * rounding of their own would let the Java rule and the SQL disagree about whether to write.
 */
class RefreshUseIdleStepTest {
  @Test
  void theStepIsExactlyAHundredthOfTheIdleTimeout() {
    List<Duration> timeouts =
        List.of(
            Duration.ofDays(30),
            Duration.ofHours(1),
            Duration.ofSeconds(1),
            Duration.ofMillis(1),
            Duration.ofNanos(1),
            Duration.ofNanos(199),
            Duration.ofSeconds(99, 999_999_999),
            Duration.ofSeconds(12_345, 678_901_234),
            Duration.ofDays(365L * 10_000));
    for (Duration timeout : timeouts) {
      SessionStore.RefreshUse use =
          new SessionStore.RefreshUse("a", "b", Instant.EPOCH, timeout, null, null);
      assertThat(use.idleStep()).as("%s", timeout).isEqualTo(timeout.dividedBy(100));
    }
  }
}
