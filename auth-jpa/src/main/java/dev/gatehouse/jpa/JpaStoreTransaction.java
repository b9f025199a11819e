package dev.gatehouse.jpa;

import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.store.ActionTokenStore;
import dev.gatehouse.core.store.AuditStore;
import dev.gatehouse.core.store.CounterStore;
import dev.gatehouse.core.store.DeliveryLogStore;
import dev.gatehouse.core.store.DeviceStore;
import dev.gatehouse.core.store.OtpCodeStore;
import dev.gatehouse.core.store.OutboxStore;
import dev.gatehouse.core.store.PasskeyStore;
import dev.gatehouse.core.store.ProfileStore;
import dev.gatehouse.core.store.ProfileStore.ProfileRecord;
import dev.gatehouse.core.store.SecondFactorStore;
import dev.gatehouse.core.store.SessionStore;
import dev.gatehouse.core.store.SocialAccountStore;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.store.UserStore;
import dev.gatehouse.jpa.JpaAuthStore.BulkTransaction;
import dev.gatehouse.jpa.JpaConnections.SqlWork;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One transaction's worth of store operations over one {@link EntityManager}: Gatehouse's own, or
 * the host's when joined.
 */
final class JpaStoreTransaction implements BulkTransaction {
  private final CounterStore counterStore = new JpaCounterStore();

  private final EntityManager em;
  private final EntityClasses entities;
  private final EntityNames names;
  private final NativeCounters counters;
  private final HostStatements host;
  private final Consumer<Runnable> afterCommit;
  private final LibrarySql sql;
  private final JpaModuleTables.Columns moduleColumns;
  private boolean wrote;

  /**
   * The users created or loaded as entities through this transaction, by public id: the owner of a
   * profile or device added next is found here without a query (a bulk transaction creates
   * thousands).
   */
  private final java.util.Map<java.util.UUID, dev.gatehouse.core.entity.AuthUserBase> created =
      new java.util.HashMap<>();

  /**
   * @param counters the rate-limit counters' statements for this database
   * @param afterCommit where actions that must wait for the commit go
   * @param host the plain statements on the host's tables
   * @param moduleColumns the store's columns of the modules' tables, read once
   */
  JpaStoreTransaction(
      EntityManager em,
      EntityClasses entities,
      EntityNames names,
      NativeCounters counters,
      Consumer<Runnable> afterCommit,
      HostStatements host,
      JpaModuleTables.Columns moduleColumns) {
    this.em = em;
    this.entities = entities;
    this.names = names;
    this.counters = counters;
    this.afterCommit = afterCommit;
    this.host = host;
    this.sql = new LibrarySql(em, counters.dialect(), true);
    this.moduleColumns = moduleColumns;
  }

  /** The entity manager this transaction works through. */
  EntityManager entityManager() {
    return em;
  }

  /**
   * Sends the writes this transaction {@linkplain LibrarySql#defer deferred}: the store calls it
   * when the transaction's work returns, before the commit (or, in a host's transaction, before
   * Gatehouse returns to the host).
   */
  void sendDeferred() {
    sql.sendDeferred();
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
    return new JpaSessionStore(sql, this::writing, host);
  }

  @Override
  public OutboxStore outbox() {
    return new JpaOutboxStore(sql, this::writing);
  }

  @Override
  public AuditStore audit() {
    return new JpaAuditStore(sql, this::writing);
  }

  @Override
  public SecondFactorStore secondFactors() {
    return new JpaSecondFactorStore(sql, this::writing);
  }

  @Override
  public ActionTokenStore actionTokens() {
    return new JpaActionTokenStore(sql, this::writing);
  }

