package dev.gatehouse.core.store;

import java.util.Map;
import java.util.function.Function;

/**
 * The persistence SPI the services use. {@code auth-jpa} implements it; a host normally never calls
 * it directly.
 *
 * <p>Every flow runs its reads and writes inside one {@link #inTransaction} call, so a flow either
 * writes everything or nothing. The operations on {@link StoreTransaction} are shaped by purpose
 * ("consume this code if it is unexpired, unused and under its attempt cap") and each check-and-act
 * is a single atomic statement, so several application instances sharing one database see one
 * truth.
 *
 * <p>Implementations are thread-safe; a {@link StoreTransaction} is confined to the thread that
 * runs the work.
 */
public interface AuthStore {

  /**
   * Runs {@code work} in one database transaction: committed when it returns, rolled back when it
   * throws (the exception is rethrown unchanged if it is unchecked).
   *
   * @param work what to do; must not keep the transaction after returning
   * @param <T> the result type
   * @return what {@code work} returned
   * @throws dev.gatehouse.core.error.AuthException.AuthInfrastructureException when the database
   *     fails
   */
  <T> T inTransaction(Function<? super StoreTransaction, ? extends T> work);

  /**
   * Runs {@code work} in a transaction of its own even when the host has one open on this thread,
   * committed when it returns. For bookkeeping that must not depend on the host's outcome, such as
   * the delivery dispatcher's. The default delegates to {@link #inTransaction}, which is right for
   * a store that never joins a host's transaction.
   *
   * @param work what to do
   * @param <T> the result type
   * @return what {@code work} returned
   */
  default <T> T inNewTransaction(Function<? super StoreTransaction, ? extends T> work) {
    return inTransaction(work);
  }

  /**
   * {@return whether {@link #inTransaction}, called now on this thread, would join a transaction
   * that is already open (the host's, or an enclosing one of the store's own) rather than begin one
   * of its own}
   *
   * <p>A flow that reads in a transaction of its own just before it counts in a side transaction
   * ({@link #inNewTransaction}) reads inside the side transaction instead when this answers {@code
   * false}: one begin and commit fewer. When it answers {@code true} the read stays in the joined
   * transaction, where it sees the host's uncommitted writes.
   *
   * <p>The default answers {@code true}, which leaves every read where {@link #inTransaction} puts
   * it; a store answers {@code false} only when {@link #inTransaction} would begin a transaction of
   * the same kind as {@link #inNewTransaction}.
   */
  default boolean joinsOpenTransaction() {
    return true;
  }

  /**
   * {@return whether a transaction of {@link #inNewTransaction} may read before it counts} A flow
   * reads inside its counting transaction (see {@link #joinsOpenTransaction}) only when this
   * answers {@code true} too.
   *
   * <p>A store answers {@code false} where a read opens a snapshot that the transaction's later
   * writes are checked against, so that a concurrent commit to a counter between the read and the
   * counting fails the counting instead of waiting for it (MariaDB's {@code
   * innodb_snapshot_isolation}, on by default from 11.6.2): there the counting's first statement
   * takes the counter rows, and the read runs in a transaction of its own. The default answers
   * {@code true}.
   */
  default boolean readsBeforeCounting() {
    return true;
  }

  /**
   * Runs {@code action} once the transaction this thread works in has committed: the host's
   * transaction when Gatehouse joined one, Gatehouse's own open {@link #inTransaction} otherwise,
   * and at once when neither is open. Nothing runs when that transaction rolls back. Events and the
   * delivery dispatcher's wake-up go through here, so neither outlives a rolled-back host
   * transaction.
   *
   * <p>The default runs {@code action} at once, which is right for a store whose every {@link
   * #inTransaction} commits before returning.
   *
   * @param action what to run; a failure is logged, never thrown into the committed flow
   */
  default void afterCommit(Runnable action) {
    action.run();
  }

  /**
   * {@return which path each statement the store runs on the host's tables takes, by statement:
   * plain SQL on which table, or JPQL and why, as the store logged it when it resolved the host's
   * mapping} {@code Gatehouse#status()} carries it. The JPA store resolves the mapping here when no
   * transaction did yet. The default answers an empty map: a store without such a choice.
   */
  default Map<String, String> statementPaths() {
    return Map.of();
  }

  /**
   * {@return the {@code path} tag of an observed {@code operation}: how this store runs the
   * statements a {@code GatehouseObserver.ObservedOperation#SIGN_IN} or {@code #REFRESH} makes on
   * the host's tables} The JPA store answers {@code plain} when each of them takes its plain SQL,
   * {@code jpql} otherwise, and {@code unresolved} when the host's mapping could not be resolved
   * (the database unreachable); the in-memory store answers {@code memory}. The default answers
   * {@code other}.
   *
   * @param operation the operation's name, such as {@code gatehouse.sign-in}
   */
  default String statementPath(String operation) {
    return "other";
  }

  /**
   * {@return whether this store keeps social accounts} Social sign-in is refused at build time on a
   * store that answers {@code false} (the JPA store answers {@code true} when the host declared a
   * social-account entity).
   */
  boolean keepsSocialAccounts();
}
