package dev.gatehouse.jpa.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.OtpSettings;
import dev.gatehouse.core.config.PasswordSettings;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.identity.Identifiers.IdentifierKind;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.InvalidRefreshTokenException;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.CounterStore.CounterState;
import dev.gatehouse.core.store.SessionStore;
import dev.gatehouse.jpa.GatehouseJpa;
import dev.gatehouse.jpa.HostTransactions;
import dev.gatehouse.jpa.JpaAuthStore;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.jpa.fixture.JpaFixtures;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.CapturingSmsSender;
import dev.gatehouse.testing.DeliveryGate;
import dev.gatehouse.testing.MutableClock;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Gatehouse inside the host's transaction: its writes, events and deliveries commit or vanish with
 * the host's work, on the host's connection.
 */
class HostTransactionTest {
  private static final JpaFixtures FIXTURES = new JpaFixtures();
  private static final String PASSWORD = "correct horse battery staple";

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  /** A host: its own table, its own request-scoped entity manager, Gatehouse joined to it. */
  private static final class Host implements AutoCloseable {
    final JpaFixture db;
    final EntityManagerFactory emf;
    final ThreadLocal<EntityManager> requestEm = new ThreadLocal<>();
    final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));
    final CapturingEmailSender email = new CapturingEmailSender();
    final CapturingSmsSender sms = new CapturingSmsSender();
    final List<AuthEvent> events = new CopyOnWriteArrayList<>();
    final JpaAuthStore store;
    final Gatehouse gatehouse;

    Host(JpaFixture db, EntityManagerFactory emf, DeliveryGate gate, boolean workerPool) {
      this.db = db;
      this.emf = emf;
      this.store =
          new JpaAuthStore(emf, db.entities, HostTransactions.resourceLocal(requestEm::get));
      Gatehouse.Builder b =
          Gatehouse.builder(config(clock), store)
              .emailSender(gate == null ? email : gate.guard(email))
              .smsSender(gate == null ? sms : gate.guard(sms))
              .listener(events::add);
      if (!workerPool) {
        b.deliveryExecutor(Runnable::run);
      }
      this.gatehouse = b.build();
      createHostTable(db);
    }

    /** Runs {@code work} in one host transaction, committing or rolling back as told. */
    <T> T inHostTransaction(boolean commit, Supplier<T> work) {
      EntityManager em = emf.createEntityManager();
      requestEm.set(em);
      try {
        em.getTransaction().begin();
        T result = work.get();
        if (commit && !em.getTransaction().getRollbackOnly()) {
          em.getTransaction().commit();
        } else {
          em.getTransaction().rollback();
        }
        return result;
      } finally {
        if (em.getTransaction().isActive()) {
          em.getTransaction().rollback();
        }
        requestEm.remove();
        em.close();
      }
    }

    void hostWrites(String note) {
      requestEm
          .get()
          .createNativeQuery("insert into host_order (note) values (?)")
          .setParameter(1, note)
          .executeUpdate();
    }

    @Override
    public void close() {
      gatehouse.close();
    }
  }

  private static GatehouseConfig config(MutableClock clock) {
    return GatehouseConfig.builder()
        .clock(clock)
        .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
        .set(GatehouseConfig.FRONTEND_URL, java.net.URI.create("https://app.example.test"))
        .set(PasswordSettings.ARGON2_MEMORY_KIB, 7168)
        .set(PasswordSettings.ARGON2_ITERATIONS, 1)
        .set(OtpSettings.OTP_SIGNUP_ALLOWED, true)
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

  private static long count(JpaFixture db, String sql, String arg) {
    try (Connection c = db.db.connect();
        var ps = c.prepareStatement(sql)) {
      ps.setString(1, arg);
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

  private static long outboxRows(JpaFixture db, String purposeLike) {
    return count(db, "select count(*) from gh_outbox where purpose like ?", purposeLike);
  }

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aRolledBackHostTransactionTakesGatehousesWritesEventsAndEmailsWithIt(DatabaseKind kind) {
    JpaFixture db = FIXTURES.get(kind);
    try (Host host = new Host(db, db.emf, null, false)) {
      String address = unique("rollback-");
      String note = "order-" + address;

      host.inHostTransaction(
          false,
          () -> {
            host.hostWrites(note);
            host.gatehouse
                .accounts()
                .register(RegistrationRequest.builder().email(address).password(PASSWORD).build());
            // Nothing leaves before the host decides.
            assertThat(host.email.sent()).isEmpty();
            assertThat(host.events).isEmpty();
            return null;
          });

      assertThat(hostRows(db, note)).isZero();
      assertThat(users(db, address)).isZero();
      assertThat(host.gatehouse.deliverPending()).isZero();
      assertThat(host.email.sent()).isEmpty();
      assertThat(host.events).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aRefreshInARolledBackHostTransactionLeavesThePresentedTokenUsableOnce(DatabaseKind kind) {
    JpaFixture db = FIXTURES.get(kind);
    try (Host host = new Host(db, db.emf, null, false)) {
      String address = unique("refresh-");
      host.inHostTransaction(
          true,
          () -> {
            host.gatehouse
                .accounts()
                .register(RegistrationRequest.builder().email(address).password(PASSWORD).build());
            return null;
          });
      TokenPair first =
          host.inHostTransaction(
              true,
              () ->
                  host.store.inTransaction(
                      tx ->
                          host.gatehouse
                              .sessions()
                              .start(
                                  tx,
                                  tx.users().findByEmail(address).orElseThrow().publicId(),
                                  List.of("pwd"),
                                  ClientInfo.web())));

      TokenPair undone =
          host.inHostTransaction(
              false, () -> host.gatehouse.sessions().refresh(first.refreshToken(), null));

      // The rotation went with the host's transaction: the presented token is still the live one
      // (not reuse), the successor handed out in the rolled-back attempt never existed.
      TokenPair next =
          host.inHostTransaction(
              true, () -> host.gatehouse.sessions().refresh(first.refreshToken(), null));
      assertThat(next.sessionId()).isEqualTo(first.sessionId());
      assertThatThrownBy(
              () ->
                  host.inHostTransaction(
                      true, () -> host.gatehouse.sessions().refresh(undone.refreshToken(), null)))
          .isInstanceOf(InvalidRefreshTokenException.class);
      assertThat(host.events).noneMatch(AuthEvent.TokenReuseDetected.class::isInstance);
      // Still single use: the token that was rotated for real is now reuse. (Outside a host
      // transaction: inside one, the exception would roll the revocation back with the host's.)
      assertThatThrownBy(() -> host.gatehouse.sessions().refresh(first.refreshToken(), null))
          .isInstanceOf(InvalidRefreshTokenException.class);
      assertThat(host.events).anyMatch(AuthEvent.TokenReuseDetected.class::isInstance);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aRevocationTheHostHasNotCommittedYetStopsTheRotation(DatabaseKind kind) {
    JpaFixture db = FIXTURES.get(kind);
    try (Host host = new Host(db, db.emf, null, false)) {
      String address = unique("unflushed-");
      host.inHostTransaction(
          true,
          () -> {
            host.gatehouse
                .accounts()
                .register(RegistrationRequest.builder().email(address).password(PASSWORD).build());
            return null;
          });
      TokenPair pair =
          host.inHostTransaction(
              true,
              () ->
                  host.store.inTransaction(
                      tx ->
                          host.gatehouse
                              .sessions()
                              .start(
                                  tx,
                                  tx.users().findByEmail(address).orElseThrow().publicId(),
                                  List.of("pwd"),
                                  ClientInfo.web())));
      String hash = liveTokenHash(db, pair.sessionId());
      Instant now = host.clock.instant();

      // The host revokes the session in its transaction and, before that commits, the rotation
      // runs in the same transaction: it sees the revocation.
      Optional<SessionStore.RotatedSession> rotated =
          host.inHostTransaction(
              false,
              () -> {
                assertThat(
                        host.store.<Boolean>inTransaction(
                            tx -> tx.sessions().revokeSession(pair.sessionId(), null, now, "host")))
                    .isTrue();
                return host.store.inTransaction(
                    tx ->
                        tx.sessions()
                            .advanceAndRecordUse(
                                pair.sessionId(),
                                0,
                                new SessionStore.RefreshUse(
                                    hash,
                                    "unflushed-successor",
                                    now,
                                    java.time.Duration.ofDays(1),
                                    null,
                                    null)));
              });

      assertThat(rotated).isEmpty();
      assertThat(liveTokenHash(db, pair.sessionId())).isEqualTo(hash);
    }
  }

  private static String liveTokenHash(JpaFixture db, String sessionId) {
    try (Connection c = db.db.connect();
        var ps =
            c.prepareStatement(
                // The session holds its token (issue 79): its row keeps the secret's hash.
                "select refresh_secret_hash from gh_session where id = ?")) {
      ps.setString(1, sessionId);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getString(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aCommittedHostTransactionCommitsGatehousesWritesThenPublishesAndSends(DatabaseKind kind) {
    JpaFixture db = FIXTURES.get(kind);
    try (Host host = new Host(db, db.emf, null, false)) {
      String address = unique("commit-");
      String note = "order-" + address;

      host.inHostTransaction(
          true,
          () -> {
            host.hostWrites(note);
            host.gatehouse
                .accounts()
                .register(RegistrationRequest.builder().email(address).password(PASSWORD).build());
            assertThat(host.email.sent()).isEmpty();
            assertThat(host.events).isEmpty();
            return null;
          });

      assertThat(hostRows(db, note)).isOne();
      assertThat(users(db, address)).isOne();
      assertThat(host.email.lastTo(address)).isPresent();
      assertThat(host.events).hasAtLeastOneElementOfType(AuthEvent.Registered.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aStoreThatNeverJoinsCommitsItsOwnWorkWhateverTheHostDoes(DatabaseKind kind) {
    JpaFixture db = FIXTURES.get(kind);
    MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));
    JpaAuthStore separate = new JpaAuthStore(db.emf, db.entities, HostTransactions.none());
    try (Host host = new Host(db, db.emf, null, false);
        Gatehouse apart =
            Gatehouse.builder(config(clock), separate)
                .emailSender(host.email)
                .deliveryExecutor(Runnable::run)
                .build()) {
      String address = unique("apart-");
      host.inHostTransaction(
          false,
          () -> {
            apart
                .accounts()
                .register(RegistrationRequest.builder().email(address).password(PASSWORD).build());
            return null;
          });
      assertThat(users(db, address)).isOne();
      assertThat(host.email.lastTo(address)).isPresent();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aPoolOfOneConnectionServesAHostTransactionThatCallsGatehouse(DatabaseKind kind)
      throws Exception {
    JpaFixture db = FIXTURES.get(kind);
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(db.db.jdbcUrl());
    c.setUsername(db.db.user());
    c.setPassword(db.db.password());
    c.setMaximumPoolSize(1);
    c.setMinimumIdle(0);
    // A second connection would wait for this long and fail the flow with storage_failed.
    c.setConnectionTimeout(1500);
    DeliveryGate gate = DeliveryGate.shut();
    gate.open();
    try (HikariDataSource one = new HikariDataSource(c);
        EntityManagerFactoryCloser emf =
            new EntityManagerFactoryCloser(GatehouseJpa.bootstrap(one, db.entities, List.of()));
        Host host = new Host(db, emf.emf, gate, true)) {
      String address = unique("pool-");
      String phone = String.format("+44740091%04d", Math.floorMod(address.hashCode(), 10000));
      String note = "order-" + address;

      host.inHostTransaction(
          true,
          () -> {
            host.hostWrites(note);
            host.gatehouse
                .accounts()
                .register(RegistrationRequest.builder().email(address).password(PASSWORD).build());
            host.gatehouse.otp().request(OtpRequest.of(phone, OtpChannel.SMS, OtpPurpose.LOGIN));
            return null;
          });
      host.inHostTransaction(
          true,
          () -> {
            host.gatehouse.accounts().requestPasswordReset(address);
            return null;
          });

      assertThat(hostRows(db, note)).isOne();
      assertThat(users(db, address)).isOne();
      // Confirmation, reset and the code all go out once the worker gets the connection back.
      assertThat(gate.awaitFinished(3, Duration.ofSeconds(30))).isTrue();
      assertThat(host.sms.lastTo(phone)).isPresent();
      assertThat(host.email.sent()).hasSize(2);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void countersStayExactAcrossConcurrentHostTransactions(DatabaseKind kind) throws Exception {
    JpaFixture db = FIXTURES.get(kind);
    try (Host host = new Host(db, db.emf, null, false)) {
      String key = "test:host:" + UUID.randomUUID();
      int threads = 12;
      Instant now = host.clock.instant();
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
          done.add(
              pool.submit(
                  () -> {
                    start.await(10, TimeUnit.SECONDS);
                    return host.inHostTransaction(
                        true,
                        () ->
                            host.store.inTransaction(
                                tx -> tx.counters().increment(key, now, Duration.ofHours(1))));
                  }));
        }
        start.countDown();
        for (Future<?> f : done) {
          f.get(60, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      CounterState state = db.store.inTransaction(tx -> tx.counters().find(key)).orElseThrow();
      assertThat(state.count()).isEqualTo(threads);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aRefusedLoginLeavesTheHostTransactionUsable(DatabaseKind kind) {
    JpaFixture db = FIXTURES.get(kind);
    try (Host host = new Host(db, db.emf, null, false)) {
      String address = unique("login-");
      host.inHostTransaction(
          true,
          () -> {
            host.gatehouse
                .accounts()
                .register(RegistrationRequest.builder().email(address).password(PASSWORD).build());
            return null;
          });
      // A wrong password is refused without dooming the host's transaction.
      Boolean rollbackOnly =
          host.inHostTransaction(
              true,
              () -> {
                assertThatThrownBy(
                        () ->
                            host.gatehouse
                                .accounts()
                                .login(
                                    new LoginRequest(
                                        address, "wrong password 123", ClientInfo.web())))
                    .hasMessageNotContaining("wrong password");
                return host.requestEm.get().getTransaction().getRollbackOnly();
              });
      assertThat(rollbackOnly).isFalse();

      // A host that rolls back because the login was refused does not erase the failed attempt.
      long failuresBefore = loginFailures(host);
      host.inHostTransaction(
          false,
          () -> {
            assertThatThrownBy(
                    () ->
                        host.gatehouse
                            .accounts()
                            .login(
                                new LoginRequest(address, "wrong password 456", ClientInfo.web())))
                .isInstanceOf(RejectedInputException.class);
            return null;
          });
      assertThat(loginFailures(host)).isEqualTo(failuresBefore + 1);
      assertThat(accountCounterHits(db, host)).isGreaterThanOrEqualTo(2);
    }
  }

  /**
   * The audit trail joins the host's transaction (issue 36, finding 11): a sign-in the host rolls
   * back leaves no entry, one it commits does; a refused sign-in's entry stays whatever the host
   * does, as its failure count does.
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aSignInsAuditEntryGoesWithTheHostsRollbackAndARefusalsStays(DatabaseKind kind) {
    JpaFixture db = FIXTURES.get(kind);
    try (Host host = new Host(db, db.emf, null, false)) {
      String address = unique("audit-");
      host.gatehouse
          .accounts()
          .register(RegistrationRequest.builder().email(address).password(PASSWORD).build());
      java.util.regex.Matcher link =
          java.util.regex.Pattern.compile("token=([A-Za-z0-9_-]+)")
              .matcher(host.email.lastTo(address).orElseThrow().textBody());
      assertThat(link.find()).isTrue();
      host.gatehouse.accounts().confirmEmail(link.group(1));
      UUID id =
          host.store.inTransaction(tx -> tx.users().findByEmail(address)).orElseThrow().publicId();
      host.inHostTransaction(
          false,
          () ->
              host.gatehouse
                  .accounts()
                  .login(new LoginRequest(address, PASSWORD, ClientInfo.web())));
      host.inHostTransaction(
          false,
          () -> {
            assertThatThrownBy(
                    () ->
                        host.gatehouse
                            .accounts()
                            .login(
                                new LoginRequest(address, "wrong password 789", ClientInfo.web())))
                .isInstanceOf(RejectedInputException.class);
            return null;
          });
      assertThat(host.gatehouse.audit().forUser(id, 10))
          .extracting(dev.gatehouse.core.store.AuditStore.AuditEntry::event)
          .containsExactly("LoginFailed", "EmailVerified", "Registered");

      host.inHostTransaction(
          true,
          () ->
              host.gatehouse
                  .accounts()
                  .login(new LoginRequest(address, PASSWORD, ClientInfo.web())));
      assertThat(host.gatehouse.audit().forUser(id, 10))
          .extracting(dev.gatehouse.core.store.AuditStore.AuditEntry::event)
          .containsExactly("LoggedIn", "LoginFailed", "EmailVerified", "Registered");
    }
  }

  /**
   * The login reads its user in the host's transaction when one is open: an account the host
   * created and confirmed in the same, uncommitted transaction logs in, and the session goes with
   * the host's rollback. Reading the user in the reservation's own transaction instead (what a
   * login without a host transaction does) would not find it.
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aLoginInAHostTransactionReadsTheHostsUncommittedAccount(DatabaseKind kind) {
    JpaFixture db = FIXTURES.get(kind);
    try (Host host = new Host(db, db.emf, null, false)) {
      String address = unique("joined-");
      TokenPair tokens =
          host.inHostTransaction(
              false,
              () -> {
                host.gatehouse
                    .accounts()
                    .register(
                        RegistrationRequest.builder().email(address).password(PASSWORD).build());
                host.store.inTransaction(
                    tx ->
                        tx.users()
                            .markVerified(
                                tx.users().findByEmail(address).orElseThrow().publicId(),
                                IdentifierKind.EMAIL,
                                host.clock.instant()));
                assertThat(host.store.joinsOpenTransaction()).isTrue();
                return host.gatehouse
                    .accounts()
                    .login(new LoginRequest(address, PASSWORD, ClientInfo.web("203.0.113.77")))
                    .orElseThrow()
                    .tokens();
              });
      assertThat(host.store.joinsOpenTransaction()).isFalse();
      assertThat(users(db, address)).isZero();
      assertThatThrownBy(() -> host.gatehouse.sessions().refresh(tokens.refreshToken(), null))
          .isInstanceOf(InvalidRefreshTokenException.class);
    }
  }

  private static long loginFailures(Host host) {
    return host.events.stream().filter(AuthEvent.LoginFailed.class::isInstance).count();
  }

  /**
   * The highest failure count of any login bucket (this test's account is the only one failing).
   */
  private static long accountCounterHits(JpaFixture db, Host host) {
    try (Connection c = db.db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("select max(hits) from gh_counter where counter_key like 'login:%'")) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Closes a host-built factory with the test. */
  private record EntityManagerFactoryCloser(EntityManagerFactory emf) implements AutoCloseable {
    @Override
    public void close() {
      emf.close();
    }
  }
}
