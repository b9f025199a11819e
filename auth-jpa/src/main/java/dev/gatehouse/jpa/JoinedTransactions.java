package dev.gatehouse.jpa;

import dev.gatehouse.jpa.HostTransactions.HostTransaction;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.function.Consumer;
import org.hibernate.Session;

/** The {@link HostTransaction}s behind {@link HostTransactions}' factory methods. */
final class JoinedTransactions {
  private JoinedTransactions() {}

  /** A resource-local transaction observed through Hibernate. */
  static final class ResourceLocal implements HostTransaction {
    private final EntityManager em;

    ResourceLocal(EntityManager em) {
      this.em = em;
    }

    @Override
    public EntityManager entityManager() {
      return em;
    }

    @Override
    public void afterCompletion(Consumer<Boolean> callback) {
      em.unwrap(Session.class).getTransaction().registerSynchronization(synchronization(callback));
    }

    @Override
    public void setRollbackOnly() {
      em.getTransaction().setRollbackOnly();
    }
  }

  /** A JTA transaction observed through the container's registry. */
  static final class Jta implements HostTransaction {
    private final EntityManager em;
    private final TransactionSynchronizationRegistry registry;

    Jta(EntityManager em, TransactionSynchronizationRegistry registry) {
      this.em = em;
      this.registry = registry;
    }

    @Override
    public EntityManager entityManager() {
      return em;
    }

    @Override
    public void afterCompletion(Consumer<Boolean> callback) {
      registry.registerInterposedSynchronization(synchronization(callback));
    }

    @Override
    public void setRollbackOnly() {
      registry.setRollbackOnly();
    }
  }

  private static Synchronization synchronization(Consumer<Boolean> callback) {
    return new Synchronization() {
      @Override
      public void beforeCompletion() {}

      @Override
      public void afterCompletion(int status) {
        callback.accept(status == Status.STATUS_COMMITTED);
      }
    };
  }
}
