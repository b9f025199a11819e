package dev.gatehouse.jpa;

import dev.gatehouse.core.store.ActionTokenStore;
import dev.gatehouse.core.store.DeliveryLogStore;
import dev.gatehouse.core.store.DeviceStore;
import dev.gatehouse.core.store.EntityClasses;
import dev.gatehouse.core.store.OtpCodeStore;
import dev.gatehouse.core.store.OutboxStore;
import dev.gatehouse.core.store.PasskeyStore;
import dev.gatehouse.core.store.ProfileRecord;
import dev.gatehouse.core.store.ProfileStore;
import dev.gatehouse.core.store.SecondFactorStore;
import dev.gatehouse.core.store.SessionStore;
import dev.gatehouse.core.store.SocialAccountStore;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.store.UserStore;
import dev.gatehouse.jpa.internal.CounterRow;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Calendar;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import java.util.function.Consumer;
import org.hibernate.Session;

/**
 * One transaction's worth of store operations over one {@link EntityManager}: Gatehouse's own, or
 * the host's when joined.
 */
final class JpaStoreTransaction implements BulkTransaction {
  private final EntityManager em;
  private final EntityClasses entities;
  private final EntityNames names;
  private final boolean joined;
  private final Consumer<Runnable> afterCommit;
  private final JdbcEntityInserts batchInserts;
  private boolean wrote;

  /** Counters {@link #prepareCounters} made sure of; they need no existence check. */
  private final Set<String> preparedCounters = new HashSet<>();

  /**
   * The users created through this transaction, by public id: the owner of a profile or device
   * added next is found here without a query (a bulk transaction creates thousands).
   */
  private final java.util.Map<java.util.UUID, dev.gatehouse.core.entity.AuthUserBase> created =
      new java.util.HashMap<>();

  /**
   * @param joined whether {@code em} works in the host's transaction (then no second connection may
   *     be opened beside it)
   * @param afterCommit where actions that must wait for the commit go
   * @param batchInserts the store's JDBC batch inserts of new entities
   */
  JpaStoreTransaction(
      EntityManager em,
      EntityClasses entities,
      EntityNames names,
      boolean joined,
      Consumer<Runnable> afterCommit,
      JdbcEntityInserts batchInserts) {
    this.em = em;
    this.entities = entities;
    this.names = names;
    this.joined = joined;
    this.afterCommit = afterCommit;
    this.batchInserts = batchInserts;
  }

  /** Whether anything may have been written through this transaction. */
  boolean wrote() {
    return wrote;
  }

  private void writing() {
    wrote = true;
  }

  @Override
  public void afterCommit(Runnable action) {
    afterCommit.accept(java.util.Objects.requireNonNull(action, "action"));
  }

  @Override
  public SessionStore sessions() {
    return new JpaSessionStore(em, this::writing);
  }

  @Override
  public OutboxStore outbox() {
    return new JpaOutboxStore(em, this::writing);
  }

  @Override
  public SecondFactorStore secondFactors() {
    return new JpaSecondFactorStore(em, this::writing);
  }

  @Override
  public ActionTokenStore actionTokens() {
    return new JpaActionTokenStore(em, this::writing);
  }

  @Override
  public UserStore users() {
    return new JpaUserStore(em, entities, names, this::writing, created);
  }

  @Override
  public ProfileStore profiles() {
    return new JpaProfileStore(em, entities, names, this::writing, created);
  }

  @Override
  public DeviceStore devices() {
    return new JpaDeviceStore(em, entities, names, this::writing, created);
  }

  /**
   * One JPQL read of the host's user entity with its profile left-joined by key, selecting only the
   * two flags and the profile's key: through the mapping, so renamed tables and columns and the
   * host's key types are the mapping's business.
   */
  @Override
  public Optional<SessionOwner> sessionOwner(java.util.UUID userPublicId, Long profileId) {
    java.util.Objects.requireNonNull(userPublicId, "userPublicId");
    List<Object[]> rows;
    if (profileId == null) {
      rows =
          em.createQuery(
                  "select u.active, u.deletedAt from " + names.user() + " u where u.publicId = :u",
                  Object[].class)
              .setParameter("u", userPublicId.toString())
              .getResultList();
    } else {
      rows =
          em.createQuery(
                  "select u.active, u.deletedAt, p.id from "
                      + names.user()
                      + " u left join "
                      + names.profile()
                      + " p on p.id = :p and p.user = u where u.publicId = :u",
                  Object[].class)
              .setParameter("p", profileId)
              .setParameter("u", userPublicId.toString())
              .getResultList();
    }
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Object[] row = rows.get(0);
    return Optional.of(
        new SessionOwner(
            Boolean.TRUE.equals(row[0]), row[1] != null, row.length > 2 && row[2] != null));
  }

