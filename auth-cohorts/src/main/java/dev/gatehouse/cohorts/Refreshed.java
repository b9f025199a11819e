package dev.gatehouse.cohorts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A value read from the store as this instance last read it (the cohorts' states, the counts of
 * their accounts), read again once {@code refresh} has passed on the clock: so a step taken on
 * another instance holds here within {@code refresh}, and every decision between two reads costs no
 * query. A change made here replaces the value at once ({@link #update}). Thread-safe: the snapshot
 * is immutable and swapped whole.
 *
 * @param <T> the value, immutable
 */
final class Refreshed<T> {
  private record Snapshot<T>(T value, Instant readAt) {}

  private final Clock clock;
  private final Duration refresh;
  private final Supplier<T> reader;
  private volatile @Nullable Snapshot<T> snapshot;

  Refreshed(Clock clock, Duration refresh, Supplier<T> reader) {
    this.clock = clock;
    this.refresh = refresh;
    this.reader = reader;
  }

  /** The value, read again when the last read is {@code refresh} old. */
  T current() {
    Instant now = clock.instant();
    Snapshot<T> s = snapshot;
    if (s == null || !now.isBefore(s.readAt().plus(refresh))) {
      // Two threads may both read at the turn; both answers are the database's, either may stay.
      s = new Snapshot<>(reader.get(), now);
      snapshot = s;
    }
    return s.value();
  }

  /** A change this instance wrote: it holds here from now on (nothing when nothing was read). */
  synchronized void update(UnaryOperator<T> change) {
    Snapshot<T> s = snapshot;
    if (s != null) {
      snapshot = new Snapshot<>(change.apply(s.value()), s.readAt());
    }
  }
}
