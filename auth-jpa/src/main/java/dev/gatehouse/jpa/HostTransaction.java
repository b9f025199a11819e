package dev.gatehouse.jpa;

import jakarta.persistence.EntityManager;
import java.util.function.Consumer;

/**
 * One transaction the host has open on the current thread, as seen by {@link JpaAuthStore}: the
 * entity manager that works in it, and the hooks Gatehouse needs to act at its end.
 *
 * <p>Implementations come from {@link HostTransactions}; the Spring Boot starter supplies one over
 * Spring's transaction synchronisation. Confined to the thread that owns the transaction.
 */
public interface HostTransaction {

  /**
   * @return the entity manager joined to the host's transaction; Gatehouse reads and writes through
   *     it, so its work commits or rolls back with the host's
   */
  EntityManager entityManager();

  /**
   * Registers {@code callback} to run once the host's transaction has ended, with {@code true} when
   * it committed and {@code false} when it rolled back. Gatehouse uses it to publish events and
   * wake the delivery dispatcher only after a commit.
   *
   * @param callback called on the thread that ends the transaction; must not throw
   */
  void afterCompletion(Consumer<Boolean> callback);

  /**
   * Marks the host's transaction so it can only roll back. Gatehouse calls it when one of its flows
   * failed after writing, because the partial writes cannot be undone separately.
   */
  void setRollbackOnly();
}
