package dev.gatehouse.jpa;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.AuthInfrastructureException;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.error.AuthException.StorageConflictException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.jpa.HostTransactions.HostTransaction;
import dev.gatehouse.jpa.JpaConnections.SqlWork;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.metamodel.Metamodel;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hibernate.exception.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JPA implementation of {@link AuthStore}, over a resource-local {@link EntityManagerFactory}
 * (built by {@link GatehouseJpa#bootstrap} or by the host).
 *
 * <p>Transactions belong to the host: with {@link HostTransactions} given, a flow called while the
 * host has a transaction open joins it. Otherwise each outermost {@link #inTransaction} call opens
 * its own {@link EntityManager} and transaction, and nested calls on the same thread join it.
 *
 * <p>Thread-safe.
 */
public final class JpaAuthStore implements AuthStore {
  private static final Logger LOG = LoggerFactory.getLogger(JpaAuthStore.class);
  private final EntityManagerFactory emf;
  private final EntityClasses entities;
  private final EntityNames names;
  // The database's dialect and its counter statements, found on first use (no connection is
  // needed to build the store).
  private volatile NativeCounters counters;
  private final HostTransactions hostTransactions;
  // Set when the factory is a JTA unit: Gatehouse's own transactions then go through the
  // transaction manager, suspending whatever transaction the thread has.
  private final TransactionManager jta;
  private final ThreadLocal<OwnTransaction> open = new ThreadLocal<>();
  // The host's mapping and the factory's filters, resolved on first use (logged once).
  private volatile HostMapping hostMapping;
  private volatile Set<String> filters;
  private final JpaModuleTables.Columns moduleColumns = new JpaModuleTables.Columns();

  /**
   * @param emf a resource-local factory whose unit contains the host's entities
   * @param entities the host's entity classes
   * @throws ConfigurationException when the factory does not manage one of the classes
   */
  public JpaAuthStore(EntityManagerFactory emf, EntityClasses entities) {
    this(emf, entities, HostTransactions.none());
  }

  /**
   * A store that joins the host's transactions: when {@code hostTransactions} reports one open on
   * the calling thread, every Gatehouse flow reads and writes through the host's entity manager and
   * commits or rolls back with the host's work; events and deliveries follow the host's commit and
   * vanish with its rollback.
   *
   * @param emf the factory Gatehouse uses when no host transaction is open (and for the delivery
   *     dispatcher); its unit contains the host's entities
   * @param entities the host's entity classes
   * @param hostTransactions how to find the host's transaction, e.g. {@link
   *     HostTransactions#resourceLocal}
   * @throws ConfigurationException when the factory does not manage one of the classes
   */
  public JpaAuthStore(
      EntityManagerFactory emf, EntityClasses entities, HostTransactions hostTransactions) {
    this.hostTransactions = requireNonNull(hostTransactions, "hostTransactions");
    this.emf = requireNonNull(emf, "emf");
    this.entities = requireNonNull(entities, "entities");
    Metamodel mm = emf.getMetamodel();
    for (Class<?> c : entities.all()) {
      requireManaged(mm, c);
    }
    this.names = new EntityNames(mm, entities);
    this.jta = GatehouseJpa.jtaTransactionManager(emf);
  }

  /**
   * The counter statements of the database behind the factory, found once: through the entity
   * manager of the transaction in force when there is one (a host holding the only connection of
   * its pool must not wait for a second), else through one of Gatehouse's own.
   */
  private NativeCounters counters() {
    NativeCounters c = counters;
    if (c != null) {
      return c;
    }
    OwnTransaction own = open.get();
    if (own != null && own.tx != null) {
      return counters(own.tx.entityManager());
    }
    Optional<HostTransaction> host = hostTransactions.current();
    if (host.isPresent()) {
      return counters(host.get().entityManager());
    }
    EntityManager em = emf.createEntityManager();
    try {
      return counters(em);
    } finally {
      em.close();
    }
  }

  private NativeCounters counters(EntityManager em) {
    NativeCounters c = counters;
    if (c == null) {
      c = new NativeCounters(JpaConnections.dialect(em));
      counters = c;
    }
    return c;
  }

  private static void requireManaged(Metamodel mm, Class<?> c) {
    try {
      mm.entity(c);
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          "the EntityManagerFactory does not manage "
              + c.getName()
              + "; add it to the persistence unit",
          e);
    }
  }

  /** {@return the host's entity classes this store works with} */
  public EntityClasses entities() {
    return entities;
  }

  @Override
  public boolean keepsSocialAccounts() {
    return entities.socialAccount().isPresent();
  }

  private static final int BULK_JDBC_BATCH = 200;

  /**
   * Joins the host's open transaction, if {@link HostTransactions} reports one; otherwise joins a
   * transaction Gatehouse already has open on this thread; otherwise runs {@code work} in a new
   * transaction of its own, committed when it returns.
   *
   * <p>When joined, a failure of {@code work} after it wrote something marks the host's transaction
   * rollback-only (its partial writes cannot be undone on their own); a failure before any write
   * leaves the host's transaction as it was.
   */
  @Override
  public <T> T inTransaction(Function<? super StoreTransaction, ? extends T> work) {
    requireNonNull(work, "work");
    OwnTransaction own = open.get();
    if (own != null) {
      return work.apply(own.tx);
    }
    Optional<HostTransaction> host = hostTransactions.current();
    if (host.isPresent()) {
      return joined(host.get(), work);
    }
    return run(work, FlushModeType.AUTO);
  }

  /** As {@link #inTransaction} decides: an open transaction of Gatehouse's own, or the host's. */
  @Override
  public boolean joinsOpenTransaction() {
    return open.get() != null || hostTransactions.current().isPresent();
  }

  /**
   * On H2 and PostgreSQL. Not on MariaDB and MySQL: with {@code innodb_snapshot_isolation} (on by
   * default from MariaDB 11.6.2) a read opens the REPEATABLE READ read view, and a counter upsert
   * after it fails with error 1020 when another login committed to the same counter in between;
   * without a read first, the upsert opens the view and waits for the row instead.
   */
  @Override
  public boolean readsBeforeCounting() {
    return counters().readsBeforeCounting();
  }

  /**
   * Runs {@code work} in a transaction of its own even when the host has one open on this thread
   * (the host's stays untouched and does not see this one's writes until they commit). For work
   * that must outlive a host's rollback, such as the delivery dispatcher's bookkeeping.
   *
   * @param work the work
   * @param <T> the result type
   * @return the work's result
   */
  @Override
  public <T> T inNewTransaction(Function<? super StoreTransaction, ? extends T> work) {
    requireNonNull(work, "work");
    OwnTransaction outer = open.get();
    open.remove();
    try {
      return run(work, FlushModeType.AUTO);
    } finally {
      if (outer != null) {
        open.set(outer);
      }
    }
  }

  @Override
  public void afterCommit(Runnable action) {
    requireNonNull(action, "action");
    OwnTransaction own = open.get();
    if (own != null) {
      own.afterCommit.add(action);
      return;
    }
    Optional<HostTransaction> host = hostTransactions.current();
    if (host.isPresent()) {
      host.get()
          .afterCompletion(
              committed -> {
                if (committed) {
                  runQuietly(action);
                }
              });
      return;
    }
    runQuietly(action);
  }

  /**
   * As {@link #inTransaction}, for bulk writers such as the importer: queries inside the
   * transaction do not flush pending changes first (JPA {@link FlushModeType#COMMIT}), so a batch
   * of thousands of rows is not dirty-checked again at every lookup. Rows whose id the database
   * generates are still inserted at once and are visible to later queries of the transaction; a
   * caller that changes an already stored row and then queries for it calls {@link
   * BulkTransaction#flush()} in between. Rows with assigned ids are written in JDBC batches. Always
   * a transaction of its own: a bulk run is never part of a host's transaction.
   *
   * @param work the work; runs once
   * @param <T> the result type
   * @return the work's result
   */
  public <T> T inBulkTransaction(Function<? super BulkTransaction, ? extends T> work) {
    requireNonNull(work, "work");
    return run(own -> work.apply((BulkTransaction) own), FlushModeType.COMMIT);
  }

  private <T> T joined(HostTransaction host, Function<? super StoreTransaction, ? extends T> work) {
    EntityManager em = host.entityManager();
    JpaStoreTransaction tx = storeTransaction(em, this::afterCommit);
    try {
      T result = work.apply(tx);
      tx.sendDeferred();
      // Surfaces constraint violations inside the flow, as a commit of its own would.
      em.flush();
      return result;
    } catch (RuntimeException e) {
      if (tx.wrote()) {
        try {
          host.setRollbackOnly();
        } catch (RuntimeException markFailure) {
          e.addSuppressed(markFailure);
        }
      }
      throw translate(e);
    }
  }

  private <T> T run(Function<? super StoreTransaction, ? extends T> work, FlushModeType flush) {
    if (jta != null) {
      return runJta(work);
    }
    EntityManager em = emf.createEntityManager();
    em.setFlushMode(flush);
    if (flush == FlushModeType.COMMIT) {
      // Rows with assigned ids (bookkeeping rows) go out in JDBC batches at the flush.
      em.unwrap(org.hibernate.Session.class).setJdbcBatchSize(BULK_JDBC_BATCH);
    }
    OwnTransaction own = new OwnTransaction();
    own.tx = storeTransaction(em, own.afterCommit::add);
    EntityTransaction tx = em.getTransaction();
    T result;
    open.set(own);
    try {
      tx.begin();
      if (flush == FlushModeType.COMMIT) {
        // A bulk transaction binds hundreds of keys per IN list (its lookups, the default
        // profiles' insert ... select): with cached generic plans the import slowed down as the
        // user table grew.
        GatehouseJpa.preferCustomPlans(em);
      }
      result = work.apply(own.tx);
      own.tx.sendDeferred();
      tx.commit();
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
      open.remove();
      em.close();
    }
    for (Runnable action : own.afterCommit) {
      runQuietly(action);
    }
    return result;
  }

  /**
   * The store transaction over {@code em}; {@code afterCommit} takes what runs once it committed.
   */
  private JpaStoreTransaction storeTransaction(EntityManager em, Consumer<Runnable> afterCommit) {
    NativeCounters c = counters(em);
    HostStatements host = new HostStatements(hostMapping(em), filters, em, c.dialect());
    return new JpaStoreTransaction(em, entities, names, c, afterCommit, host, moduleColumns);
  }

  /** The host's mapping, resolved once through the first transaction's entity manager. */
  private HostMapping hostMapping(EntityManager em) {
    HostMapping m = hostMapping;
    if (m == null) {
      synchronized (this) {
        m = hostMapping;
        if (m == null) {
          filters =
              Set.copyOf(emf.unwrap(org.hibernate.SessionFactory.class).getDefinedFilterNames());
          m = HostMapping.resolve(em, entities);
          hostMapping = m;
        }
      }
    }
    return m;
  }

  /** {@inheritDoc} The same lines were logged at INFO when the mapping was resolved. */
  @Override
  public java.util.Map<String, String> statementPaths() {
    return resolvedMapping().describe();
  }

  /** {@inheritDoc} A session with a filter enabled takes the JPQL forms whatever this answers. */
  @Override
  public String statementPath(String operation) {
    try {
      return resolvedMapping().pathTag(operation);
    } catch (AuthInfrastructureException e) {
      return "unresolved"; // the database could not be reached to resolve the mapping
    }
  }

  /** The host's mapping, which every store transaction resolves before its work. */
  private HostMapping resolvedMapping() {
    HostMapping m = hostMapping;
    return m != null ? m : inNewTransaction(tx -> hostMapping);
  }

  /**
   * A transaction of Gatehouse's own on a JTA factory: whatever transaction the thread has (the
   * host's, or one that just ended) is suspended, a new one begun through the transaction manager,
   * and the suspended one resumed afterwards; after-commit actions run once the commit returned.
   */
  private <T> T runJta(Function<? super StoreTransaction, ? extends T> work) {
    Transaction suspended;
    try {
      suspended = jta.getStatus() == Status.STATUS_NO_TRANSACTION ? null : jta.suspend();
    } catch (SystemException e) {
      throw translate(new PersistenceException("the transaction manager failed", e));
    }
    OwnTransaction own = new OwnTransaction();
    T result;
    open.set(own);
    try {
      jta.begin();
      EntityManager em = emf.createEntityManager();
      try {
        own.tx = storeTransaction(em, own.afterCommit::add);
        result = work.apply(own.tx);
        own.tx.sendDeferred();
        em.flush();
      } finally {
        em.close();
      }
      jta.commit();
    } catch (RuntimeException e) {
      rollbackQuietly(e);
      throw translate(e);
    } catch (Exception e) {
      // The checked exceptions of the JTA API: begin, commit (heuristics, rollback) and status.
      PersistenceException failure = new PersistenceException("the JTA transaction failed", e);
      rollbackQuietly(failure);
      throw translate(failure);
    } finally {
      open.remove();
      if (suspended != null) {
        try {
          jta.resume(suspended);
        } catch (Exception e) {
          // The caller's own work would go on outside its transaction: stop it here instead.
          throw new AuthInfrastructureException(
              ErrorCode.STORAGE_FAILED,
              "resuming the suspended transaction failed: " + e.getClass().getSimpleName(),
              true,
              e);
        }
      }
    }
    for (Runnable action : own.afterCommit) {
      runQuietly(action);
    }
    return result;
  }

  private void rollbackQuietly(RuntimeException failure) {
    try {
      if (jta.getStatus() != Status.STATUS_NO_TRANSACTION) {
        jta.rollback();
      }
    } catch (Exception rollbackFailure) {
      failure.addSuppressed(rollbackFailure);
    }
  }

  private static void runQuietly(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      // The transaction is committed; a failing follow-up must not turn it into an error.
      LOG.warn("an after-commit action failed: {}", e.toString());
    }
  }

  /** Gatehouse's own transaction open on one thread, and what waits for its commit. */
  private static final class OwnTransaction {
    final List<Runnable> afterCommit = new ArrayList<>();
    JpaStoreTransaction tx;
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
    if (conflict(e)) {
      return new StorageConflictException(
          "the database ended the transaction in a conflict with a concurrent one: "
              + e.getClass().getSimpleName(),
          e);
    }
    if (e instanceof PersistenceException || cause(e, SQLException.class) != null) {
      return new AuthInfrastructureException(
          ErrorCode.STORAGE_FAILED,
          "the database failed: " + e.getClass().getSimpleName(),
          true,
          e);
    }
    return e;
  }

  /**
   * As {@link #translate}, for a failed multi-row write: the drivers' messages of such a failure
   * quote the statement's values (password hashes, emails, phones of up to hundreds of rows), so
   * the result keeps only the SQL state, the vendor code and the violated constraint's name, and
   * not the failure itself as its cause.
   *
   * @param what the write, for the message
   */
  static RuntimeException withoutValues(RuntimeException e, String what) {
    if (e instanceof AuthException) {
      return e;
    }
    SQLException sql = cause(e, SQLException.class);
    for (SQLException next = sql; next != null; next = next.getNextException()) {
      if (next.getSQLState() != null) {
        sql = next;
        break;
      }
    }
    String state = sql == null ? null : sql.getSQLState();
    SQLException plain =
        new SQLException(
            what + " failed (SQL state " + state + ")",
            state,
            sql == null ? 0 : sql.getErrorCode());
    ConstraintViolationException cv = cause(e, ConstraintViolationException.class);
    if (cv != null) {
      return new DuplicateKeyException(
          "a unique constraint was violated (" + cv.getConstraintName() + ")", plain);
    }
    if (conflict(e)) {
      return new StorageConflictException(
          "the database ended the transaction in a conflict with a concurrent one", plain);
    }
    return new AuthInfrastructureException(
        ErrorCode.STORAGE_FAILED, plain.getMessage(), true, plain);
  }

  /**
   * A deadlock or serialization failure, after which the database has rolled back the whole
   * transaction: SQLState 40001 (serialization failure; also MariaDB/MySQL's and H2's deadlock),
   * 40P01 (PostgreSQL's deadlock), MariaDB/MySQL error 1213, or MariaDB error 1020 ("Record has
   * changed since last read": with {@code innodb_snapshot_isolation}, on by default from MariaDB
   * 11.6.2, a write to a row another transaction committed after this one's read view opened; the
   * transaction cannot go on, and a retry in a new one sees the committed row). Not the rest of
   * class 40: 40003 leaves unknown whether the statement completed, and a lock wait timeout
   * (MariaDB 1205) ends the statement only.
   */
  static boolean conflict(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLException sql) {
        for (SQLException s = sql; s != null; s = s.getNextException()) {
          String state = s.getSQLState();
          if ("40001".equals(state)
              || "40P01".equals(state)
              || s.getErrorCode() == 1213
              || s.getErrorCode() == 1020) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static <X extends Throwable> X cause(Throwable t, Class<X> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }

  /**
   * A {@link StoreTransaction} of {@link JpaAuthStore#inBulkTransaction}, for writers that keep
   * their own bookkeeping tables beside Gatehouse's values (the importer's run, batch and mapping
   * rows, through {@link #onConnection}). Core never sees this type: it speaks to the value stores
   * only. A feature module reaches its own tables through {@link StoreTransaction#moduleTables()}
   * instead, which every store implements. Confined to one thread.
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
     * now}: the same rows as {@code users().insert} and {@code profiles().create} one by one,
     * written now with one multi-row statement per few hundred users when the host's entities allow
     * it (a database-generated user and profile key, no attributes beyond Gatehouse's), one by one
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
}
