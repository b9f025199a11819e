package dev.gatehouse.imports.internal;

import dev.gatehouse.imports.ImportRunInProgressException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.LockModeType;
import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.PessimisticLockException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;

/**
 * Holds the source's row of {@code gh_import_lock} locked, in a transaction of its own that writes
 * nothing, for as long as a run of the source lasts. A second run of the same source does not wait:
 * it fails with {@link ImportRunInProgressException}. The lock lives with the database connection,
 * so a process killed mid-run releases it and the next run resumes as before. Internal: not API.
 */
public final class RunLock implements AutoCloseable {
  private static final Map<String, Object> NO_WAIT = Map.of("jakarta.persistence.lock.timeout", 0);

  private final EntityManager em;

  private RunLock(EntityManager em) {
    this.em = em;
  }

  /**
   * Locks the source's row, creating it first if needed.
   *
   * @throws ImportRunInProgressException when another run of the source holds it
   */
  public static RunLock acquire(EntityManagerFactory emf, String sourceName, Clock clock) {
    ensureRow(emf, sourceName, clock);
    EntityManager em = emf.createEntityManager();
    try {
      em.getTransaction().begin();
      em.find(ImportLockRow.class, sourceName, LockModeType.PESSIMISTIC_WRITE, NO_WAIT);
      return new RunLock(em);
    } catch (PersistenceException e) {
      release(em);
      if (!isLockConflict(e)) {
        throw e;
      }
      throw inProgress(emf, sourceName);
    } catch (RuntimeException e) {
      release(em);
      throw e;
    }
  }

  private static void ensureRow(EntityManagerFactory emf, String sourceName, Clock clock) {
    EntityManager em = emf.createEntityManager();
    try {
      em.getTransaction().begin();
      if (em.find(ImportLockRow.class, sourceName) == null) {
        em.persist(new ImportLockRow(sourceName, clock.instant()));
      }
      em.getTransaction().commit();
    } catch (PersistenceException e) {
      // Created by a concurrent first run of the source in the meantime (or locked by it).
    } finally {
      release(em);
    }
  }

  private static boolean isLockConflict(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof PessimisticLockException || t instanceof LockTimeoutException) {
        return true;
      }
      if (t instanceof SQLException s) {
        String state = s.getSQLState();
        // PostgreSQL lock_not_available; H2 lock timeout; MariaDB lock wait timeout / NOWAIT.
        if ("55P03".equals(state)
            || "HYT00".equals(state)
            || s.getErrorCode() == 1205
            || s.getErrorCode() == 3572
            || s.getErrorCode() == 50200) {
          return true;
        }
      }
    }
    return false;
  }

  private static ImportRunInProgressException inProgress(
      EntityManagerFactory emf, String sourceName) {
    EntityManager em = emf.createEntityManager();
    try {
      return em.createQuery(
              "select r from GatehouseImportRun r where r.sourceName = :s and r.status = 'RUNNING'"
                  + " order by r.startedAt desc",
              ImportRunRow.class)
          .setParameter("s", sourceName)
          .setMaxResults(1)
          .getResultStream()
          .findFirst()
          .map(r -> new ImportRunInProgressException(sourceName, r.id(), r.startedAt()))
          .orElseGet(() -> new ImportRunInProgressException(sourceName, "(starting)", null));
    } finally {
      em.close();
    }
  }

  private static void release(EntityManager em) {
    try {
      if (em.getTransaction().isActive()) {
        em.getTransaction().rollback();
      }
    } finally {
      em.close();
    }
  }

  /** Releases the lock (the transaction wrote nothing and is rolled back). */
  @Override
  public void close() {
    release(em);
  }
}
