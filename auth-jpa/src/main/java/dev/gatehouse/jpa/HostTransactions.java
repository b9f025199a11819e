package dev.gatehouse.jpa;

import static java.util.Objects.requireNonNull;

import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Tells {@link JpaAuthStore} whether the host has a transaction open on the current thread, so
 * Gatehouse's reads and writes join it (same connection, same commit or rollback) instead of
 * opening a transaction of their own.
 *
 * <pre>{@code
 * // A host that manages resource-local EntityManagers itself, one per request:
 * ThreadLocal<EntityManager> requestEm = new ThreadLocal<>();
 * AuthStore store = new JpaAuthStore(emf, entities, HostTransactions.resourceLocal(requestEm::get));
 *
 * // A Jakarta EE host (JTA) with a container-managed, transaction-scoped EntityManager:
 * AuthStore store = new JpaAuthStore(emf, entities, HostTransactions.jta(em, synchronizationRegistry));
 * }</pre>
 *
 * <p>When {@link #current()} is empty, Gatehouse opens and commits its own transaction, as it does
 * with {@link #none()}. Implementations are thread-safe; each call answers for the calling thread.
 */
@FunctionalInterface
public interface HostTransactions {

  /**
   * @return the host's transaction open on this thread, or empty when there is none
   */
  Optional<HostTransaction> current();

  /**
   * Never joins: every Gatehouse flow runs in a transaction of its own. The choice for a host that
   * wants Gatehouse's work committed regardless of its own, and the default of {@link
   * JpaAuthStore#JpaAuthStore(jakarta.persistence.EntityManagerFactory,
   * dev.gatehouse.core.entity.EntityClasses)}.
   *
   * @return the strategy that never joins
   */
  static HostTransactions none() {
    return Optional::empty;
  }

  /**
   * Joins the host's resource-local transaction: Gatehouse works in the entity manager that {@code
   * currentEntityManager} returns whenever that manager is open and its transaction is active. The
   * end of the transaction is observed through Hibernate's transaction synchronisation, so it works
   * whoever calls {@code commit()} (the host, or a framework's transaction manager).
   *
   * @param currentEntityManager returns the host's entity manager for this thread, or {@code null}
   * @return the strategy
   */
  static HostTransactions resourceLocal(@Nullable Supplier<EntityManager> currentEntityManager) {
    requireNonNull(currentEntityManager, "currentEntityManager");
    return () -> {
      EntityManager em = currentEntityManager.get();
      if (em == null || !em.isOpen() || !em.getTransaction().isActive()) {
        return Optional.empty();
      }
      return Optional.of(new JoinedTransactions.ResourceLocal(em));
    };
  }

  /**
   * Joins the host's JTA transaction: when the registry reports an active (or rollback-only)
   * transaction, Gatehouse works in {@code transactionScopedEntityManager} (a container-managed
   * entity manager that follows the current JTA transaction) and learns of the outcome through an
   * interposed synchronisation.
   *
   * @param transactionScopedEntityManager the container's transaction-scoped entity manager
   * @param registry the container's synchronisation registry
   * @return the strategy
   */
  static HostTransactions jta(
      EntityManager transactionScopedEntityManager, TransactionSynchronizationRegistry registry) {
    requireNonNull(transactionScopedEntityManager, "transactionScopedEntityManager");
    requireNonNull(registry, "registry");
    return () -> {
      int status = registry.getTransactionStatus();
      // A transaction already marked rollback-only is still the host's: joining it keeps
      // Gatehouse's work from committing on its own while the host's is doomed.
      if (status != Status.STATUS_ACTIVE && status != Status.STATUS_MARKED_ROLLBACK) {
        return Optional.empty();
      }
      return Optional.of(new JoinedTransactions.Jta(transactionScopedEntityManager, registry));
    };
  }

  /**
   * One transaction the host has open on the current thread, as seen by {@link JpaAuthStore}: the
   * entity manager that works in it, and the hooks Gatehouse needs to act at its end.
   *
   * <p>Implementations come from {@link HostTransactions}; the Spring Boot starter supplies one
   * over Spring's transaction synchronisation. Confined to the thread that owns the transaction.
   */
  public interface HostTransaction {

    /**
     * @return the entity manager joined to the host's transaction; Gatehouse reads and writes
     *     through it, so its work commits or rolls back with the host's
     */
    EntityManager entityManager();

    /**
     * Registers {@code callback} to run once the host's transaction has ended, with {@code true}
     * when it committed and {@code false} when it rolled back. Gatehouse uses it to publish events
     * and wake the delivery dispatcher only after a commit.
     *
     * @param callback called on the thread that ends the transaction; must not throw
     */
    void afterCompletion(Consumer<Boolean> callback);

    /**
     * Marks the host's transaction so it can only roll back. Gatehouse calls it when one of its
     * flows failed after writing, because the partial writes cannot be undone separately.
     */
    void setRollbackOnly();
  }
}