  @Override
  public UserStore users() {
    return new JpaUserStore(em, entities, names, this::writing, created, host);
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
   * One read of the host's user with its profile left-joined by key, selecting only the four flags
   * and the profile's key and role: the plain statement of {@link HostMapping} where it means the
   * same, else JPQL.
   */
  @Override
  public Optional<SessionOwner> sessionOwner(java.util.UUID userPublicId, Long profileId) {
    java.util.Objects.requireNonNull(userPublicId, "userPublicId");
    Optional<Optional<SessionOwner>> plain = host.sessionOwner(userPublicId, profileId);
    return plain.isPresent()
        ? plain.get()
        : ownerByJpql(em, names.user(), names.profile(), userPublicId, profileId);
  }

  /** The JPQL form of {@link #sessionOwner}: the mapping's business whatever it is. */
  static Optional<SessionOwner> ownerByJpql(
      EntityManager em,
      String userName,
      String profileName,
      java.util.UUID publicId,
      Long profileId) {
    List<Object[]> rows;
    if (profileId == null) {
      rows =
          em.createQuery(
                  "select u.active, u.deletedAt, u.staff, u.superuser from "
                      + userName
                      + " u where u.publicId = :u",
                  Object[].class)
              .setParameter("u", publicId.toString())
              .getResultList();
    } else {
      rows =
          em.createQuery(
                  "select u.active, u.deletedAt, u.staff, u.superuser, p.id, p.role from "
                      + userName
                      + " u left join "
                      + profileName
                      + " p on p.id = :p and p.user = u where u.publicId = :u",
                  Object[].class)
              .setParameter("p", profileId)
              .setParameter("u", publicId.toString())
              .getResultList();
    }
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Object[] row = rows.get(0);
    boolean found = row.length > 4 && row[4] != null;
    return Optional.of(
        new SessionOwner(
            Boolean.TRUE.equals(row[0]),
            row[1] != null,
            found,
            Boolean.TRUE.equals(row[2]),
            Boolean.TRUE.equals(row[3]),
            found ? (String) row[5] : null));
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
    try {
      if (host.insertUsers(entities, users, defaultProfileRole, now)) {
        return;
      }
    } catch (RuntimeException e) {
      throw JpaAuthStore.withoutValues(e, "a bulk insert of users");
    }
    // The mapping needs persist (logged once with the reason when it was resolved).
    for (UserRecord u : users) {
      users().insert(u);
      profiles().create(ProfileRecord.defaultOf(u.publicId(), defaultProfileRole, now));
    }
  }

  @Override
  public <T> T onConnection(SqlWork<T> work) {
    writing();
    try {
      // The connection's holder may read what was deferred.
      sql.sendDeferred();
      return JpaConnections.onConnection(em, work);
    } catch (RuntimeException e) {
      throw JpaAuthStore.translate(e);
    }
  }

  @Override
  public dev.gatehouse.core.store.ModuleTables moduleTables() {
    return new JpaModuleTables(this, em, counters.dialect(), moduleColumns);
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
  public CounterStore counters() {
    return counterStore;
  }

  /**
   * The counters' statements, after the deferred writes were sent: a counter read or increment may
   * meet a row whose settlement is queued.
   */
  private NativeCounters counterStatements() {
    sql.sendDeferred();
    return counters;
  }

  /** The counters of this transaction, on the library's counter table through native SQL. */
  private final class JpaCounterStore implements CounterStore {

    @Override
    public CounterState increment(String key, Instant now, Duration window) {
      writing();
      try {
        // Native SQL creating a missing row in the same atomic statement (or behind a savepoint):
        // see NativeCounters.
        return counterStatements().increment(em, key, now, window);
      } catch (RuntimeException e) {
        throw JpaAuthStore.translate(e);
      }
    }

    @Override
    public List<CounterState> incrementAll(List<String> keys, Instant now, Duration window) {
      // One statement naming a row twice counts it once on some databases and twice on others.
      if (new HashSet<>(keys).size() != keys.size()) {
        throw new IllegalArgumentException("a counter key is listed twice");
      }
      writing();
      try {
        return counterStatements().incrementAll(em, keys, now, window);
      } catch (RuntimeException e) {
        throw JpaAuthStore.translate(e);
      }
    }

    @Override
    public void prepare(Collection<String> keys, Instant now) {
      writing();
      try {
        counterStatements().prepare(em, keys, now);
      } catch (RuntimeException e) {
        throw JpaAuthStore.translate(e);
      }
    }

    @Override
    public Optional<CounterState> find(String key) {
      return counterStatements().find(em, key);
    }

    @Override
    public void lock(String key, Instant until) {
      writing();
      counterStatements().lock(em, key, until);
    }

    @Override
    public void decrement(String key) {
      writing();
      // No existence check: the caller incremented this counter, so the row is there and the UPDATE
      // takes no gap lock on InnoDB.
      counterStatements().decrement(em, key);
    }

    @Override
    public void clear(String key) {
      writing();
      counterStatements().clear(em, key);
    }

    @Override
    public void decrementAndClear(String decrementKey, String clearKey) {
      writing();
      JpaStoreTransaction.this.counters.decrementAndClear(sql, decrementKey, clearKey);
    }

    @Override
    public void reset(String key) {
      writing();
      counterStatements().reset(em, key);
    }
  }
}
