package dev.gatehouse.core.store;

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
   * @throws dev.gatehouse.core.error.AuthInfrastructureException when the database fails
   */
  <T> T inTransaction(Function<? super StoreTransaction, ? extends T> work);

  /** The host's entity classes this store works with. */
  EntityClasses entities();
}
