package dev.gatehouse.jpa.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.arjuna.ats.arjuna.common.CoreEnvironmentBeanException;
import com.arjuna.ats.arjuna.common.ObjectStoreEnvironmentBean;
import com.arjuna.ats.arjuna.common.arjPropertyManager;
import com.arjuna.ats.jta.common.jtaPropertyManager;
import com.arjuna.common.internal.util.propertyservice.BeanPopulator;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.PasswordSettings;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.jpa.GatehouseJpa;
import dev.gatehouse.jpa.HostTransactions;
import dev.gatehouse.jpa.JpaAuthStore;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.jpa.fixture.JpaFixtures;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.MutableClock;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.agroal.narayana.NarayanaTransactionIntegration;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnitTransactionType;
import jakarta.persistence.TransactionRequiredException;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionManager;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.engine.transaction.jta.platform.internal.NarayanaJtaPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Gatehouse inside a real JTA transaction: Narayana as the transaction manager, an Agroal pool that
 * enlists its connections in the transaction, a JTA {@link EntityManagerFactory} from {@link
 * GatehouseJpa#bootstrap}, and a transaction-scoped entity manager made the way a Jakarta EE
 * container makes one. Gatehouse joins through {@link HostTransactions#jta}; its rows, outbox
 * messages and events commit or vanish with the host's.
 *
 * <p>The JTA instance records deliveries but does not send them ({@code
 * dispatchDeliveries(false)}); a worker instance on the resource-local store sends what it
 * committed, as a worker node would, so the test decides when sending happens. (The dispatcher
 * works in transactions of its own: on a JTA unit they are JTA transactions Hibernate begins
 * through the transaction manager, which works from the default worker threads but not from the
 * committing thread, as {@code Runnable::run} would have it, because that thread is still
 * associated with the finished transaction.)
 */
class JtaHostTransactionTest {
  private static final JpaFixtures FIXTURES = new JpaFixtures();
  private static final String PASSWORD = "correct horse battery staple";

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  /** Narayana, set up once for the JVM, its object store under target/. */
  private static final class Narayana {
    static final TransactionManager TM;
    static final TransactionSynchronizationRegistry REGISTRY;

    static {
      String store = Path.of("target", "narayana-object-store").toAbsolutePath().toString();
      for (String name : List.of("default", "communicationStore", "stateStore")) {
        BeanPopulator.getNamedInstance(ObjectStoreEnvironmentBean.class, name)
            .setObjectStoreDir(store);
      }
      try {
        arjPropertyManager.getCoreEnvironmentBean().setNodeIdentifier("gatehouse-jta-test");
      } catch (CoreEnvironmentBeanException e) {
        throw new IllegalStateException(e);
      }
      TM = com.arjuna.ats.jta.TransactionManager.transactionManager();
      REGISTRY = jtaPropertyManager.getJTAEnvironmentBean().getTransactionSynchronizationRegistry();
    }
  }

  /**
   * What a container injects for {@code @PersistenceContext EntityManager em}: a proxy that, on
   * every call, works in the entity manager of the current JTA transaction, created on first use,
   * joined to the transaction, kept in the registry and closed when the transaction ends.
   */
  private static final class TransactionScopedEntityManager implements InvocationHandler {
    private final EntityManagerFactory emf;
    private final TransactionSynchronizationRegistry registry;
    private final Object key = new Object();

    TransactionScopedEntityManager(
        EntityManagerFactory emf, TransactionSynchronizationRegistry registry) {
      this.emf = emf;
      this.registry = registry;
    }

    EntityManager proxy() {
      return (EntityManager)
          Proxy.newProxyInstance(
              EntityManager.class.getClassLoader(), new Class<?>[] {EntityManager.class}, this);
    }

    /** The current transaction's entity manager. */
    EntityManager current() {
      if (registry.getTransactionKey() == null) {
        throw new TransactionRequiredException("no JTA transaction on this thread");
      }
      EntityManager em = (EntityManager) registry.getResource(key);
      if (em == null) {
        EntityManager created = emf.createEntityManager();
        created.joinTransaction();
        registry.putResource(key, created);
        registry.registerInterposedSynchronization(
            new Synchronization() {
              @Override
              public void beforeCompletion() {}

              @Override
              public void afterCompletion(int status) {
                created.close();
              }
            });
        em = created;
      }
      return em;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "equals":
          return proxy == args[0];
        case "hashCode":
          return System.identityHashCode(proxy);
        case "toString":
          return "transaction-scoped EntityManager";
        case "close":
          throw new IllegalStateException("a container-managed EntityManager cannot be closed");
        case "isOpen":
          return true;
        default:
          try {
            return method.invoke(current(), args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
      }
    }
  }

  /**
   * A Jakarta EE host: a JTA pool and unit, its own table, Gatehouse joined through the registry;
   * and a worker instance on the resource-local store that sends what the outbox holds.
   */
  private static final class JtaHost implements AutoCloseable {
    final JpaFixture db;
    final AgroalDataSource pool;
    final EntityManagerFactory emf;
    final EntityManager em;
    final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));
    final CapturingEmailSender email = new CapturingEmailSender();
    final List<AuthEvent> events = new CopyOnWriteArrayList<>();

    /** For each event, how many users another connection saw when it arrived. */
    final List<Long> usersVisibleAtEvent = new CopyOnWriteArrayList<>();

    final JpaAuthStore store;
    final Gatehouse gatehouse;
    final Gatehouse worker;

    JtaHost(JpaFixture db) throws SQLException {
      this(db, 1);
    }

    JtaHost(JpaFixture db, int connections) throws SQLException {
      this.db = db;
      this.pool = jtaPool(db, connections);
      this.emf =
          GatehouseJpa.bootstrap(
              pool,
              db.entities,
              List.of(),
              Map.of(
                  AvailableSettings.JAKARTA_TRANSACTION_TYPE,
                  "JTA",
                  AvailableSettings.JTA_PLATFORM,
                  NarayanaJtaPlatform.class.getName()));
      this.em = new TransactionScopedEntityManager(emf, Narayana.REGISTRY).proxy();
      this.store = new JpaAuthStore(emf, db.entities, HostTransactions.jta(em, Narayana.REGISTRY));
      this.gatehouse =
          Gatehouse.builder(config(clock), store)
              .emailSender(email)
              .listener(
                  e -> {
                    usersVisibleAtEvent.add(count(db, "select count(*) from gh_user"));
                    events.add(e);
                  })
              .dispatchDeliveries(false)
              .build();
      this.worker =
          Gatehouse.builder(config(clock), db.store)
              .emailSender(email)
              .dispatchDeliveries(false)
              .build();
      createHostTable(db);
    }

    /** Runs {@code work} in one JTA transaction, committing or rolling back as told. */
    <T> T inJtaTransaction(boolean commit, Callable<T> work) throws Exception {
      Narayana.TM.begin();
      try {
        T result = work.call();
        if (commit) {
          Narayana.TM.commit();
        } else {
          Narayana.TM.rollback();
        }
        return result;
      } finally {
        if (Narayana.TM.getStatus() != Status.STATUS_NO_TRANSACTION) {
          Narayana.TM.rollback();
        }
      }
    }

    void hostWrites(String note) {
      em.createNativeQuery("insert into host_order (note) values (?)")
          .setParameter(1, note)
          .executeUpdate();
    }

    @Override
    public void close() {
      worker.close();
      gatehouse.close();
      emf.close();
      pool.close();
    }
  }

  /** An Agroal pool whose connections enlist in the current Narayana transaction. */
  private static AgroalDataSource jtaPool(JpaFixture db, int connections) throws SQLException {
    AgroalDataSourceConfigurationSupplier c =
        new AgroalDataSourceConfigurationSupplier()
            .connectionPoolConfiguration(
                p ->
                    // One connection by default: the host's work and Gatehouse's share it, or
                    // time out.
                    p.maxSize(connections)
                        .acquisitionTimeout(Duration.ofSeconds(5))
                        .transactionIntegration(
                            new NarayanaTransactionIntegration(Narayana.TM, Narayana.REGISTRY))
                        .connectionFactoryConfiguration(
                            f ->
                                f.jdbcUrl(db.db.jdbcUrl())
                                    .principal(new NamePrincipal(db.db.user()))
                                    .credential(new SimplePassword(db.db.password()))));
    return AgroalDataSource.from(c);
  }

  private static GatehouseConfig config(MutableClock clock) {
    return GatehouseConfig.builder()
        .clock(clock)
        .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
        .set(GatehouseConfig.FRONTEND_URL, java.net.URI.create("https://app.example.test"))
        .set(PasswordSettings.ARGON2_MEMORY_KIB, 7168)
        .set(PasswordSettings.ARGON2_ITERATIONS, 1)
        .build();
  }

  private static void createHostTable(JpaFixture db) {
    try (Connection c = db.db.connect();
        Statement s = c.createStatement()) {
      String id =
          db.db.kind() == DatabaseKind.MARIADB
              ? "id BIGINT AUTO_INCREMENT PRIMARY KEY"
              : "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
      s.execute("create table if not exists host_order (" + id + ", note VARCHAR(100))");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long count(JpaFixture db, String sql, String... args) {
    try (Connection c = db.db.connect();
        var ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setString(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long hostRows(JpaFixture db, String note) {
    return count(db, "select count(*) from host_order where note = ?", note);
  }

  private static long users(JpaFixture db, String email) {
    return count(db, "select count(*) from gh_user where email_normalized = ?", email);
  }

  private static long outboxRows(JpaFixture db) {
    return count(db, "select count(*) from gh_outbox");
  }

  private static long pendingOutboxRows(JpaFixture db) {
    return count(db, "select count(*) from gh_outbox where settled_at is null");
  }

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  private static RegistrationRequest registration(String address) {
    return RegistrationRequest.builder().email(address).password(PASSWORD).build();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void theFactoryIsAJtaUnit(DatabaseKind kind) throws Exception {
    try (JtaHost host = new JtaHost(FIXTURES.get(kind))) {
      assertThat(host.emf.getTransactionType()).isEqualTo(PersistenceUnitTransactionType.JTA);
      // The entity manager Gatehouse works in is the one the JTA transaction joined.
      Boolean joined = host.inJtaTransaction(false, () -> host.em.isJoinedToTransaction());
      assertThat(joined).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aRolledBackJtaTransactionTakesGatehousesWritesOutboxAndEventsWithIt(DatabaseKind kind)
      throws Exception {
    JpaFixture db = FIXTURES.get(kind);
    try (JtaHost host = new JtaHost(db)) {
      String address = unique("jta-rollback-");
      String note = "order-" + address;
      long outboxBefore = outboxRows(db);

      host.inJtaTransaction(
          false,
          () -> {
            host.hostWrites(note);
            host.gatehouse.accounts().register(registration(address));
            // Inside the transaction Gatehouse's rows are there (same connection) ...
            assertThat(
                    host.em
                        .createNativeQuery(
                            "select count(*) from gh_user where email_normalized = ?")
                        .setParameter(1, address)
                        .getSingleResult())
                .extracting(n -> ((Number) n).longValue())
                .isEqualTo(1L);
            // ... and nothing has left.
            assertThat(host.events).isEmpty();
            assertThat(Narayana.REGISTRY.getTransactionStatus()).isEqualTo(Status.STATUS_ACTIVE);
            return null;
          });

      assertThat(hostRows(db, note)).isZero();
      assertThat(users(db, address)).isZero();
      assertThat(outboxRows(db)).isEqualTo(outboxBefore);
      assertThat(host.worker.deliverPending()).isZero();
      assertThat(host.email.sent()).isEmpty();
      assertThat(host.events).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aCommittedJtaTransactionKeepsGatehousesWritesThenPublishes(DatabaseKind kind)
      throws Exception {
    JpaFixture db = FIXTURES.get(kind);
    try (JtaHost host = new JtaHost(db)) {
      String address = unique("jta-commit-");
      String note = "order-" + address;
      long outboxBefore = outboxRows(db);
      long pendingBefore = pendingOutboxRows(db);
      long usersBefore = count(db, "select count(*) from gh_user");

      host.inJtaTransaction(
          true,
          () -> {
            host.hostWrites(note);
            host.gatehouse.accounts().register(registration(address));
            assertThat(host.events).isEmpty();
            assertThat(host.email.sent()).isEmpty();
            return null;
          });

      assertThat(hostRows(db, note)).isOne();
      assertThat(users(db, address)).isOne();
      // The confirmation email waits in the outbox, committed with the user.
      assertThat(outboxRows(db)).isEqualTo(outboxBefore + 1);
      assertThat(pendingOutboxRows(db)).isEqualTo(pendingBefore + 1);
      // The event came after the commit: another connection already saw the new user.
      assertThat(host.events).hasAtLeastOneElementOfType(AuthEvent.Registered.class);
      int registered = indexOf(host.events, AuthEvent.Registered.class);
      assertThat(host.usersVisibleAtEvent.get(registered)).isEqualTo(usersBefore + 1);

      // A worker node sends it.
      assertThat(host.email.sent()).isEmpty();
      assertThat(host.worker.deliverPending()).isEqualTo(pendingBefore + 1);
      assertThat(host.email.lastTo(address)).isPresent();
      assertThat(pendingOutboxRows(db)).isZero();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aRefusedLoginLeavesTheJtaTransactionUsable(DatabaseKind kind) throws Exception {
    JpaFixture db = FIXTURES.get(kind);
    // Two connections: the failed attempt is counted in a transaction of its own beside the
    // host's, so a host that rolls back on the refusal cannot erase it.
    try (JtaHost host = new JtaHost(db, 2)) {
      String address = unique("jta-login-");
      String note = "order-" + address;
      host.inJtaTransaction(
          true,
          () -> {
            host.gatehouse.accounts().register(registration(address));
            return null;
          });
      assertThat(users(db, address)).isOne();
      host.events.clear();

      int statusAfterRefusal =
          host.inJtaTransaction(
              true,
              () -> {
                try {
                  host.gatehouse
                      .accounts()
                      .login(new LoginRequest(address, "wrong password 123", ClientInfo.web()));
                  throw new AssertionError("a wrong password was accepted");
                } catch (RuntimeException expected) {
                  assertThat(expected).hasMessageNotContaining("wrong password");
                }
                int status = Narayana.REGISTRY.getTransactionStatus();
                // Still usable: the host writes after the refusal, and commits.
                host.hostWrites(note);
                return status;
              });

      assertThat(statusAfterRefusal).isEqualTo(Status.STATUS_ACTIVE);
      assertThat(hostRows(db, note)).isOne();
      // The failure was counted and published on its own, whatever the host does.
      assertThat(host.events).hasAtLeastOneElementOfType(AuthEvent.LoginFailed.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void withoutAJtaTransactionGatehouseCommitsATransactionOfItsOwn(DatabaseKind kind)
      throws Exception {
    JpaFixture db = FIXTURES.get(kind);
    try (JtaHost host = new JtaHost(db)) {
      String address = unique("jta-own-");
      long pendingBefore = pendingOutboxRows(db);

      host.gatehouse.accounts().register(registration(address));

      assertThat(Narayana.TM.getStatus()).isEqualTo(Status.STATUS_NO_TRANSACTION);
      assertThat(users(db, address)).isOne();
      assertThat(pendingOutboxRows(db)).isEqualTo(pendingBefore + 1);
      assertThat(host.events).hasAtLeastOneElementOfType(AuthEvent.Registered.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void workInANewTransactionOutlivesTheHostsRollback(DatabaseKind kind) throws Exception {
    JpaFixture db = FIXTURES.get(kind);
    try (JtaHost host = new JtaHost(db)) {
      String key = "test:jta:" + UUID.randomUUID();
      Instant now = host.clock.instant();

      host.inJtaTransaction(
          false,
          () ->
              host.store.inNewTransaction(
                  tx -> tx.counters().increment(key, now, Duration.ofHours(1))));

      Boolean kept = db.store.inTransaction(tx -> tx.counters().find(key).isPresent());
      assertThat(kept).isTrue();
    }
  }

  private static int indexOf(List<AuthEvent> events, Class<? extends AuthEvent> type) {
    for (int i = 0; i < events.size(); i++) {
      if (type.isInstance(events.get(i))) {
        return i;
      }
    }
    return -1;
  }
}