  @Override
  public SocialAccountStore socialAccounts() {
    if (names.socialAccount() == null) {
      return BulkTransaction.super.socialAccounts();
    }
    return new JpaSocialAccountStore(em, entities, names, this::writing, created);
  }

  @Override
  public PasskeyStore passkeys() {
    if (names.passkey() == null) {
      return BulkTransaction.super.passkeys();
    }
    return new JpaPasskeyStore(em, entities, names, this::writing, created);
  }

  // ---- entities of the aggregates not yet served as values -----------------------------------

  @Override
  public void insert(Object entity) {
    writing();
    em.persist(entity);
  }

  @Override
  public void insertAll(List<?> newEntities) {
    if (newEntities.isEmpty()) {
      return;
    }
    writing();
    try {
      if (batchInserts.supports(em, newEntities.get(0).getClass())) {
        batchInserts.insert(em, newEntities);
        return;
      }
      for (Object entity : newEntities) {
        em.persist(entity);
      }
    } catch (RuntimeException e) {
      throw JpaAuthStore.translate(e);
    }
  }

  @Override
  public void flush() {
    writing();
    try {
      em.flush();
    } catch (RuntimeException e) {
      throw JpaAuthStore.translate(e);
    }
  }

  @Override
  public void insertUsersWithDefaultProfile(
      List<UserRecord> users, String defaultProfileRole, Instant now) {
    java.util.Objects.requireNonNull(defaultProfileRole, "defaultProfileRole");
    java.util.Objects.requireNonNull(now, "now");
    if (users.isEmpty()) {
      return;
    }
    writing();
    if (!BulkInserts.supported(em, entities)) {
      for (UserRecord u : users) {
        users().insert(u);
        profiles()
            .create(
                ProfileRecord.of(u.publicId(), defaultProfileRole, now).withDefaultProfile(true));
      }
      return;
    }
    try {
      if (batchInserts.supports(em, entities.user())) {
        List<Object> rows = new java.util.ArrayList<>(users.size());
        for (UserRecord u : users) {
          rows.add(JpaUserStore.newEntity(entities, u));
        }
        batchInserts.insert(em, rows);
        BulkInserts.insertDefaultProfiles(em, names, users, defaultProfileRole, now);
        return;
      }
      BulkInserts.insert(em, names, users, defaultProfileRole, now);
    } catch (RuntimeException e) {
      throw JpaAuthStore.translate(e);
    }
  }

  // ---- one-time codes and delivery logs ----------------------------------------------------

  @Override
  public OtpCodeStore otpCodes() {
    return new JpaOtpCodeStore(em, entities, names, this::writing);
  }

  @Override
  public DeliveryLogStore deliveryLogs() {
    return new JpaDeliveryLogStore(em, entities, names, this::writing);
  }

  // ---- counters ---------------------------------------------------------------------------

  @Override
  public CounterState incrementCounter(String key, Instant now, Duration window) {
    writing();
    Instant cutoff = now.minus(window);
    // Create a missing row before any locking statement touches its index gap: on InnoDB a
    // zero-row UPDATE takes a gap lock, which would block the side transaction's INSERT (and two
    // such callers would wait on each other until the lock timeout). The existence check is a
    // plain, non-locking read.
    // A prepared key exists already: the check is skipped, as on MariaDB its consistent read could
    // still miss the row created since this transaction's snapshot and create it once more.
    if (!preparedCounters.contains(key) && counter(key).isEmpty()) {
      createCounterRow(key, now);
    }
    if (bump(key, now, cutoff) == 0) {
      // Deleted by a concurrent reset between the check and the update: create it again.
      createCounterRow(key, now);
      bump(key, now, cutoff);
    }
    return counter(key).orElseThrow();
  }

  @Override
  public void prepareCounters(Collection<String> keys) {
    for (String key : keys) {
      if (counter(key).isEmpty()) {
        writing();
        createCounterRow(key, Instant.EPOCH);
      }
      preparedCounters.add(key);
    }
  }

  /** One atomic statement: restart the window if it is over, else add one. */
  private int bump(String key, Instant now, Instant cutoff) {
    // hits is assigned before window_start on purpose: MariaDB evaluates SET clauses left to
    // right, so the hits expression must still see the old window_start.
    return em.createQuery(
            "update GatehouseCounter c set"
                + " c.hits = case when c.windowStart <= :cutoff then 1 else c.hits + 1 end,"
                + " c.windowStart = case when c.windowStart <= :cutoff then :now"
                + " else c.windowStart end,"
                + " c.updatedAt = :now where c.key = :key")
        .setParameter("cutoff", cutoff)
        .setParameter("now", now)
        .setParameter("key", key)
        .executeUpdate();
  }

