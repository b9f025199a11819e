package dev.gatehouse.core.flows.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.error.AuthException.NotFoundException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.InvalidRefreshTokenException;
import dev.gatehouse.core.session.SessionService.SessionView;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.SessionStore.SessionState;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.testing.Bursts;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

class LogoutAndCleanupTest {
  private static final Fixtures FIXTURES = new Fixtures();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  private static void assertRefreshFails(GatehouseFixture f, TokenPair pair) {
    assertThatThrownBy(() -> f.gatehouse.sessions().refresh(pair.refreshToken(), ClientInfo.web()))
        .isInstanceOf(InvalidRefreshTokenException.class);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void logoutEndsTheCallersSessionOnlyAndIsIdempotent(StoreKind kind) {
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
  @ArgumentsSource(EnabledStores.class)
  void logoutWithARefreshTokenEndsItsSessionAndIgnoresGarbage(StoreKind kind) {
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
  @ArgumentsSource(EnabledStores.class)
  void logoutAllAndRevokeOthers(StoreKind kind) {
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
  @ArgumentsSource(EnabledStores.class)
  void revokingAnotherUsersSessionIsNotFoundAndChangesNothing(StoreKind kind) {
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
  @ArgumentsSource(EnabledStores.class)
  void aPasswordChangeRevokesEverySessionThroughRevokeAll(StoreKind kind) {
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
  @ArgumentsSource(EnabledStores.class)
  void cleanupDeletesDeadSessionsInBatchesAndKeepsLiveOnes(StoreKind kind) throws Exception {
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

    Optional<SessionState> revokedRow =
        f.db.store.inTransaction(tx -> tx.sessions().findSession(revoked.sessionId()));
    Optional<SessionState> rotatedRow =
        f.db.store.inTransaction(tx -> tx.sessions().findSession(rotated.sessionId()));
    assertThat(revokedRow).isEmpty();
    assertThat(rotatedRow).isEmpty();
    assertThat(f.gatehouse.sessions().refresh(live.refreshToken(), null).sessionId())
        .isEqualTo(live.sessionId());
    assertThat(f.gatehouse.sessions().cleanup(f.clock.instant())).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void cleanupOnSeveralInstancesAtOnceDeletesEachSessionOnce(StoreKind kind) throws Exception {
    GatehouseFixture f =
        new GatehouseFixture(FIXTURES.get(kind), b -> b.set(GatehouseConfig.CLEANUP_BATCH_SIZE, 3));
    UUID user = Users.create(f);
    f.gatehouse.sessions().cleanup(f.clock.instant().plus(Duration.ofDays(400)));
    for (int i = 0; i < 12; i++) {
      Users.login(f, user);
    }
    f.gatehouse.sessions().logoutAll(user);
    // Three instances clean up at once; a failure of any of them fails the burst.
    List<Integer> deleted = Bursts.run(3, () -> f.gatehouse.sessions().cleanup(f.clock.instant()));

    assertThat(deleted.stream().mapToInt(Integer::intValue).sum()).isEqualTo(12);
    assertThat(f.gatehouse.sessions().cleanup(f.clock.instant())).isZero();
  }
}
