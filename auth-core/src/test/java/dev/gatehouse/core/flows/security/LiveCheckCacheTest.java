package dev.gatehouse.core.flows.security;

import static dev.gatehouse.core.flows.security.RecentAuthTest.codeOf;
import static dev.gatehouse.core.flows.security.RecentAuthTest.email;
import static dev.gatehouse.core.flows.security.RecentAuthTest.signedIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.core.token.SigningKeys;
import dev.gatehouse.core.token.SigningKeys.SigningAlgorithm;
import dev.gatehouse.testing.OneDatabase;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** Finding 2: the bounded-staleness cache of {@code verifyLiveAccessToken}. */
@OneDatabase("the live check's cache, in the facade, on a moved clock")
class LiveCheckCacheTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final SigningKeys KEYS = SigningKeys.ephemeral(SigningAlgorithm.ES256);

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  /** One application instance; every instance of a test shares the database and the keys. */
  private static GatehouseFixture instance(StoreFixture db, Duration cache) {
    return new GatehouseFixture(
        db, b -> b.set(TokenSettings.LIVE_CHECK_CACHE, cache), w -> w.signingKeys(KEYS));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aRevocationHereCountsAtOnceAndOneElsewhereWithinTheCacheDuration(StoreKind kind) {
    StoreFixture db = FIXTURES.get(kind);
    GatehouseFixture here = instance(db, Duration.ofSeconds(30));
    GatehouseFixture there = instance(db, Duration.ofSeconds(30));
    SessionService mine = here.gatehouse.sessions();
    SessionService theirs = there.gatehouse.sessions();
    String email = email();
    TokenPair first = signedIn(here, email);
    VerifiedAccessToken caller = mine.verifyLiveAccessToken(first.accessToken());
    theirs.verifyLiveAccessToken(first.accessToken());

    mine.logout(caller.userPublicId(), caller.sessionId());
    assertThat(codeOf(() -> mine.verifyLiveAccessToken(first.accessToken())))
        .isEqualTo("invalid_token");
    // The other instance answers from memory until its entry is 30 seconds old: the documented
    // staleness. Without a cache it would read the database and refuse.
    theirs.verifyLiveAccessToken(first.accessToken());
    there.clock.advance(Duration.ofSeconds(30));
    assertThat(codeOf(() -> theirs.verifyLiveAccessToken(first.accessToken())))
        .isEqualTo("invalid_token");

    // Revocations by user (logout everywhere, password change) forget this instance's entries too.
    TokenPair second =
        here.gatehouse
            .accounts()
            .login(LoginRequest.of(email, RecentAuthTest.PASSWORD))
            .orElseThrow()
            .tokens();
    mine.verifyLiveAccessToken(second.accessToken());
    mine.logoutAll(caller.userPublicId());
    assertThat(codeOf(() -> mine.verifyLiveAccessToken(second.accessToken())))
        .isEqualTo("invalid_token");

    TokenPair third =
        here.gatehouse
            .accounts()
            .login(LoginRequest.of(email, RecentAuthTest.PASSWORD))
            .orElseThrow()
            .tokens();
    mine.verifyLiveAccessToken(third.accessToken());
    here.gatehouse
        .accounts()
        .changePassword(caller.userPublicId(), RecentAuthTest.PASSWORD, "amber-canyon-4410");
    assertThat(codeOf(() -> mine.verifyLiveAccessToken(third.accessToken())))
        .isEqualTo("invalid_token");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void withoutTheCacheARevocationElsewhereCountsAtOnce(StoreKind kind) {
    StoreFixture db = FIXTURES.get(kind);
    GatehouseFixture here = instance(db, Duration.ZERO);
    GatehouseFixture there = instance(db, Duration.ZERO);
    TokenPair pair = signedIn(here, email());
    VerifiedAccessToken caller =
        here.gatehouse.sessions().verifyLiveAccessToken(pair.accessToken());
    there.gatehouse.sessions().logout(caller.userPublicId(), caller.sessionId());
    assertThat(codeOf(() -> here.gatehouse.sessions().verifyLiveAccessToken(pair.accessToken())))
        .isEqualTo("invalid_token");
  }
}
