package dev.gatehouse.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The registration's response floor (issue 36, finding 2), on a hand-moved ticker: a call down the
 * fast path answers when the slow path would, and a burst down one path cannot lower the floor the
 * other sets.
 */
class ResponseFloorTest {
  private long now;
  private final List<Long> held = new ArrayList<>();
  private final ResponseFloor floor =
      new ResponseFloor(
          () -> now,
          nanos -> {
            held.add(nanos);
            now += nanos;
          });

  /** One call that works {@code nanos} down a path; answers how long it took with the hold. */
  private long call(long nanos, boolean slowPath) {
    long started = floor.start();
    now += nanos;
    floor.pad(started, slowPath);
    return now - started;
  }

  @Test
  void aFastPathAnswersWhenTheSlowPathWould() {
    assertThat(call(30, true)).isEqualTo(30);
    assertThat(call(10, false)).isEqualTo(30);
    assertThat(call(12, false)).isEqualTo(30);
    assertThat(held).containsExactly(20L, 18L);
  }

  @Test
  void aBurstDownTheFastPathDoesNotLowerTheFloor() {
    for (int i = 0; i < 5; i++) {
      call(30, true);
    }
    for (int i = 0; i < 500; i++) {
      assertThat(call(10, false)).as("fast call %d", i).isEqualTo(30);
    }
  }

  @Test
  void theSlowestPathIsNeverHeld() {
    call(10, false);
    assertThat(call(40, true)).isEqualTo(40);
    assertThat(held).isEmpty();
    // Slower than its own recent 90th percentile: answered at once too.
    assertThat(call(55, true)).isEqualTo(55);
    assertThat(held).isEmpty();
  }

  @Test
  void theFloorFollowsTheSlowPathsNinetiethPercentileNotItsWorstOutlier() {
    for (int i = 0; i < 31; i++) {
      call(30, true);
    }
    // One pause in 32 (a collector, a lock wait) does not hold every later answer that long.
    call(900, true);
    assertThat(call(10, false)).isEqualTo(30);
  }
}