  private void createCounterRow(String key, Instant now) {
    if (joined) {
      insertCounterRowInSavepoint(key, now);
    } else {
      ensureCounterRow(key, now);
    }
  }

  /**
   * Inside the host's transaction there is no second connection to spare (a pool of one must serve
   * the host), so the row is inserted on the host's connection behind a savepoint: a concurrent
   * creator's duplicate-key error rolls back to the savepoint only, and PostgreSQL's transaction
   * stays usable. The row starts at zero hits in an already-ended window.
   */
  private void insertCounterRowInSavepoint(String key, Instant now) {
    em.unwrap(Session.class)
        .doWork(
            connection -> {
              Savepoint savepoint = connection.setSavepoint();
              // On InnoDB a plain INSERT that meets a concurrent creator's row takes a shared lock
              // on it; two such callers then both ask for the exclusive lock of the increment and
              // deadlock. "On duplicate key update" takes the exclusive lock at once instead, so
              // concurrent first hits queue rather than deadlock.
              String product = connection.getMetaData().getDatabaseProductName().toLowerCase();
              boolean innoDb = product.contains("mariadb") || product.contains("mysql");
              try (PreparedStatement insert =
                  connection.prepareStatement(
                      "insert into gh_counter (counter_key, hits, window_start, updated_at)"
                          + " values (?, 0, ?, ?)"
                          + (innoDb ? " on duplicate key update counter_key = counter_key" : ""))) {
                Timestamp start = Timestamp.from(Instant.EPOCH);
                insert.setString(1, key);
                insert.setTimestamp(2, start, utcCalendar());
                insert.setTimestamp(3, Timestamp.from(now), utcCalendar());
                insert.executeUpdate();
                connection.releaseSavepoint(savepoint);
              } catch (SQLException e) {
                connection.rollback(savepoint);
                // Class 23 is an integrity violation: another transaction created the row first.
                // Anything else (a lock timeout, a lost connection) is a real failure.
                if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                  throw e;
                }
              }
            });
  }

  private static Calendar utcCalendar() {
    return Calendar.getInstance(TimeZone.getTimeZone("UTC"));
  }

  /**
   * Creates the counter row in a separate, short transaction, so a concurrent creator's
   * duplicate-key error cannot abort the caller's transaction (PostgreSQL aborts a transaction on
   * any error). The row starts at zero hits and is harmless if the caller rolls back.
   */
  private void ensureCounterRow(String key, Instant now) {
    EntityManager side = em.getEntityManagerFactory().createEntityManager();
    try {
      side.getTransaction().begin();
      CounterRow row = new CounterRow(key, 0, now);
      side.persist(row);
      side.getTransaction().commit();
    } catch (PersistenceException e) {
      // Another instance created it first: exactly what we needed.
      if (side.getTransaction().isActive()) {
        side.getTransaction().rollback();
      }
    } finally {
      side.close();
    }
  }

  @Override
  public Optional<CounterState> counter(String key) {
    List<Object[]> rows =
        em.createQuery(
                "select c.hits, c.windowStart, c.lockedUntil from GatehouseCounter c"
                    + " where c.key = :key",
                Object[].class)
            .setParameter("key", key)
            .getResultList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Object[] r = rows.get(0);
    return Optional.of(new CounterState(key, (Long) r[0], (Instant) r[1], (Instant) r[2]));
  }

  @Override
  public void lockCounter(String key, Instant until) {
    writing();
    em.createQuery("update GatehouseCounter c set c.lockedUntil = :until where c.key = :key")
        .setParameter("until", until)
        .setParameter("key", key)
        .executeUpdate();
  }

  @Override
  public void decrementCounter(String key) {
    writing();
    // No existence check: the caller incremented this counter, so the row is there and the UPDATE
    // takes no gap lock on InnoDB.
    em.createQuery(
            "update GatehouseCounter c set c.hits = c.hits - 1 where c.key = :key and c.hits > 0")
        .setParameter("key", key)
        .executeUpdate();
  }

  @Override
  public void clearCounter(String key) {
    writing();
    em.createQuery(
            "update GatehouseCounter c set c.hits = 0, c.lockedUntil = null where c.key = :key")
        .setParameter("key", key)
        .executeUpdate();
  }

  @Override
  public void resetCounter(String key) {
    writing();
    // Only delete a row that exists: a DELETE that matches nothing takes a gap lock on InnoDB.
    if (counter(key).isPresent()) {
      em.createQuery("delete from GatehouseCounter c where c.key = :key")
          .setParameter("key", key)
          .executeUpdate();
    }
  }
}
