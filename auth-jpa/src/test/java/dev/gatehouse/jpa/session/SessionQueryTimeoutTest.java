package dev.gatehouse.jpa.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatehouse.core.error.AuthException.AuthInfrastructureException;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.session.Users;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The refresh's plain statements (plain SQL on the library's tables, see {@code LibrarySql}) keep
 * the unit's {@code jakarta.persistence.query.timeout}, as the JPQL and native queries they replace
 * did: a rotation blocked on the token's row lock fails with the library's infrastructure error
 * instead of waiting for the database's own lock timeout (none on PostgreSQL, 50 seconds on MariaDB
 * by default).
 */
class SessionQueryTimeoutTest {
  /** Far beyond the configured second, far below MariaDB's default lock wait. */
  private static final long WAIT_SECONDS = 30;

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aRotationBlockedOnTheSessionsRowLockFailsAtTheConfiguredQueryTimeout(DatabaseKind kind)
      throws Exception {
    // H2 ends every lock wait at its own lock timeout, with or without a query timeout.
    assumeTrue(kind != DatabaseKind.H2, "H2 has its own lock timeout");
    try (JpaFixture db =
        JpaFixture.create(
            kind, ds -> ds, Map.of("jakarta.persistence.query.timeout", (Object) 1000))) {
      GatehouseFixture f = new GatehouseFixture(db);
      UUID user = Users.create(f);
      TokenPair pair = Users.login(f, user);
      ExecutorService refresher = Executors.newSingleThreadExecutor();
      try (Connection locker = db.db.connect()) {
        locker.setAutoCommit(false);
        try (PreparedStatement lock =
            locker.prepareStatement(
                // The session holds its token (issue 79): a rotation writes the session's row.
                "select id from gh_session where id = ? for update")) {
          lock.setString(1, pair.sessionId());
          try (ResultSet row = lock.executeQuery()) {
            assertThat(row.next()).isTrue();
          }
        }
        try {
          Future<TokenPair> refresh = refresher.submit(() -> refresh(f, pair));
          assertThatThrownBy(() -> refresh.get(WAIT_SECONDS, TimeUnit.SECONDS))
              .isInstanceOf(ExecutionException.class)
              .cause()
              .isInstanceOf(AuthInfrastructureException.class);
        } finally {
          locker.rollback();
        }
      } finally {
        refresher.shutdownNow();
      }
      // The timed-out rotation changed nothing: the token rotates once the lock is gone.
      assertThat(refresh(f, pair).sessionId()).isEqualTo(pair.sessionId());
    }
  }

  private static TokenPair refresh(GatehouseFixture f, TokenPair pair) {
    return f.gatehouse.sessions().refresh(pair.refreshToken(), ClientInfo.web("198.51.100.9"));
  }
}
