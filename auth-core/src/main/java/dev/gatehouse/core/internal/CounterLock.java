package dev.gatehouse.core.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.signin.Counters;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import java.time.Duration;
import java.time.Instant;

/**
 * A lock on one subject, held as a counter row: concurrent requests for the subject queue on the
 * row, each in its own transaction, so the second sees what the first committed. The row is created
 * once ({@link #create}), in a transaction of its own so that a creation race ends in a duplicate
 * key rather than in a deadlock; a transaction then takes it as its first statement ({@link
 * #take}), before any read, so that even under REPEATABLE READ it reads after the holder before it.
 *
 * @param key the row's key, of a counter whose use is {@link Counters.Use#LOCK}
 */
public record CounterLock(String key) {
  /** The window of a lock row: its count means nothing, so it never needs to restart. */
  private static final Duration FOREVER = Duration.ofDays(36500);

  /**
   * @param counter a counter of the catalogue used as a lock
   * @param parts what the lock is on, as the counter's Javadoc names them
   * @return the lock
   * @throws IllegalArgumentException when the counter is not a lock
   */
  public static CounterLock of(Counters counter, Object... parts) {
    if (counter.use() != Counters.Use.LOCK) {
      throw new IllegalArgumentException(counter + " is a " + counter.use() + ", not a lock");
    }
    return new CounterLock(counter.key(parts));
  }

  /** Checks the key. */
  public CounterLock {
    requireNonNull(key, "key");
  }

  /**
   * Makes sure the row exists, in a transaction of its own; a concurrent creation is fine.
   *
   * @param store the store
   * @param now the current time
   */
  public void create(AuthStore store, Instant now) {
    try {
      store.inTransaction(tx -> tx.counters().increment(key, now, FOREVER));
    } catch (DuplicateKeyException e) {
      // A concurrent request created the row first; it exists now.
    }
  }

  /**
   * Takes the lock for the rest of {@code tx}: call it as the transaction's first statement.
   *
   * @param tx the transaction
   * @param now the current time
   */
  public void take(StoreTransaction tx, Instant now) {
    tx.counters().lock(key, now);
  }
}
