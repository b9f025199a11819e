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
  private final JdbcEntityInserts batchInserts;
  private final JdbcLoginUpdates loginUpdates;
  private final JdbcSessionOwners owners;
  private final Consumer<Runnable> afterCommit;
  private final LibrarySql sql;
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
   * @param batchInserts the store's JDBC batch inserts of new entities
   * @param loginUpdates the store's last-login statements
   * @param owners the store's reads of a session's owner
   */
  JpaStoreTransaction(
      EntityManager em,
      EntityClasses entities,
      EntityNames names,
      NativeCounters counters,
      Consumer<Runnable> afterCommit,
      JdbcEntityInserts batchInserts,
      JdbcLoginUpdates loginUpdates,
      JdbcSessionOwners owners) {
    this.em = em;
    this.entities = entities;
    this.names = names;
    this.counters = counters;
    this.afterCommit = afterCommit;
    this.batchInserts = batchInserts;
    this.loginUpdates = loginUpdates;
    this.owners = owners;
    this.sql = new LibrarySql(em, counters.dialect());
  }

  /** The entity manager this transaction works through. */
  EntityManager entityManager() {
    return em;
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
    return new JpaSessionStore(sql, this::writing);
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
    return new JpaUserStore(em, entities, names, this::writing, created, loginUpdates);
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
   * and the profile's key and role: a plain statement built from the mapping where that means the
   * same, else JPQL (see {@link JdbcSessionOwners}).
   */
  @Override
  public Optional<SessionOwner> sessionOwner(java.util.UUID userPublicId, Long profileId) {
    java.util.Objects.requireNonNull(userPublicId, "userPublicId");
    return owners.read(
        em,
        entities.user(),
        names.user(),
        entities.profile(),
        names.profile(),
        userPublicId,
        profileId);
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
    if (!BulkInserts.supported(em, entities)) {
      for (UserRecord u : users) {
        users().insert(u);
        profiles().create(ProfileRecord.defaultOf(u.publicId(), defaultProfileRole, now));
      }
      return;
    }
    try {
      if (batchInserts.supports(em, entities.user())) {
        // JDBC batches through the mapping: measured 1.9-2.8x the import throughput of the HQL
        // multi-row insert and of a StatelessSession in the same run (docs/BENCHMARKS.md, "Where a
        // figure misses its target"), so this path stays until a public-API path matches it.
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
      throw JpaAuthStore.withoutValues(e, "a bulk insert of users");
    }
  }

  @Override
  public <T> T onConnection(SqlWork<T> work) {
    writing();
    try {
      return JpaConnections.onConnection(em, work);
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
  public CounterStore counters() {
    return counterStore;
  }

  /** The counters of this transaction, on the library's counter table through native SQL. */
  private final class JpaCounterStore implements CounterStore {

    @Override
    public CounterState increment(String key, Instant now, Duration window) {
      writing();
      try {
        // Native SQL creating a missing row in the same atomic statement (or behind a savepoint):
        // see NativeCounters.
        return JpaStoreTransaction.this.counters.increment(em, key, now, window);
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
        return JpaStoreTransaction.this.counters.incrementAll(em, keys, now, window);
      } catch (RuntimeException e) {
        throw JpaAuthStore.translate(e);
      }
    }

    @Override
    public void prepare(Collection<String> keys, Instant now) {
      writing();
      try {
        JpaStoreTransaction.this.counters.prepare(em, keys, now);
      } catch (RuntimeException e) {
        throw JpaAuthStore.translate(e);
      }
    }

    @Override
    public Optional<CounterState> find(String key) {
      return JpaStoreTransaction.this.counters.find(em, key);
    }

    @Override
    public void lock(String key, Instant until) {
      writing();
      JpaStoreTransaction.this.counters.lock(em, key, until);
    }

    @Override
    public void decrement(String key) {
      writing();
      // No existence check: the caller incremented this counter, so the row is there and the UPDATE
      // takes no gap lock on InnoDB.
      JpaStoreTransaction.this.counters.decrement(em, key);
    }

    @Override
    public void clear(String key) {
      writing();
      JpaStoreTransaction.this.counters.clear(em, key);
    }

    @Override
    public void decrementAndClear(String decrementKey, String clearKey) {
      writing();
      JpaStoreTransaction.this.counters.decrementAndClear(em, decrementKey, clearKey);
    }

    @Override
    public void reset(String key) {
      writing();
      JpaStoreTransaction.this.counters.reset(em, key);
    }
  }
}
