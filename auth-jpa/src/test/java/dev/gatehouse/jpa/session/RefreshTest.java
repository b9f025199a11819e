package dev.gatehouse.jpa.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.session.Users;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.ProfileService.ProfileInput;
import dev.gatehouse.core.session.ProfileService.ProfileView;
import dev.gatehouse.core.session.SessionService.InvalidRefreshTokenException;
import dev.gatehouse.core.session.SessionService.SessionView;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
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
import java.time.Duration;
import java.time.ZoneOffset;
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

class RefreshTest {
  private static final JpaFixtures FIXTURES = new JpaFixtures();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  private static TokenPair refresh(GatehouseFixture f, String token) {
    return f.gatehouse.sessions().refresh(token, ClientInfo.web("198.51.100.9"));
  }

  private static List<AuthEvent.TokenReuseDetected> reuseEvents(GatehouseFixture f) {
    return f.events.stream()
        .filter(AuthEvent.TokenReuseDetected.class::isInstance)
        .map(AuthEvent.TokenReuseDetected.class::cast)
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void refreshRotatesTheTokenAndKeepsTheSession(DatabaseKind kind) {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    UUID user = Users.create(f);
    TokenPair first = Users.login(f, user);
    var firstProfile = f.gatehouse.sessions().verifyAccessToken(first.accessToken()).profileId();
    f.clock.advance(Duration.ofMinutes(10));

    TokenPair second = refresh(f, first.refreshToken());

    assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
    assertThat(second.sessionId()).isEqualTo(first.sessionId());
    VerifiedAccessToken at = f.gatehouse.sessions().verifyAccessToken(second.accessToken());
    assertThat(at.subject()).isEqualTo(user.toString());
    assertThat(at.sessionId()).isEqualTo(first.sessionId());
    assertThat(at.amr()).containsExactly("pwd");
    assertThat(at.profileId()).isPresent().isEqualTo(firstProfile);
    SessionView s = f.gatehouse.sessions().listSessions(user, null).get(0);
    assertThat(s.lastUsedAt()).isEqualTo(f.clock.instant());
    assertThat(s.network()).isEqualTo("198.51.100.0/24");
    // The new one keeps working.
    assertThat(refresh(f, second.refreshToken()).sessionId()).isEqualTo(first.sessionId());
  }

  /**
   * A logout that commits while a refresh without rotation waits to record its use: the refresh
   * read the session as live before the logout committed, and still issues nothing. The logout's
   * transaction holds the session row; the refresh runs on another thread until PostgreSQL reports
   * it waiting for that transaction (its write of the use), and only then does the logout commit.
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aSessionRevokedWhileARefreshWaitsToRecordItsUseGetsNoAccessToken(DatabaseKind kind)
      throws Exception {
    assumeTrue(
        kind == DatabaseKind.POSTGRESQL, "orders the race by PostgreSQL's report of lock waits");
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    UUID user = Users.create(f);
    TokenPair pair = Users.login(f, user);
    DataSource ds = JpaFixture.of(f).db.dataSource();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Connection logout = ds.getConnection();
        Connection watch = ds.getConnection()) {
      logout.setAutoCommit(false);
      try (PreparedStatement revoke =
          logout.prepareStatement(
              "update gh_session set revoked_at = ?, revoke_reason = 'logout' where id = ?")) {
        revoke.setObject(1, f.clock.instant().atOffset(ZoneOffset.UTC));
        revoke.setString(2, pair.sessionId());
        assertThat(revoke.executeUpdate()).isEqualTo(1);
      }
      int logoutPid;
      try (Statement s = logout.createStatement();
          ResultSet r = s.executeQuery("select pg_backend_pid()")) {
        r.next();
        logoutPid = r.getInt(1);
      }
      Future<Object> refresh =
          pool.submit(
              () -> {
                try {
                  return f.gatehouse
                      .sessions()
                      .refreshWithoutRotation(pair.refreshToken(), ClientInfo.web("198.51.100.9"));
                } catch (RuntimeException e) {
                  return e;
                }
              });
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
      while (!blockedBy(watch, logoutPid)) {
        assertThat(refresh.isDone())
            .as("the refresh must reach the session's row while the logout holds it")
            .isFalse();
        assertThat(System.nanoTime()).as("waited a minute for the lock wait").isLessThan(deadline);
        Thread.onSpinWait();
      }
      logout.commit();
      assertThat(refresh.get(1, TimeUnit.MINUTES)).isInstanceOf(InvalidRefreshTokenException.class);
    } finally {
      pool.shutdownNow();
    }
    assertThat(f.gatehouse.sessions().listSessions(user, null)).isEmpty();
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

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void presentingARotatedTokenRevokesTheWholeFamilyAndPublishesReuse(DatabaseKind kind) {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    UUID user = Users.create(f);
    TokenPair first = Users.login(f, user);
    TokenPair bystander = Users.login(f, user);
    TokenPair second = refresh(f, first.refreshToken());
    assertThat(f.gatehouse.config().get(TokenSettings.REFRESH_REUSE_GRACE)).isZero();

    assertThatThrownBy(() -> refresh(f, first.refreshToken()))
        .isInstanceOf(InvalidRefreshTokenException.class)
        .hasMessage(InvalidRefreshTokenException.MESSAGE);

    assertThat(reuseEvents(f))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.userId()).isEqualTo(user);
              assertThat(e.sessionId()).isEqualTo(first.sessionId());
            });
    // The thief's successor token dies with the family; another session of the user is untouched.
    assertThatThrownBy(() -> refresh(f, second.refreshToken()))
        .isInstanceOf(InvalidRefreshTokenException.class);
    assertThat(f.gatehouse.sessions().listSessions(user, null))
        .extracting(SessionView::id)
        .containsExactly(bystander.sessionId());
    // Replaying again changes nothing further and raises no second event.
    assertThatThrownBy(() -> refresh(f, first.refreshToken()))
        .isInstanceOf(InvalidRefreshTokenException.class);
    assertThat(reuseEvents(f)).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void unknownMalformedAndOversizedTokensGetTheSameErrorAndChangeNothing(DatabaseKind kind) {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    UUID user = Users.create(f);
    TokenPair pair = Users.login(f, user);
    for (String bad :
        new String[] {
          null,
          "",
          "garbage",
          pair.refreshToken() + "x",
          pair.refreshToken().substring(1),
          "x".repeat(10_000),
          pair.accessToken()
        }) {
      assertThatThrownBy(() -> refresh(f, bad))
          .isInstanceOf(InvalidRefreshTokenException.class)
          .hasMessage(InvalidRefreshTokenException.MESSAGE)
          .extracting(e -> ((InvalidRefreshTokenException) e).code())
          .isEqualTo("invalid_refresh_token");
    }
    assertThat(reuseEvents(f)).isEmpty();
    assertThat(refresh(f, pair.refreshToken()).sessionId()).isEqualTo(pair.sessionId());
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void withAGraceWindowARotatedTokenIsAnsweredOnceWithinTheWindow(DatabaseKind kind) {
    GatehouseFixture f =
        new GatehouseFixture(
            FIXTURES.get(kind),
            b -> b.set(TokenSettings.REFRESH_REUSE_GRACE, Duration.ofSeconds(10)));
    UUID user = Users.create(f);
    TokenPair first = Users.login(f, user);
    TokenPair lost = refresh(f, first.refreshToken());
    f.clock.advance(Duration.ofSeconds(5));

    TokenPair retried = refresh(f, first.refreshToken());

    assertThat(retried.sessionId()).isEqualTo(first.sessionId());
    assertThat(reuseEvents(f)).isEmpty();
    TokenPair next = refresh(f, retried.refreshToken());
    // A second replay of the same token is reuse, even inside the window.
    assertThatThrownBy(() -> refresh(f, first.refreshToken()))
        .isInstanceOf(InvalidRefreshTokenException.class);
    assertThat(reuseEvents(f)).hasSize(1);
    assertThatThrownBy(() -> refresh(f, next.refreshToken()))
        .isInstanceOf(InvalidRefreshTokenException.class);
    assertThatThrownBy(() -> refresh(f, lost.refreshToken()))
        .isInstanceOf(InvalidRefreshTokenException.class);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aReplayAfterTheGraceWindowIsReuse(DatabaseKind kind) {
    GatehouseFixture f =
        new GatehouseFixture(
            FIXTURES.get(kind),
            b -> b.set(TokenSettings.REFRESH_REUSE_GRACE, Duration.ofSeconds(10)));
    UUID user = Users.create(f);
    TokenPair first = Users.login(f, user);
    TokenPair second = refresh(f, first.refreshToken());
    f.clock.advance(Duration.ofSeconds(11));

    assertThatThrownBy(() -> refresh(f, first.refreshToken()))
        .isInstanceOf(InvalidRefreshTokenException.class);
    assertThat(reuseEvents(f)).hasSize(1);
    assertThatThrownBy(() -> refresh(f, second.refreshToken()))
        .isInstanceOf(InvalidRefreshTokenException.class);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aSessionEndsAfterTheIdleTimeoutWithoutUse(DatabaseKind kind) {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    Duration idle = f.gatehouse.config().get(TokenSettings.REFRESH_IDLE_TIMEOUT);
    UUID user = Users.create(f);
    TokenPair pair = Users.login(f, user);
    f.clock.advance(idle.minusSeconds(1));
    TokenPair kept = refresh(f, pair.refreshToken());
    f.clock.advance(idle);

    assertThatThrownBy(() -> refresh(f, kept.refreshToken()))
        .isInstanceOf(InvalidRefreshTokenException.class);
    assertThat(reuseEvents(f)).isEmpty();
    assertThat(f.gatehouse.sessions().listSessions(user, null)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aSessionEndsAtItsAbsoluteLifetimeHoweverOftenItIsUsed(DatabaseKind kind) {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    Duration ttl = f.gatehouse.config().get(TokenSettings.REFRESH_TOKEN_TTL);
    UUID user = Users.create(f);
    TokenPair pair = Users.login(f, user);
    java.time.Instant end = f.clock.instant().plus(ttl);
    while (f.clock.instant().plus(Duration.ofDays(6)).isBefore(end)) {
      f.clock.advance(Duration.ofDays(6));
      pair = refresh(f, pair.refreshToken());
    }
    f.clock.set(end);
    String last = pair.refreshToken();

    assertThatThrownBy(() -> refresh(f, last)).isInstanceOf(InvalidRefreshTokenException.class);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void concurrentRefreshesWithOneTokenGiveAtMostOneSuccess(DatabaseKind kind) throws Exception {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    UUID user = Users.create(f);
    TokenPair pair = Users.login(f, user);
    List<Callable<TokenPair>> tasks = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      tasks.add(() -> refresh(f, pair.refreshToken()));
    }

    List<Object> results = Race.run(tasks);

    assertThat(results).filteredOn(TokenPair.class::isInstance).hasSizeLessThanOrEqualTo(1);
    assertThat(results)
        .filteredOn(r -> !(r instanceof TokenPair))
        .allSatisfy(r -> assertThat(r).isInstanceOf(InvalidRefreshTokenException.class));
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

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void withoutRotationTheSameRefreshTokenKeepsIssuingAccessTokensForItsSession(DatabaseKind kind) {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    UUID user = Users.create(f);
    TokenPair pair = Users.login(f, user);
    for (int i = 0; i < 3; i++) {
      f.clock.advance(Duration.ofMinutes(10));
      TokenPair again =
          f.gatehouse
              .sessions()
              .refreshWithoutRotation(pair.refreshToken(), ClientInfo.web("198.51.100.9"));
      assertThat(again.refreshToken()).isEqualTo(pair.refreshToken());
      assertThat(again.sessionId()).isEqualTo(pair.sessionId());
      VerifiedAccessToken at = f.gatehouse.sessions().verifyAccessToken(again.accessToken());
      assertThat(at.sessionId()).isEqualTo(pair.sessionId());
      assertThat(at.subject()).isEqualTo(user.toString());
    }
    SessionView s = f.gatehouse.sessions().listSessions(user, null).get(0);
    assertThat(s.lastUsedAt()).isEqualTo(f.clock.instant());
    assertThat(reuseEvents(f)).isEmpty();
    // Rotation works on the same token; the successor refreshes without rotation too.
    TokenPair rotated = refresh(f, pair.refreshToken());
    assertThat(
            f.gatehouse
                .sessions()
                .refreshWithoutRotation(rotated.refreshToken(), null)
                .refreshToken())
        .isEqualTo(rotated.refreshToken());
    // The rotated one is a copy in other hands: presenting it without rotation is reuse too, and
    // ends the session as at the rotating route.
    assertThatThrownBy(
            () -> f.gatehouse.sessions().refreshWithoutRotation(pair.refreshToken(), null))
        .isInstanceOf(InvalidRefreshTokenException.class);
    assertThat(reuseEvents(f)).hasSize(1);
    assertThat(f.gatehouse.sessions().listSessions(user, null)).isEmpty();
    assertThatThrownBy(
            () -> f.gatehouse.sessions().refreshWithoutRotation(rotated.refreshToken(), null))
        .isInstanceOf(InvalidRefreshTokenException.class);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void withoutRotationAnIdleLoggedOutOrDisabledSessionIsRefused(DatabaseKind kind) {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    Duration idle = f.gatehouse.config().get(TokenSettings.REFRESH_IDLE_TIMEOUT);
    UUID user = Users.create(f);
    TokenPair idled = Users.login(f, user);
    f.clock.advance(idle.plusSeconds(1));
    assertThatThrownBy(
            () -> f.gatehouse.sessions().refreshWithoutRotation(idled.refreshToken(), null))
        .isInstanceOf(InvalidRefreshTokenException.class);
    TokenPair out = Users.login(f, user);
    f.gatehouse.sessions().logout(user, out.sessionId());
    assertThatThrownBy(
            () -> f.gatehouse.sessions().refreshWithoutRotation(out.refreshToken(), null))
        .isInstanceOf(InvalidRefreshTokenException.class);
    TokenPair disabled = Users.login(f, user);
    f.db.store.inTransaction(
        tx ->
            tx.users()
                .update(
                    tx.users().findByPublicId(user).orElseThrow().toBuilder()
                        .active(false)
                        .build()));
    assertThatThrownBy(
            () -> f.gatehouse.sessions().refreshWithoutRotation(disabled.refreshToken(), null))
        .isInstanceOf(InvalidRefreshTokenException.class);
    assertThatThrownBy(() -> f.gatehouse.sessions().refreshWithoutRotation("x".repeat(5000), null))
        .isInstanceOf(InvalidRefreshTokenException.class);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aDisabledUserCannotRefresh(DatabaseKind kind) {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    UUID user = Users.create(f);
    TokenPair pair = Users.login(f, user);
    f.db.store.inTransaction(
        tx ->
            tx.users()
                .update(
                    tx.users().findByPublicId(user).orElseThrow().toBuilder()
                        .active(false)
                        .build()));

    assertThatThrownBy(() -> refresh(f, pair.refreshToken()))
        .isInstanceOf(InvalidRefreshTokenException.class);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aSoftDeletedUserCannotRefreshAndTheSessionIsRevoked(DatabaseKind kind) {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    UUID user = Users.create(f);
    TokenPair pair = Users.login(f, user);
    f.db.store.inTransaction(
        tx ->
            tx.users()
                .update(
                    tx.users().findByPublicId(user).orElseThrow().toBuilder()
                        .deletedAt(f.clock.instant())
                        .build()));

    assertThatThrownBy(() -> refresh(f, pair.refreshToken()))
        .isInstanceOf(InvalidRefreshTokenException.class);
    assertThat(f.gatehouse.sessions().listSessions(user, null)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aRefreshAfterTheSessionsProfileWasDeletedCarriesTheDefaultProfile(DatabaseKind kind) {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    UUID user = Users.create(f);
    TokenPair login = Users.login(f, user);
    String defaultProfile =
        f.gatehouse.sessions().verifyAccessToken(login.accessToken()).profileId().orElseThrow();
    ProfileView shop = f.gatehouse.profiles().create(user, ProfileInput.ofRole("client"));
    TokenPair switched = f.gatehouse.profiles().switchProfile(user, shop.id(), login.sessionId());
    TokenPair onShop = refresh(f, switched.refreshToken());
    assertThat(f.gatehouse.sessions().verifyAccessToken(onShop.accessToken()).profileId())
        .contains(Long.toString(shop.id()));

    f.gatehouse.profiles().delete(user, shop.id());
    TokenPair afterDelete = refresh(f, onShop.refreshToken());
    TokenPair next = refresh(f, afterDelete.refreshToken());

    assertThat(f.gatehouse.sessions().verifyAccessToken(afterDelete.accessToken()).profileId())
        .contains(defaultProfile);
    assertThat(f.gatehouse.sessions().verifyAccessToken(next.accessToken()).profileId())
        .contains(defaultProfile);
    assertThat(next.sessionId()).isEqualTo(login.sessionId());
  }
}
