package dev.gatehouse.core.flows.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.ProfileService.ProfileInput;
import dev.gatehouse.core.session.ProfileService.ProfileView;
import dev.gatehouse.core.session.SessionService.InvalidRefreshTokenException;
import dev.gatehouse.core.session.SessionService.SessionView;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Refresh tokens: rotation, reuse detection, the grace window, idle and absolute lifetimes, the
 * refresh without rotation, and what a disabled or deleted account or a deleted profile does to a
 * refresh. On the in-memory store here and on H2, PostgreSQL and MariaDB in auth-jpa; the races
 * that need a second database connection or a second instance stay in auth-jpa
 * (RefreshInstancesTest).
 */
public class RefreshTest {
  private static final Fixtures FIXTURES = new Fixtures();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  /** A refresh from a fixed client network; RefreshInstancesTest (auth-jpa) uses it too. */
  public static TokenPair refresh(GatehouseFixture f, String token) {
    return f.gatehouse.sessions().refresh(token, ClientInfo.web("198.51.100.9"));
  }

  private static List<AuthEvent.TokenReuseDetected> reuseEvents(GatehouseFixture f) {
    return f.events.stream()
        .filter(AuthEvent.TokenReuseDetected.class::isInstance)
        .map(AuthEvent.TokenReuseDetected.class::cast)
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void refreshRotatesTheTokenAndKeepsTheSession(StoreKind kind) {
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

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void unknownMalformedAndOversizedTokensGetTheSameErrorAndChangeNothing(StoreKind kind) {
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
  @ArgumentsSource(EnabledStores.class)
  void withAGraceWindowARotatedTokenIsAnsweredOnceWithinTheWindow(StoreKind kind) {
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
  @ArgumentsSource(EnabledStores.class)
  void aReplayAfterTheGraceWindowIsReuse(StoreKind kind) {
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
  @ArgumentsSource(EnabledStores.class)
  void aUseMovesTheIdleExpiryOnlyByAHundredthOfTheTimeoutOrMore(StoreKind kind) {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    Duration idle = f.gatehouse.config().get(TokenSettings.REFRESH_IDLE_TIMEOUT);
    Duration step = idle.dividedBy(100);
    UUID user = Users.create(f);
    TokenPair pair = Users.login(f, user);
    Instant signedIn = f.clock.instant();
    assertThat(idleExpiry(f, pair)).isEqualTo(signedIn.plus(idle));

    // Used before a hundredth has passed: the stored expiry stays (no index to rewrite).
    f.clock.advance(step.minusSeconds(1));
    TokenPair early = refresh(f, pair.refreshToken());
    assertThat(idleExpiry(f, early)).isEqualTo(signedIn.plus(idle));
    SessionView used = f.gatehouse.sessions().listSessions(user, null).get(0);
    assertThat(used.lastUsedAt()).isEqualTo(f.clock.instant());

    // A hundredth after the stored one: it moves to the full timeout from this use.
    f.clock.advance(Duration.ofSeconds(1));
    TokenPair moved = refresh(f, early.refreshToken());
    Instant lastUse = f.clock.instant();
    assertThat(idleExpiry(f, moved)).isEqualTo(lastUse.plus(idle));

    // Never later than the timeout after the last use, and no sooner than 99% of it.
    f.clock.advance(step.minusSeconds(1));
    TokenPair kept = refresh(f, moved.refreshToken());
    Instant keptUntil = idleExpiry(f, kept);
    assertThat(keptUntil).isEqualTo(lastUse.plus(idle));
    assertThat(Duration.between(f.clock.instant(), keptUntil))
        .isGreaterThanOrEqualTo(idle.minus(step))
        .isLessThanOrEqualTo(idle);
    f.clock.advance(Duration.between(f.clock.instant(), keptUntil));
    assertThatThrownBy(() -> refresh(f, kept.refreshToken()))
        .isInstanceOf(InvalidRefreshTokenException.class);
    assertThat(reuseEvents(f)).isEmpty();
  }

  private static Instant idleExpiry(GatehouseFixture f, TokenPair pair) {
    return f.db
        .store
        .inTransaction(tx -> tx.sessions().findSession(pair.sessionId()))
        .orElseThrow()
        .idleExpiresAt();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aSessionEndsAfterTheIdleTimeoutWithoutUse(StoreKind kind) {
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
  @ArgumentsSource(EnabledStores.class)
  void aSessionEndsAtItsAbsoluteLifetimeHoweverOftenItIsUsed(StoreKind kind) {
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
  @ArgumentsSource(EnabledStores.class)
  void concurrentRefreshesWithOneTokenGiveAtMostOneSuccess(StoreKind kind) throws Exception {
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
  @ArgumentsSource(EnabledStores.class)
  void withoutRotationTheSameRefreshTokenKeepsIssuingAccessTokensForItsSession(StoreKind kind) {
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
  @ArgumentsSource(EnabledStores.class)
  void withoutRotationAnIdleLoggedOutOrDisabledSessionIsRefused(StoreKind kind) {
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
  @ArgumentsSource(EnabledStores.class)
  void aDisabledUserCannotRefresh(StoreKind kind) {
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
  @ArgumentsSource(EnabledStores.class)
  void aSoftDeletedUserCannotRefreshAndTheSessionIsRevoked(StoreKind kind) {
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
  @ArgumentsSource(EnabledStores.class)
  void aRefreshAfterTheSessionsProfileWasDeletedCarriesTheDefaultProfile(StoreKind kind) {
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

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void presentingARotatedTokenRevokesTheWholeFamilyAndPublishesReuse(StoreKind kind) {
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
}
