package dev.gatehouse.testing;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Clock} that stands still until a test moves it, so expiry and cooldowns are tested
 * without sleeping:
 *
 * <pre>{@code
 * MutableClock clock = MutableClock.at(Instant.parse("2026-01-01T00:00:00Z"));
 * clock.advance(Duration.ofMinutes(5));
 * }</pre>
 *
 * Thread-safe.
 */
public final class MutableClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /**
   * @param start the first instant the clock shows
   * @return a clock in UTC
   */
  public static MutableClock at(Instant start) {
    return new MutableClock(new AtomicReference<>(requireNonNull(start, "start")), ZoneOffset.UTC);
  }

  /**
   * Moves the clock forward (or back, for a negative amount).
   *
   * @param amount how far
   */
  public void advance(Duration amount) {
    requireNonNull(amount, "amount");
    now.updateAndGet(i -> i.plus(amount));
  }

  /**
   * @param instant the instant the clock shows from now on
   */
  public void set(Instant instant) {
    now.set(requireNonNull(instant, "instant"));
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new MutableClock(now, zone);
  }

  @Override
  public Instant instant() {
    return now.get();
  }
}
