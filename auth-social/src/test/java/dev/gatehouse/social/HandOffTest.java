package dev.gatehouse.social;

import static dev.gatehouse.core.flows.account.AccountTests.codeOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.EveryStore;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.flows.session.Race;
import dev.gatehouse.core.flows.session.RefreshTest;
import dev.gatehouse.core.flows.session.Users;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.SessionService.InvalidRefreshTokenException;
import dev.gatehouse.core.session.SessionService.TokenPair;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A session handed from the browser's sign-in to the single-page application that started it: a
 * one-time code bound to the application's PKCE challenge, exchanged once for the session's tokens;
 * and what an attacker holding the code, but not the verifier, gets.
 */
class HandOffTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final SecureRandom RANDOM = new SecureRandom();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  /** A fresh PKCE verifier: 43 base64url characters. */
  private static String verifier() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Its S256 challenge. */
  private static String challenge(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A Gatehouse with the social module, whose hand-offs these are. */
  private static GatehouseFixture installed(StoreKind kind) {
    return new GatehouseFixture(
        FIXTURES.get(kind), b -> b, b -> b.install(new SocialSignIn(List.of())));
  }

  private static SocialService social(GatehouseFixture g) {
    return g.gatehouse.feature(SocialService.class);
  }

  private static TokenPair signIn(GatehouseFixture g) {
    return Users.login(g, Users.create(g));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void theCodeAndItsVerifierGiveTheSessionOnceWithANewRefreshToken(StoreKind kind) {
    GatehouseFixture g = installed(kind);
    TokenPair browser = signIn(g);
    String verifier = verifier();
    String code = social(g).handOff(browser, challenge(verifier));

    TokenPair app = social(g).redeemHandOff(code, verifier);

    assertThat(app.sessionId()).isEqualTo(browser.sessionId());
    assertThat(app.userId()).isEqualTo(browser.userId());
    assertThat(g.gatehouse.sessions().verifyAccessToken(app.accessToken()).sessionId())
        .isEqualTo(browser.sessionId());
    assertThat(app.refreshToken()).isNotEqualTo(browser.refreshToken());
    TokenPair refreshed = g.gatehouse.sessions().refresh(app.refreshToken(), null);
    assertThat(refreshed.sessionId()).isEqualTo(browser.sessionId());
    // The refresh token the browser's sign-in answered was replaced at the exchange: whoever saw
    // it on the way cannot use it, and presenting it ends the session as any reused token does.
    assertThat(codeOf(() -> RefreshTest.refresh(g, browser.refreshToken())))
        .isEqualTo(new InvalidRefreshTokenException().code());
    assertThat(codeOf(() -> RefreshTest.refresh(g, refreshed.refreshToken())))
        .isEqualTo(new InvalidRefreshTokenException().code());
    // Spent: the second exchange is refused.
    assertThat(codeOf(() -> social(g).redeemHandOff(code, verifier))).isEqualTo("invalid_grant");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aStolenCodeWithoutTheVerifierIsRefusedAndStaysTheApplications(StoreKind kind) {
    GatehouseFixture g = installed(kind);
    TokenPair browser = signIn(g);
    String verifier = verifier();
    String code = social(g).handOff(browser, challenge(verifier));

    for (String guess : List.of(verifier(), verifier.substring(1) + "A", challenge(verifier))) {
      assertThat(codeOf(() -> social(g).redeemHandOff(code, guess))).isEqualTo("invalid_grant");
    }
    // Another session's code with this verifier is no better.
    String otherVerifier = verifier();
    String other = social(g).handOff(signIn(g), challenge(otherVerifier));
    assertThat(codeOf(() -> social(g).redeemHandOff(other, verifier))).isEqualTo("invalid_grant");

    assertThat(social(g).redeemHandOff(code, verifier).sessionId()).isEqualTo(browser.sessionId());
    assertThat(social(g).redeemHandOff(other, otherVerifier)).isNotNull();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aCodeWorksForTwoMinutesAndNotForASessionThatEnded(StoreKind kind) {
    GatehouseFixture g = installed(kind);
    TokenPair late = signIn(g);
    String lateVerifier = verifier();
    String lateCode = social(g).handOff(late, challenge(lateVerifier));
    TokenPair ended = signIn(g);
    String endedVerifier = verifier();
    String endedCode = social(g).handOff(ended, challenge(endedVerifier));
    TokenPair onTime = signIn(g);
    String onTimeVerifier = verifier();
    String onTimeCode = social(g).handOff(onTime, challenge(onTimeVerifier));

    g.gatehouse.sessions().logout(ended.userId(), ended.sessionId());
    assertThat(codeOf(() -> social(g).redeemHandOff(endedCode, endedVerifier)))
        .isEqualTo("invalid_grant");
    g.clock.advance(Duration.ofMinutes(2).minusSeconds(1));
    assertThat(social(g).redeemHandOff(onTimeCode, onTimeVerifier)).isNotNull();
    g.clock.advance(Duration.ofSeconds(2));
    assertThat(codeOf(() -> social(g).redeemHandOff(lateCode, lateVerifier)))
        .isEqualTo("invalid_grant");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void malformedInputGetsTypedErrorsAndSpendsNothing(StoreKind kind) {
    GatehouseFixture g = installed(kind);
    TokenPair browser = signIn(g);
    for (String bad : List.of("", "short", "plain-verifier-not-a-hash", "x".repeat(44))) {
      assertThat(codeOf(() -> social(g).handOff(browser, bad))).isEqualTo("invalid_code_challenge");
    }
    String verifier = verifier();
    String code = social(g).handOff(browser, challenge(verifier));
    for (String badVerifier :
        List.of("", "too-short", "has spaces in it " + verifier, "é" + verifier)) {
      assertThat(codeOf(() -> social(g).redeemHandOff(code, badVerifier)))
          .isEqualTo("invalid_grant");
    }
    assertThat(codeOf(() -> social(g).redeemHandOff("", verifier))).isEqualTo("invalid_grant");
    assertThat(codeOf(() -> social(g).redeemHandOff("c".repeat(10_000), verifier)))
        .isEqualTo("invalid_grant");
    // None of that spent the code.
    assertThat(social(g).redeemHandOff(code, verifier).sessionId()).isEqualTo(browser.sessionId());
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void codesOfTheRightShapeThatWereNeverIssuedAreRefused(StoreKind kind) {
    GatehouseFixture g = installed(kind);
    TokenPair browser = signIn(g);
    for (int i = 0; i < 20; i++) {
      String token = SecretHasher.newToken();
      assertThat(codeOf(() -> social(g).redeemHandOff(token, SecretHasher.newToken())))
          .isEqualTo("invalid_grant");
    }
    assertThat(g.gatehouse.sessions().refresh(browser.refreshToken(), null).sessionId())
        .isEqualTo(browser.sessionId());
  }

  @EveryStore("concurrent exchanges of one hand-off code")
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void ofConcurrentExchangesOfOneCodeExactlyOneGetsTheSession(StoreKind kind) throws Exception {
    GatehouseFixture g = installed(kind);
    TokenPair browser = signIn(g);
    String verifier = verifier();
    String code = social(g).handOff(browser, challenge(verifier));
    List<Callable<TokenPair>> exchanges = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      exchanges.add(() -> social(g).redeemHandOff(code, verifier));
    }

    List<Object> outcomes = Race.run(exchanges);

    assertThat(outcomes).filteredOn(o -> o instanceof TokenPair).hasSize(1);
    assertThat(outcomes)
        .filteredOn(o -> !(o instanceof TokenPair))
        .hasSize(7)
        .allSatisfy(
            o ->
                assertThat(
                        codeOf(
                            () -> {
                              throw (Throwable) o;
                            }))
                    .isEqualTo("invalid_grant"));
  }
}
