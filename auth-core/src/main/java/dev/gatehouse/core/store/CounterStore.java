package dev.gatehouse.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The counters of one store transaction, each a row keyed by a string that Gatehouse builds in one
 * catalogue: rate limits (a count in a window against a maximum), locks (a row taken to serialise
 * concurrent requests for one subject) and one-time markers (a second increment in the window means
 * "used"). Every operation joins the transaction it came from.
 */
public interface CounterStore {
  /**
   * Adds one to the counter {@code key} in one atomic statement, starting a new window if the
   * current one began more than {@code window} before {@code now}. Concurrent hits on one key are
   * all counted, whichever instance makes them.
   *
   * @param key the bucket, e.g. {@code login:acct:alice@example.com}
   * @param now the current time
   * @param window how long a window lasts
   * @return the count in the current window, including this hit, when the window began and any
   *     lock, as this transaction sees them: the counter stays held by this transaction until it
   *     ends, so a concurrent increment waits and then counts on top of this one
   */
  CounterState increment(String key, Instant now, Duration window);

  /**
   * {@link #increment} of each of {@code keys}, in their order, in one statement where the store
   * can: a counting that holds several buckets at once (an attempt charged to the client's IP and
   * to the account) makes one round trip instead of one per bucket. The rows are taken in the
   * list's order, as the single increments in that order would. The default makes the single
   * increments.
   *
   * @param keys the buckets, distinct: a store may reject a key listed twice with an {@link
   *     IllegalArgumentException} (one statement that names a row twice counts it once or twice
   *     depending on the database)
   * @param now the current time
   * @param window how long a window lasts
   * @return the states, in the order of {@code keys}
   */
  default List<CounterState> incrementAll(List<String> keys, Instant now, Duration window) {
    List<CounterState> states = new ArrayList<>(keys.size());
    for (String key : keys) {
      states.add(increment(key, now, window));
    }
    return states;
  }

  /**
   * Creates the counters that do not exist yet, with no hits and a window starting at {@code now},
   * and leaves existing ones untouched; they are there for everyone once this transaction commits.
   *
   * <p>Gatehouse calls it in a transaction of its own before it runs a counting transaction again
   * that the database ended in a conflict ({@link
   * dev.gatehouse.core.error.AuthException.StorageConflictException}): on InnoDB, a counting
   * transaction that created a row and then rolled back (a refused attempt) leaves the transactions
   * that waited for that row deadlocked on the gap it leaves, and once the rows exist, committed,
   * the next attempt only updates them. The default does nothing, which is right for a store whose
   * counting transactions do not conflict that way.
   *
   * @param keys the buckets about to be incremented
   * @param now the current time
   */
  default void prepare(Collection<String> keys, Instant now) {}

  /**
   * @param key the bucket
   * @return the counter's current state, if it exists
   */
  Optional<CounterState> find(String key);

  /**
   * Locks the counter's subject until {@code until}.
   *
   * @param key the bucket
   * @param until when the lock ends
   */
  void lock(String key, Instant until);

  /**
   * Takes one back from the counter {@code key} in one atomic statement, never below zero: an
   * attempt counted in advance that turned out not to be a failure. Meant for a counter this flow
   * incremented (it exists); a missing counter stays missing.
   *
   * @param key the bucket
   */
  void decrement(String key);

  /**
   * Sets the counter {@code key} back to zero and lifts its lock in one statement, keeping the row
   * for the next increment (a success after an attempt counted in advance). Meant for a counter
   * this flow incremented; a missing counter stays missing.
   *
   * @param key the bucket
   */
  void clear(String key);

  /**
   * {@link #decrement} of {@code decrementKey} and {@link #clear} of {@code clearKey} together, in
   * one round trip where the store can: the settlement of a success after an attempt counted in
   * advance in both buckets. Rows are changed in the order of their keys, as the two calls in that
   * order would, whichever of the two is decremented: two settlements never wait on each other in
   * opposite orders, nor a settlement and a counting of the same two buckets as long as the
   * counting takes them in key order too ({@link #incrementAll} takes them in its list's order, so
   * a caller lists the lower key first). The default makes the two calls in key order.
   *
   * @param decrementKey the bucket to take one back from, or {@code null}
   * @param clearKey the bucket to zero and unlock, or {@code null}
   */
  default void decrementAndClear(@Nullable String decrementKey, @Nullable String clearKey) {
    boolean clearFirst =
        decrementKey == null || (clearKey != null && clearKey.compareTo(decrementKey) < 0);
    if (clearFirst && clearKey != null) {
      clear(clearKey);
    }
    if (decrementKey != null) {
      decrement(decrementKey);
    }
    if (!clearFirst && clearKey != null) {
      clear(clearKey);
    }
  }

  /**
   * Deletes the counter {@code key} (for example after a successful login of that account).
   *
   * @param key the bucket
   */
  void reset(String key);

  /**
   * The state of one counter.
   *
   * @param key the bucket
   * @param count hits in the current window
   * @param windowStart when the current window began
   * @param lockedUntil when a lock ends, or {@code null}
   */
  record CounterState(String key, long count, Instant windowStart, @Nullable Instant lockedUntil) {}
}
