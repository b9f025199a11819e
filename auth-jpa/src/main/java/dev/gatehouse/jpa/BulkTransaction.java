package dev.gatehouse.jpa;

import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import dev.gatehouse.core.store.UserRecord;
import java.time.Instant;
import java.util.List;

/**
 * A {@link StoreTransaction} of {@link JpaAuthStore#inBulkTransaction}, for writers that keep their
 * own bookkeeping tables beside Gatehouse's values (the importer's run, batch and mapping rows,
 * through {@link #onConnection}). Core never sees this type: it speaks to the value stores only.
 * Confined to one thread.
 */
public interface BulkTransaction extends StoreTransaction {

  /**
   * Writes pending changes now, so unique-index violations surface here.
   *
   * @throws DuplicateKeyException when a unique constraint is violated
   */
  void flush();

  /**
   * Stores new users, each with a default profile of {@code defaultProfileRole} created at {@code
   * now}: the same rows as {@code users().insert} and {@code profiles().create} one by one, written
   * now with one multi-row statement per few hundred users when the host's entities allow it (a
   * database-generated user and profile key, no attributes beyond Gatehouse's), one by one
   * otherwise. The users need no profile or device added in the same transaction before.
   *
   * @param users new users with fresh public ids
   * @param defaultProfileRole the default profile's role
   * @param now the profiles' creation time
   * @throws DuplicateKeyException when a unique constraint is violated
   */
  void insertUsersWithDefaultProfile(
      List<UserRecord> users, String defaultProfileRole, Instant now);

  /**
   * Runs plain JDBC work on this transaction's connection (see {@link
   * JpaConnections#onConnection}), for a writer's own bookkeeping tables.
   *
   * @param work the work
   * @param <T> the result type
   * @return the work's result
   */
  <T> T onConnection(SqlWork<T> work);
}
