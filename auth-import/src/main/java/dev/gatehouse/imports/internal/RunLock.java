package dev.gatehouse.imports.internal;

import dev.gatehouse.imports.api.ImportRunInProgressException;
import dev.gatehouse.imports.api.ImportRunLockLostException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.LockTimeoutException;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.PessimisticLockException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the source's row of {@code gh_import_lock} locked, in a transaction of its own that writes
 * nothing, for as long as a run of the source lasts. A second run of the same source does not wait:
 * it fails with {@link ImportRunInProgressException}. The lock lives with the database connection,
 * so a process killed mid-run releases it and the next run resumes as before. For the same reason a
 * server that ends the idle connection (an idle or idle-in-transaction timeout, a killed session)
 * releases it under a live run: {@link #verifyHeld} tells, and the run checks it before each batch
 * commits. Not thread-safe (one run's thread). Internal: not API.
 */
public final class RunLock implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RunLock.class);

  private final EntityManager em;
  private final LedgerSql sql;
  private final String sourceName;

  private RunLock(EntityManager em, LedgerSql sql, String sourceName) {
    this.em = em;
    this.sql = sql;
    this.sourceName = sourceName;
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
      LedgerSql sql = LedgerSql.of(em);
      sql.lockNoWait(sourceName);
      return new RunLock(em, sql, sourceName);
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
      LedgerSql sql = LedgerSql.of(em);
      if (!sql.hasLockRow(sourceName)) {
        sql.insertLockRow(sourceName, clock.instant());
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
      em.getTransaction().begin();
      return LedgerSql.of(em)
          .newestRun(sourceName, List.of("RUNNING"))
          .map(r -> new ImportRunInProgressException(sourceName, r.id(), r.startedAt()))
          .orElseGet(() -> new ImportRunInProgressException(sourceName, "(starting)", null));
    } finally {
      release(em);
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

  /**
   * Checks that the lock is still held, by locking the row again, without waiting, in the lock's
   * own transaction: a statement on the lock's connection, so it fails when the server ended that
   * connection or its transaction, or when another run holds the row. It also counts as activity
   * for the server's idle timeouts.
   *
   * @param runId the run holding the lock, for the error
   * @throws ImportRunLockLostException when the lock is no longer held
   */
  public void verifyHeld(String runId) {
    if (!em.getTransaction().isActive()) {
      throw new ImportRunLockLostException(sourceName, runId, null);
    }
    try {
      sql.lockNoWait(sourceName);
    } catch (RuntimeException e) {
      throw new ImportRunLockLostException(sourceName, runId, e);
    }
  }

  /**
   * Releases the lock (the transaction wrote nothing and is rolled back). A lock whose connection
   * the server already ended has nothing left to release: that failure is only logged.
   */
  @Override
  public void close() {
    try {
      release(em);
    } catch (RuntimeException e) {
      log.debug("The run lock of {} was already gone at release: {}", sourceName, e.toString());
    }
  }
}
