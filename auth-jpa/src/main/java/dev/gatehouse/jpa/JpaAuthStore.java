package dev.gatehouse.jpa;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthInfrastructureException;
import dev.gatehouse.core.error.ConfigurationException;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.DuplicateKeyException;
import dev.gatehouse.core.store.EntityClasses;
import dev.gatehouse.core.store.StoreTransaction;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.metamodel.Metamodel;
import java.util.function.Function;
import org.hibernate.exception.ConstraintViolationException;

/**
 * The JPA implementation of {@link AuthStore}, over a resource-local {@link EntityManagerFactory}
 * (built by {@link GatehouseJpa#bootstrap} or by the host).
 *
 * <p>Thread-safe: each {@link #inTransaction} call opens its own {@link EntityManager}.
 */
public final class JpaAuthStore implements AuthStore {
  private final EntityManagerFactory emf;
  private final EntityClasses entities;
  private final EntityNames names;

  /**
   * @param emf a resource-local factory whose unit contains the host's entities and {@link
   *     GatehouseJpa#libraryEntityClasses()}
   * @param entities the host's entity classes
   * @throws ConfigurationException when the factory does not manage one of the classes
   */
  public JpaAuthStore(EntityManagerFactory emf, EntityClasses entities) {
    this.emf = requireNonNull(emf, "emf");
    this.entities = requireNonNull(entities, "entities");
    Metamodel mm = emf.getMetamodel();
    for (Class<?> c : entities.all()) {
      requireManaged(mm, c);
    }
    for (Class<?> c : GatehouseJpa.libraryEntityClasses()) {
      requireManaged(mm, c);
    }
    this.names = new EntityNames(mm, entities);
  }

  private static void requireManaged(Metamodel mm, Class<?> c) {
    try {
      mm.entity(c);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          "the EntityManagerFactory does not manage "
              + c.getName()
              + "; add it (and GatehouseJpa.libraryEntityClasses()) to the persistence unit",
          e);
    }
  }

  @Override
  public EntityClasses entities() {
    return entities;
  }

  private static final int BULK_JDBC_BATCH = 200;

  @Override
  public <T> T inTransaction(Function<? super StoreTransaction, ? extends T> work) {
    return run(work, FlushModeType.AUTO);
  }

  /**
   * As {@link #inTransaction}, for bulk writers such as the importer: queries inside the
   * transaction do not flush pending changes first (JPA {@link FlushModeType#COMMIT}), so a batch
   * of thousands of rows is not dirty-checked again at every lookup. Rows whose id the database
   * generates are still inserted at once and are visible to later queries of the transaction; a
   * caller that changes an already stored row and then queries for it calls {@link
   * StoreTransaction#flush()} in between. Rows with assigned ids are written in JDBC batches.
   *
   * @param work the work; runs once
   * @param <T> the result type
   * @return the work's result
   */
  public <T> T inBulkTransaction(Function<? super StoreTransaction, ? extends T> work) {
    return run(work, FlushModeType.COMMIT);
  }

  private <T> T run(Function<? super StoreTransaction, ? extends T> work, FlushModeType flush) {
    requireNonNull(work, "work");
    EntityManager em = emf.createEntityManager();
    em.setFlushMode(flush);
    if (flush == FlushModeType.COMMIT) {
      // Rows with assigned ids (bookkeeping rows) go out in JDBC batches at the flush.
      em.unwrap(org.hibernate.Session.class).setJdbcBatchSize(BULK_JDBC_BATCH);
    }
    EntityTransaction tx = em.getTransaction();
    try {
      tx.begin();
      T result = work.apply(new JpaStoreTransaction(em, entities, names));
      tx.commit();
      return result;
    } catch (RuntimeException e) {
      if (tx.isActive()) {
        try {
          tx.rollback();
        } catch (RuntimeException rollbackFailure) {
          e.addSuppressed(rollbackFailure);
        }
      }
      throw translate(e);
    } finally {
      em.close();
    }
  }

  static RuntimeException translate(RuntimeException e) {
    if (e instanceof AuthException) {
      return e;
    }
    ConstraintViolationException cv = cause(e, ConstraintViolationException.class);
    if (cv != null) {
      return new DuplicateKeyException(
          "a unique constraint was violated (" + cv.getConstraintName() + ")", e);
    }
    if (e instanceof PersistenceException || cause(e, java.sql.SQLException.class) != null) {
      return new AuthInfrastructureException(
          "storage_failed", "the database failed: " + e.getClass().getSimpleName(), true, e);
    }
    return e;
  }

  private static <X extends Throwable> X cause(Throwable t, Class<X> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }
}
