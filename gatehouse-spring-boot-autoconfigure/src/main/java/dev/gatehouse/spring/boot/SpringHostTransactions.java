package dev.gatehouse.spring.boot;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.jpa.HostTransactions;
import dev.gatehouse.jpa.HostTransactions.HostTransaction;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.Optional;
import java.util.function.Consumer;
import org.hibernate.Session;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * {@link HostTransactions} over Spring's transaction synchronisation: when the calling thread runs
 * inside a Spring-managed transaction ({@code @Transactional}, a {@code TransactionTemplate}) with
 * the JPA transaction manager, Gatehouse works in the entity manager Spring bound to that
 * transaction — the same connection, committed or rolled back with the host's work — and learns of
 * the outcome through a {@link TransactionSynchronization}.
 *
 * <p>Outside a transaction (or with synchronisation off) {@link #current()} is empty and Gatehouse
 * opens a transaction of its own. Thread-safe; each call answers for the calling thread.
 */
final class SpringHostTransactions implements HostTransactions {
  private final EntityManagerFactory emf;

  SpringHostTransactions(EntityManagerFactory emf) {
    this.emf = requireNonNull(emf, "emf");
  }

  @Override
  public Optional<HostTransaction> current() {
    if (!TransactionSynchronizationManager.isActualTransactionActive()
        || !TransactionSynchronizationManager.isSynchronizationActive()) {
      return Optional.empty();
    }
    EntityManager em = EntityManagerFactoryUtils.getTransactionalEntityManager(emf);
    if (em == null) {
      return Optional.empty();
    }
    return Optional.of(new Joined(em, emf));
  }

  @Override
  public String toString() {
    return "SpringHostTransactions";
  }

  /** The Spring transaction open on this thread. Confined to that thread. */
  private static final class Joined implements HostTransaction {
    private final EntityManager em;
    private final EntityManagerFactory emf;

    Joined(EntityManager em, EntityManagerFactory emf) {
      this.em = em;
      this.emf = emf;
    }

    @Override
    public EntityManager entityManager() {
      return em;
    }

    @Override
    public void afterCompletion(Consumer<Boolean> callback) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
              callback.accept(status == STATUS_COMMITTED);
            }
          });
    }

    /**
     * Marks the transaction rollback-only where Spring's transaction managers look: the JPA
     * transaction manager asks the entity manager's transaction (through Hibernate, which also
     * reaches a JTA transaction), and the resource holder's flag is set as well.
     */
    @Override
    public void setRollbackOnly() {
      if (TransactionSynchronizationManager.getResource(emf)
          instanceof EntityManagerHolder holder) {
        holder.setRollbackOnly();
      }
      em.unwrap(Session.class).getTransaction().setRollbackOnly();
    }
  }
}
