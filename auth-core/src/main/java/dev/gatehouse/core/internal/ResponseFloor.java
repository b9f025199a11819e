package dev.gatehouse.core.internal;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * Makes two paths of one flow answer in the same time when their work cannot be the same: a
 * registration for a new address writes the account before it answers, one for an address that has
 * an account writes nothing, and both must answer alike (issue 36, finding 2). Each path's recent
 * durations are kept apart (the last {@value #WINDOW} of each); an answer is held until the slower
 * path's 90th percentile has passed since the flow started. Keeping the paths apart means a burst
 * of requests down one path (an attacker probing addresses) cannot lower the floor the other path
 * sets. Thread-safe. Internal: not API.
 */
public final class ResponseFloor {
  private static final int WINDOW = 32;

  private final LongSupplier ticker;
  private final LongConsumer sleeper;
  private final long[][] recent = new long[2][WINDOW];
  private final int[] count = new int[2];

  /** Real time: {@link System#nanoTime()}, parking the thread. */
  public ResponseFloor() {
    this(System::nanoTime, ResponseFloor::park);
  }

  /**
   * @param ticker nanoseconds from an arbitrary origin
   * @param sleeper holds the calling thread for the given nanoseconds
   */
  public ResponseFloor(LongSupplier ticker, LongConsumer sleeper) {
    this.ticker = requireNonNull(ticker, "ticker");
    this.sleeper = requireNonNull(sleeper, "sleeper");
  }

  /** {@return the start of a flow, to pass to {@link #pad}} */
  public long start() {
    return ticker.getAsLong();
  }

  /**
   * Records how long this call's path took and holds the thread until the floor has passed since
   * {@code started}.
   *
   * @param started what {@link #start} answered
   * @param slowPath which of the two paths ran ({@code true}: the one that does more work)
   */
  public void pad(long started, boolean slowPath) {
    long took = ticker.getAsLong() - started;
    long floor = record(slowPath ? 1 : 0, took);
    if (took < floor) {
      sleeper.accept(floor - took);
    }
  }

  /** Records a duration and answers the floor: the larger of the two paths' 90th percentiles. */
  private synchronized long record(int path, long took) {
    recent[path][count[path] % WINDOW] = took;
    count[path]++;
    return Math.max(percentile90(0), percentile90(1));
  }

  private long percentile90(int path) {
    int n = Math.min(count[path], WINDOW);
    if (n == 0) {
      return 0;
    }
    long[] sorted = Arrays.copyOf(recent[path], n);
    Arrays.sort(sorted);
    return sorted[Math.min(n - 1, (int) Math.ceil(0.9 * n) - 1)];
  }

  private static void park(long nanos) {
    long until = System.nanoTime() + nanos;
    for (long left = nanos; left > 0; left = until - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }
}
