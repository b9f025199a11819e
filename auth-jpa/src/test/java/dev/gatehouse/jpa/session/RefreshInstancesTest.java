package dev.gatehouse.jpa.session;

import static dev.gatehouse.core.flows.session.RefreshTest.refresh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.session.Race;
import dev.gatehouse.core.flows.session.Users;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.InvalidRefreshTokenException;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.jpa.GatehouseJpa;
import dev.gatehouse.jpa.JpaAuthStore;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.jpa.fixture.JpaFixtures;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The refresh races that need the database itself: a logout committing while a refresh waits on its
 * row lock (PostgreSQL and MariaDB), and two library instances, each with its own pool and
 * EntityManagerFactory, refreshing one token. The store-independent refresh rules are auth-core's
 * RefreshTest, which runs here too.
 */
class RefreshInstancesTest {
  private static final JpaFixtures FIXTURES = new JpaFixtures();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  /**
   * A logout that commits while a refresh without rotation waits to record its use: the refresh
   * read the session as live before the logout committed, and still issues nothing. The logout's
   * transaction holds the session row; the refresh runs on another thread until the database
   * reports it waiting for that transaction (its write of the use), and only then does the logout
   * commit.
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aSessionRevokedWhileARefreshWaitsToRecordItsUseGetsNoAccessToken(DatabaseKind kind)
      throws Exception {
    assumeTrue(kind != DatabaseKind.H2, "orders the race by the database's report of lock waits");
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    UUID user = Users.create(f);
    TokenPair pair = Users.login(f, user);
    assertThat(
            whileALogoutHoldsTheSession(
                kind,
                f,
                pair,
                () ->
                    f.gatehouse
                        .sessions()
                        .refreshWithoutRotation(
                            pair.refreshToken(), ClientInfo.web("198.51.100.9"))))
        .isInstanceOf(InvalidRefreshTokenException.class);
    assertThat(f.gatehouse.sessions().listSessions(user, null)).isEmpty();
  }

  /**
   * The same race for a rotating refresh, whose rotation and use are one update of the session row
   * that holds the token (issue 79): the logout's transaction holds the session row, the refresh's
   * statement waits for it (reported by the database), the logout commits, and the refresh issues
   * nothing: neither its successor nor the presented token refreshes afterwards, and the session
   * stays ended by the logout, not by a reuse.
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aSessionRevokedWhileARotatingRefreshWaitsForItsRowGetsNoAccessToken(DatabaseKind kind)
      throws Exception {
    assumeTrue(kind != DatabaseKind.H2, "orders the race by the database's report of lock waits");
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    UUID user = Users.create(f);
    TokenPair pair = Users.login(f, user);
    assertThat(
            whileALogoutHoldsTheSession(
                kind,
                f,
                pair,
                () ->
                    f.gatehouse
                        .sessions()
                        .refresh(pair.refreshToken(), ClientInfo.web("198.51.100.9"))))
        .isInstanceOf(InvalidRefreshTokenException.class);
    assertThat(f.gatehouse.sessions().listSessions(user, null)).isEmpty();
    assertThatThrownBy(() -> refresh(f, pair.refreshToken()))
        .isInstanceOf(InvalidRefreshTokenException.class);
    try (Connection c = JpaFixture.of(f).db.dataSource().getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "select revoke_reason, refresh_generation from gh_session s where s.id = ?")) {
      q.setString(1, pair.sessionId());
      try (ResultSet r = q.executeQuery()) {
        assertThat(r.next()).isTrue();
        assertThat(r.getString(1)).isEqualTo("logout");
        // The session holds its token (issue 79), so the rotation waits for the logout's row lock
        // and then finds the session ended: its generation never advanced.
        assertThat(r.getInt(2)).isZero();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void concurrentRefreshesOnTwoInstancesGiveAtMostOneSuccess(DatabaseKind kind) throws Exception {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    try (HikariDataSource pool = JpaFixture.of(f).db.newPool(8);
        EntityManagerFactory emf2 =
            GatehouseJpa.bootstrap(pool, JpaFixture.of(f).entities, List.of())) {
      Gatehouse second =
          Gatehouse.builder(
                  GatehouseConfig.builder()
                      .clock(f.clock)
                      .set(
                          GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
                      .build(),
                  new JpaAuthStore(emf2, JpaFixture.of(f).entities))
              .build();
      for (int round = 0; round < 3; round++) {
        UUID user = Users.create(f);
        TokenPair pair = Users.login(f, user);
        List<Callable<TokenPair>> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
          tasks.add(() -> refresh(f, pair.refreshToken()));
          tasks.add(() -> second.sessions().refresh(pair.refreshToken(), ClientInfo.web()));
        }

        List<Object> results = Race.run(tasks);

        assertThat(results).filteredOn(TokenPair.class::isInstance).hasSizeLessThanOrEqualTo(1);
        assertThat(results)
            .filteredOn(r -> !(r instanceof TokenPair))
            .allSatisfy(r -> assertThat(r).isInstanceOf(InvalidRefreshTokenException.class));
      }
      // The second instance sees the first one's sessions: one truth in the database.
      UUID user = Users.create(f);
      TokenPair pair = Users.login(f, user);
      TokenPair viaSecond = second.sessions().refresh(pair.refreshToken(), ClientInfo.web());
      assertThat(refresh(f, viaSecond.refreshToken()).sessionId()).isEqualTo(pair.sessionId());
    }
  }

  /**
   * Runs {@code refresh} on another thread while a logout's open transaction holds the session's
   * row; once the database reports the refresh waiting for that transaction, the logout commits.
   * Answers what the refresh answered or threw.
   */
  private static Object whileALogoutHoldsTheSession(
      DatabaseKind kind, GatehouseFixture f, TokenPair pair, Callable<TokenPair> refresh)
      throws Exception {
    DataSource ds = JpaFixture.of(f).db.dataSource();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Connection logout = ds.getConnection();
        Connection watch = ds.getConnection()) {
      logout.setAutoCommit(false);
      try (PreparedStatement revoke =
          logout.prepareStatement(
              "update gh_session set revoked_at = current_timestamp, revoke_reason = 'logout'"
                  + " where id = ?")) {
        revoke.setString(1, pair.sessionId());
        assertThat(revoke.executeUpdate()).isEqualTo(1);
      }
      String holder = transactionOf(kind, logout);
      Future<Object> refreshed =
          pool.submit(
              () -> {
                try {
                  return refresh.call();
                } catch (RuntimeException e) {
                  return e;
                }
              });
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      while (!blockedBy(kind, watch, holder)) {
        assertThat(refreshed.isDone())
            .as("the refresh must reach the session's row while the logout holds it")
            .isFalse();
        assertThat(System.nanoTime()).as("waited a minute for the lock wait").isLessThan(deadline);
        Thread.onSpinWait();
      }
      logout.commit();
      return refreshed.get(1, TimeUnit.MINUTES);
    } finally {
      pool.shutdownNow();
    }
  }

  /** PostgreSQL's backend of the transaction open on {@code c}, to find who waits for it. */
  private static String transactionOf(DatabaseKind kind, Connection c) throws Exception {
    if (kind != DatabaseKind.POSTGRESQL) {
      return "";
    }
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select pg_backend_pid()")) {
      assertThat(r.next()).as("the open transaction").isTrue();
      return r.getString(1);
    }
  }

  /**
   * Whether a transaction waits for the lock the logout holds: on PostgreSQL by its report of lock
   * waits; on MariaDB by an update of this test's database that has run for half a second (its
   * statements take milliseconds, so it waits for the row), as InnoDB shows its lock waits through
   * a cache that another session reading them often keeps stale.
   */
  private static boolean blockedBy(DatabaseKind kind, Connection watch, String holder)
      throws Exception {
    if (kind == DatabaseKind.POSTGRESQL) {
      return blockedBy(watch, Integer.parseInt(holder));
    }
    try (PreparedStatement q =
        watch.prepareStatement(
            "select count(*) from information_schema.processlist where db = database()"
                + " and command = 'Query' and info like 'update %' and time_ms > 500")) {
      try (ResultSet r = q.executeQuery()) {
        r.next();
        return r.getInt(1) > 0;
      }
    }
  }

  /** Whether a backend waits for a lock that {@code holderPid} holds. */
  private static boolean blockedBy(Connection watch, int holderPid) throws Exception {
    try (PreparedStatement q =
        watch.prepareStatement(
            "select count(*) from pg_stat_activity where ? = any(pg_blocking_pids(pid))")) {
      q.setInt(1, holderPid);
      try (ResultSet r = q.executeQuery()) {
        r.next();
        return r.getInt(1) > 0;
      }
    }
  }
}
