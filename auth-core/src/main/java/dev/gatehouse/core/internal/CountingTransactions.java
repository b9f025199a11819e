package dev.gatehouse.core.internal;

import dev.gatehouse.core.error.AuthException.StorageConflictException;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.StoreTransaction;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * The side transactions in which the throttles count: Gatehouse's own ({@link
 * AuthStore#inNewTransaction}, never joined to the host's, so a host rollback cannot give an
 * attempt back), run again when the database ends one in a conflict.
 *
 * <p>Why again: a throttle that refuses by throwing inside its transaction rolls it back whole, and
 * on InnoDB a rolled-back counter row that the transaction had just created deadlocks the
 * transactions waiting for it (error 1213). The conflict ended the transaction whole, so nothing of
 * it counted and running it again is safe; before that, the counters' missing rows are created in a
 * transaction of their own that commits ({@link StoreTransaction#prepareCounters}), so the next run
 * only updates them. Bounded: a conflict that persists surfaces as {@code storage_failed}.
 *
 * <p>Stateless; thread-safe.
 */
public final class CountingTransactions {
  /** How often a side transaction is run when the database keeps ending it in a conflict. */
  static final int CONFLICT_ATTEMPTS = 3;

  private CountingTransactions() {}

  /**
   * Runs {@code work} in a transaction of Gatehouse's own, committed when it returns, and from its
   * start again after a {@link StorageConflictException}.
   *
   * @param store the store
   * @param keys the counters {@code work} increments (and may create), or none; read only after a
   *     conflict, so {@code work} may fill in the ones it learns while it runs
   * @param now the current time, for the rows created; may be {@code null} without keys
   * @param work what to do; may run up to three times, so it must not act outside the transaction
   * @param <T> the result type
   * @return what {@code work} returned
   * @throws StorageConflictException when the last attempt also conflicted
   */
  public static <T> T run(
      AuthStore store,
      Collection<String> keys,
      Instant now,
      Function<? super StoreTransaction, ? extends T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return store.inNewTransaction(work);
      } catch (StorageConflictException e) {
        if (attempt >= CONFLICT_ATTEMPTS) {
          throw e;
        }
        if (!keys.isEmpty()) {
          prepare(store, List.copyOf(keys), now);
        }
      }
    }
  }

  /**
   * Runs {@code work} in a transaction of Gatehouse's own, and from its start again after a {@link
   * StorageConflictException} (at most three runs): the outbox's claims and settlements. On a
   * multi-primary cluster (MariaDB Galera) a transaction that writes a row another node committed
   * meanwhile does not wait for a lock but ends in a conflict, having written nothing; run again, a
   * claim finds the message claimed by the other node, and a settlement is written.
   *
   * @param store the store
   * @param work what to do; may run up to three times, so it must not act outside the transaction
   * @param <T> the result type
   * @return what {@code work} returned
   * @throws StorageConflictException when the last attempt also conflicted
   */
  public static <T> T retryingConflicts(
      AuthStore store, Function<? super StoreTransaction, ? extends T> work) {
    return run(store, List.of(), null, work);
  }

  /**
   * Deletes in batches until one deletes fewer rows than {@code batch}: the cleanups' loop. Each
   * batch runs as {@link #retryingConflicts} does, because every instance of the host runs the
   * cleanups: two instances' batches can deadlock on InnoDB, and the one the database ends wrote
   * nothing, so running it again is safe.
   *
   * @param store the store
   * @param batch the most rows one run of {@code work} deletes
   * @param work one batch; answers how many rows it deleted
   * @return how many rows the batches deleted
   */
  public static int deleteInBatches(
      AuthStore store, int batch, Function<? super StoreTransaction, Integer> work) {
    int total = 0;
    int n;
    do {
      n = retryingConflicts(store, work);
      total += n;
    } while (n >= batch);
    return total;
  }

  /**
   * Creates {@code keys}' missing rows in a transaction of its own. It can meet the same rollback
   * of a just-created row as the counting did, so it is tried again as often; if it never commits,
   * the next counting attempt creates the rows itself as before.
   */
  private static void prepare(AuthStore store, List<String> keys, Instant now) {
    for (int attempt = 1; attempt <= CONFLICT_ATTEMPTS; attempt++) {
      try {
        store.inNewTransaction(
            tx -> {
              tx.counters().prepare(keys, now);
              return null;
            });
        return;
      } catch (StorageConflictException again) {
        // Another try; the rows may be there by now.
      }
    }
  }
}
