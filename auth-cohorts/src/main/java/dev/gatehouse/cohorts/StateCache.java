package dev.gatehouse.cohorts;

import dev.gatehouse.cohorts.CohortService.CohortStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The cohorts' states as this instance last read them, read again once {@code refresh} has passed
 * on the clock: so a step taken on another instance holds here within {@code refresh}, and every
 * decision between two reads costs no query. A step taken here replaces its cohort's state at once.
 * Thread-safe: the snapshot is immutable and swapped whole.
 */
final class StateCache {
  private record Snapshot(Map<String, CohortStatus> states, Instant readAt) {}

  private final Clock clock;
  private final Duration refresh;
  private final Supplier<Map<String, CohortStatus>> reader;
  private volatile @Nullable Snapshot snapshot;

  StateCache(Clock clock, Duration refresh, Supplier<Map<String, CohortStatus>> reader) {
    this.clock = clock;
    this.refresh = refresh;
    this.reader = reader;
  }

  /** Every moved cohort's state, read again when the last read is {@code refresh} old. */
  Map<String, CohortStatus> current() {
    Instant now = clock.instant();
    Snapshot s = snapshot;
    if (s == null || !now.isBefore(s.readAt().plus(refresh))) {
      // Two threads may both read at the turn; both answers are the database's, either may stay.
      s = new Snapshot(Map.copyOf(reader.get()), now);
      snapshot = s;
    }
    return s.states();
  }

  /** A step this instance wrote: its cohort's state holds here from now on. */
  synchronized void written(CohortStatus status) {
    Snapshot s = snapshot;
    if (s == null) {
      return;
    }
    Map<String, CohortStatus> states = new HashMap<>(s.states());
    states.put(status.cohort(), status);
    snapshot = new Snapshot(Map.copyOf(states), s.readAt());
  }
}
