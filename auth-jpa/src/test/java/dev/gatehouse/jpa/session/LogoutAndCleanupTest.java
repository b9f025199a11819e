package dev.gatehouse.jpa.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.session.Users;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.InvalidRefreshTokenException;
import dev.gatehouse.core.session.NotFoundException;
import dev.gatehouse.core.session.SessionView;
import dev.gatehouse.core.session.TokenPair;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.jpa.fixture.JpaFixtures;
import dev.gatehouse.testing.DatabaseKind;
import dev.gatehouse.testing.EnabledDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

class LogoutAndCleanupTest {
  private static final JpaFixtures FIXTURES = new JpaFixtures();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  private static void assertRefreshFails(GatehouseFixture f, TokenPair pair) {
    assertThatThrownBy(() -> f.gatehouse.sessions().refresh(pair.refreshToken(), ClientInfo.web()))
        .isInstanceOf(InvalidRefreshTokenException.class);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void logoutEndsTheCallersSessionOnlyAndIsIdempotent(DatabaseKind kind) {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    UUID user = Users.create(f);
    UUID stranger = Users.create(f);
    TokenPair a = Users.login(f, user);
    TokenPair b = Users.login(f, user);

    assertThat(f.gatehouse.sessions().logout(stranger, a.sessionId())).isFalse();
    assertThat(f.gatehouse.sessions().logout(user, a.sessionId())).isTrue();
    assertThat(f.gatehouse.sessions().logout(user, a.sessionId())).isFalse();

    assertRefreshFails(f, a);
    assertThat(f.gatehouse.sessions().listSessions(user, b.sessionId()))
        .extracting(SessionView::id)
        .containsExactly(b.sessionId());
    assertThat(f.events)
        .filteredOn(AuthEvent.SessionRevoked.class::isInstance)
        .singleElement()
        .isEqualTo(new AuthEvent.SessionRevoked(f.clock.instant(), user, a.sessionId(), "logout"));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void logoutWithARefreshTokenEndsItsSessionAndIgnoresGarbage(DatabaseKind kind) {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    UUID user = Users.create(f);
    TokenPair a = Users.login(f, user);

    assertThat(f.gatehouse.sessions().logoutWithRefreshToken("garbage")).isFalse();
    assertThat(f.gatehouse.sessions().logoutWithRefreshToken(null)).isFalse();
    assertThat(f.gatehouse.sessions().logoutWithRefreshToken(a.refreshToken())).isTrue();
    assertThat(f.gatehouse.sessions().logoutWithRefreshToken(a.refreshToken())).isFalse();
    assertRefreshFails(f, a);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void logoutAllAndRevokeOthers(DatabaseKind kind) {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    UUID user = Users.create(f);
    UUID other = Users.create(f);
    TokenPair a = Users.login(f, user);
    TokenPair b = Users.login(f, user);
    TokenPair c = Users.login(f, user);
    TokenPair bystander = Users.login(f, other);

    assertThat(f.gatehouse.sessions().revokeOthers(user, b.sessionId())).isEqualTo(2);
    assertThat(f.gatehouse.sessions().listSessions(user, b.sessionId()))
        .singleElement()
        .satisfies(s -> assertThat(s.current()).isTrue());
    assertRefreshFails(f, a);
    assertRefreshFails(f, c);

    assertThat(f.gatehouse.sessions().logoutAll(user)).isEqualTo(1);
    assertRefreshFails(f, b);
    assertThat(f.gatehouse.sessions().listSessions(other, null))
        .extracting(SessionView::id)
        .containsExactly(bystander.sessionId());
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void revokingAnotherUsersSessionIsNotFoundAndChangesNothing(DatabaseKind kind) {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    UUID user = Users.create(f);
    UUID attacker = Users.create(f);
    TokenPair victim = Users.login(f, user);

    assertThatThrownBy(() -> f.gatehouse.sessions().revokeSession(attacker, victim.sessionId()))
        .isInstanceOf(NotFoundException.class)
        .extracting(e -> ((NotFoundException) e).code())
        .isEqualTo("session_not_found");
    assertThatThrownBy(
            () -> f.gatehouse.sessions().revokeSession(attacker, UUID.randomUUID().toString()))
        .isInstanceOf(NotFoundException.class)
        .hasMessage(
            catchMessage(() -> f.gatehouse.sessions().revokeSession(attacker, victim.sessionId())));
    assertThat(f.gatehouse.sessions().listSessions(user, null)).hasSize(1);

    f.gatehouse.sessions().revokeSession(user, victim.sessionId());
    assertRefreshFails(f, victim);
  }

  private static String catchMessage(Runnable r) {
    try {
      r.run();
      return null;
    } catch (RuntimeException e) {
      return e.getMessage();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aPasswordChangeRevokesEverySessionThroughRevokeAll(DatabaseKind kind) {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    UUID user = Users.create(f);
    TokenPair a = Users.login(f, user);
    TokenPair b = Users.login(f, user);

    // What the password-change flow does: one transaction writes the new hash and ends sessions.
    f.db.store.inTransaction(
        tx -> {
          UserRecord u = tx.users().findByPublicId(user).orElseThrow();
          tx.users().replacePasswordHash(user, u.passwordHash(), "new-hash", f.clock.instant());
          return f.gatehouse.sessions().revokeAll(tx, user, "password_changed");
        });

    assertRefreshFails(f, a);
    assertRefreshFails(f, b);
    TokenPair fresh = Users.login(f, user);
    assertThat(f.gatehouse.sessions().refresh(fresh.refreshToken(), null).sessionId())
        .isEqualTo(fresh.sessionId());
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void cleanupDeletesDeadSessionsInBatchesAndKeepsLiveOnes(DatabaseKind kind) throws Exception {
    GatehouseFixture f =
        new GatehouseFixture(FIXTURES.get(kind), b -> b.set(GatehouseConfig.CLEANUP_BATCH_SIZE, 2));
    UUID user = Users.create(f);
    f.gatehouse.sessions().cleanup(f.clock.instant().plus(Duration.ofDays(400)));
    TokenPair revoked = Users.login(f, user);
    f.gatehouse.sessions().logout(user, revoked.sessionId());
    TokenPair rotated = Users.login(f, user);
    f.gatehouse.sessions().refresh(rotated.refreshToken(), null);
    for (int i = 0; i < 3; i++) {
      Users.login(f, user);
    }
    f.clock.advance(f.gatehouse.config().get(TokenSettings.REFRESH_IDLE_TIMEOUT));
    TokenPair live = Users.login(f, user);

    assertThat(f.gatehouse.sessions().cleanup(f.clock.instant())).isEqualTo(5);

    assertThat(count(f, "select count(*) from gh_session")).isEqualTo(1);
    assertThat(count(f, "select count(*) from gh_refresh_token")).isEqualTo(1);
    assertThat(f.gatehouse.sessions().refresh(live.refreshToken(), null).sessionId())
        .isEqualTo(live.sessionId());
    assertThat(f.gatehouse.sessions().cleanup(f.clock.instant())).isZero();
  }

  private static long count(GatehouseFixture f, String sql) throws Exception {
    try (Connection c = JpaFixture.of(f).db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void cleanupOnSeveralInstancesAtOnceDeletesEachSessionOnce(DatabaseKind kind) throws Exception {
    GatehouseFixture f =
        new GatehouseFixture(FIXTURES.get(kind), b -> b.set(GatehouseConfig.CLEANUP_BATCH_SIZE, 3));
    UUID user = Users.create(f);
    f.gatehouse.sessions().cleanup(f.clock.instant().plus(Duration.ofDays(400)));
    for (int i = 0; i < 12; i++) {
      Users.login(f, user);
    }
    f.gatehouse.sessions().logoutAll(user);
    List<Object> results =
        Race.run(
            List.of(
                () -> f.gatehouse.sessions().cleanup(f.clock.instant()),
                () -> f.gatehouse.sessions().cleanup(f.clock.instant()),
                () -> f.gatehouse.sessions().cleanup(f.clock.instant())));

    assertThat(results).allSatisfy(r -> assertThat(r).isInstanceOf(Integer.class));
    assertThat(results.stream().mapToInt(r -> (Integer) r).sum()).isEqualTo(12);
    assertThat(count(f, "select count(*) from gh_session")).isZero();
  }
}
