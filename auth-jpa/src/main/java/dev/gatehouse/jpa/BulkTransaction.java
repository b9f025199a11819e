package dev.gatehouse.jpa;

import dev.gatehouse.core.store.DuplicateKeyException;
import dev.gatehouse.core.store.StoreTransaction;

/**
 * A {@link StoreTransaction} of {@link JpaAuthStore#inBulkTransaction}, for writers that keep their
 * own bookkeeping entities beside Gatehouse's values (the importer's run, batch and mapping rows).
 * Core never sees this type: it speaks to the value stores only. Confined to one thread.
 */
public interface BulkTransaction extends StoreTransaction {

  /**
   * Stores a new entity of a class in the persistence unit, written at the next flush.
   *
   * @param entity a new, unsaved entity
   */
  void insert(Object entity);

  /**
   * Writes pending changes now, so unique-index violations surface here.
   *
   * @throws DuplicateKeyException when a unique constraint is violated
   */
  void flush();
}
