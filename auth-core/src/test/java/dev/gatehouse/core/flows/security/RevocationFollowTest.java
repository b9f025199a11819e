package dev.gatehouse.core.flows.security;

import static dev.gatehouse.core.flows.security.RecentAuthTest.codeOf;
import static dev.gatehouse.core.flows.security.RecentAuthTest.email;
import static dev.gatehouse.core.flows.security.RecentAuthTest.signedIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.error.AuthException.AuthInfrastructureException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.flows.ChangedStores;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.SessionStore;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.core.token.SigningKeys;
import dev.gatehouse.core.token.SigningKeys.SigningAlgorithm;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Issue 54, item 2: {@code verifyUnrevokedAccessToken} refuses an ended session's token at the cost
 * of stateless verification, each instance following the revocations of the others through one
 * indexed read per {@code gatehouse.token.revocation-follow}. Time moves by hand.
 */
class RevocationFollowTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final SigningKeys KEYS = SigningKeys.ephemeral(SigningAlgorithm.ES256);

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  /** One application instance with the default settings; instances share database and keys. */
  private static GatehouseFixture instance(StoreFixture db) {
    return new GatehouseFixture(db, b -> b, w -> w.signingKeys(KEYS));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aRevocationHereIsRefusedAtOnceAndOneElsewhereAfterTheNextLook(StoreKind kind) {
    StoreFixture db = FIXTURES.get(kind);
    GatehouseFixture here = instance(db);
    GatehouseFixture there = instance(db);
    SessionService mine = here.gatehouse.sessions();
    SessionService theirs = there.gatehouse.sessions();
    TokenPair pair = signedIn(here, email());
    VerifiedAccessToken caller = mine.verifyUnrevokedAccessToken(pair.accessToken());
    theirs.verifyUnrevokedAccessToken(pair.accessToken());

    mine.logout(caller.userPublicId(), caller.sessionId());
    assertThat(codeOf(() -> mine.verifyUnrevokedAccessToken(pair.accessToken())))
        .isEqualTo("invalid_token");
    // The other instance looked a moment ago: it accepts until its next look, the documented
    // delay, and refuses once the follow interval (2 s by default) has passed.
    theirs.verifyUnrevokedAccessToken(pair.accessToken());
    there.clock.advance(Duration.ofMillis(1999));
    theirs.verifyUnrevokedAccessToken(pair.accessToken());
    there.clock.advance(Duration.ofMillis(1));
    assertThat(codeOf(() -> theirs.verifyUnrevokedAccessToken(pair.accessToken())))
        .isEqualTo("invalid_token");
    // The stateless check still accepts it: the refusal is the follower's.
    theirs.verifyAccessToken(pair.accessToken());
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void logoutEverywhereAPasswordChangeAndARevocationAreRefusedAtOnceOnTheirInstance(
      StoreKind kind) {
    GatehouseFixture here = instance(FIXTURES.get(kind));
    SessionService sessions = here.gatehouse.sessions();
    String email = email();
    TokenPair first = signedIn(here, email);
    UUID user = sessions.verifyUnrevokedAccessToken(first.accessToken()).userPublicId();
    sessions.logoutAll(user);
    assertThat(codeOf(() -> sessions.verifyUnrevokedAccessToken(first.accessToken())))
        .isEqualTo("invalid_token");

    TokenPair second = login(here, email, RecentAuthTest.PASSWORD);
    sessions.verifyUnrevokedAccessToken(second.accessToken());
    here.gatehouse.accounts().changePassword(user, RecentAuthTest.PASSWORD, "amber-canyon-4410");
    assertThat(codeOf(() -> sessions.verifyUnrevokedAccessToken(second.accessToken())))
        .isEqualTo("invalid_token");

    TokenPair third = login(here, email, "amber-canyon-4410");
    VerifiedAccessToken t = sessions.verifyUnrevokedAccessToken(third.accessToken());
    sessions.revokeSession(user, t.sessionId());
    assertThat(codeOf(() -> sessions.verifyUnrevokedAccessToken(third.accessToken())))
        .isEqualTo("invalid_token");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void callsWithinTheIntervalReadNothingAndTheNextLookReadsOnce(StoreKind kind) {
    StoreFixture db = FIXTURES.get(kind);
    AtomicInteger looks = new AtomicInteger();
    GatehouseFixture counted =
        new GatehouseFixture(
            new StoreFixture(failingLooks(db.store, looks, new AtomicBoolean())),
            b -> b,
            w -> w.signingKeys(KEYS));
    SessionService sessions = counted.gatehouse.sessions();
    TokenPair pair = signedIn(counted, email());
    sessions.verifyUnrevokedAccessToken(pair.accessToken());
    int before = looks.get();
    for (int i = 0; i < 1000; i++) {
      sessions.verifyUnrevokedAccessToken(pair.accessToken());
    }
    assertThat(looks.get()).isEqualTo(before);
    counted.clock.advance(Duration.ofSeconds(2));
    for (int i = 0; i < 1000; i++) {
      sessions.verifyUnrevokedAccessToken(pair.accessToken());
    }
    assertThat(looks.get()).isEqualTo(before + 1);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void withoutFollowingEveryCallReadsTheSessionSoARevocationElsewhereCountsAtOnce(StoreKind kind) {
    StoreFixture db = FIXTURES.get(kind);
    UnaryOperator<dev.gatehouse.core.config.GatehouseConfig.Builder> off =
        b -> b.set(TokenSettings.REVOCATION_FOLLOW, Duration.ZERO);
    GatehouseFixture here = new GatehouseFixture(db, off, w -> w.signingKeys(KEYS));
    GatehouseFixture there = new GatehouseFixture(db, off, w -> w.signingKeys(KEYS));
    TokenPair pair = signedIn(here, email());
    VerifiedAccessToken caller =
        here.gatehouse.sessions().verifyUnrevokedAccessToken(pair.accessToken());
    there.gatehouse.sessions().logout(caller.userPublicId(), caller.sessionId());
    assertThat(
            codeOf(() -> here.gatehouse.sessions().verifyUnrevokedAccessToken(pair.accessToken())))
        .isEqualTo("invalid_token");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aLookThatCannotReadRefusesRatherThanAcceptsAndDoesNotHammerTheDatabase(StoreKind kind) {
    StoreFixture db = FIXTURES.get(kind);
    AtomicInteger looks = new AtomicInteger();
    AtomicBoolean down = new AtomicBoolean();
    GatehouseFixture g =
        new GatehouseFixture(
            new StoreFixture(failingLooks(db.store, looks, down)),
            b -> b,
            w -> w.signingKeys(KEYS));
    SessionService sessions = g.gatehouse.sessions();
    TokenPair pair = signedIn(g, email());
    VerifiedAccessToken caller = sessions.verifyUnrevokedAccessToken(pair.accessToken());
    // Revoked through another instance while this one cannot read: never accepted meanwhile.
    GatehouseFixture other = instance(db);
    other.gatehouse.sessions().logout(caller.userPublicId(), caller.sessionId());
    down.set(true);
    g.clock.advance(Duration.ofSeconds(2));
    int before = looks.get();
    assertThat(codeOf(() -> sessions.verifyUnrevokedAccessToken(pair.accessToken())))
        .isEqualTo("storage_failed");
    assertThat(looks.get()).isEqualTo(before + 1);
    // Within the interval after the failure the others fail at once, without a query each.
    for (int i = 0; i < 100; i++) {
      assertThat(codeOf(() -> sessions.verifyUnrevokedAccessToken(pair.accessToken())))
          .isEqualTo("storage_failed");
    }
    assertThat(looks.get()).isEqualTo(before + 1);
    down.set(false);
    g.clock.advance(Duration.ofSeconds(2));
    assertThat(codeOf(() -> sessions.verifyUnrevokedAccessToken(pair.accessToken())))
        .isEqualTo("invalid_token");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aRevocationMadeAfterTheClockWasSetBackIsStillSeen(StoreKind kind) {
    StoreFixture db = FIXTURES.get(kind);
    GatehouseFixture here = instance(db);
    SessionService sessions = here.gatehouse.sessions();
    TokenPair pair = signedIn(here, email());
    here.clock.advance(Duration.ofMinutes(2));
    VerifiedAccessToken caller = sessions.verifyUnrevokedAccessToken(pair.accessToken());
    here.clock.advance(Duration.ofMinutes(-2));
    sessions.logout(caller.userPublicId(), caller.sessionId());
    assertThat(codeOf(() -> sessions.verifyUnrevokedAccessToken(pair.accessToken())))
        .isEqualTo("invalid_token");
  }

  private static TokenPair login(GatehouseFixture g, String email, String password) {
    return g.gatehouse.accounts().login(LoginRequest.of(email, password)).orElseThrow().tokens();
  }

  /** {@code store}, counting the reads of revoked sessions, which fail while {@code down}. */
  private static AuthStore failingLooks(AuthStore store, AtomicInteger looks, AtomicBoolean down) {
    return ChangedStores.withTransactions(
        store,
        tx ->
            ChangedStores.overriding(
                StoreTransaction.class,
                tx,
                (method, args) ->
                    method.getName().equals("sessions")
                        ? ChangedStores.overriding(
                            SessionStore.class,
                            tx.sessions(),
                            (m, a) -> {
                              if (m.getName().equals("revokedSince")) {
                                looks.incrementAndGet();
                                if (down.get()) {
                                  throw new AuthInfrastructureException(
                                      ErrorCode.STORAGE_FAILED,
                                      "the test's database is down",
                                      true,
                                      null);
                                }
                              }
                              return null;
                            })
                        : null));
  }
}
