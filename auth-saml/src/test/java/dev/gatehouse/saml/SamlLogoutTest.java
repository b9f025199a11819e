package dev.gatehouse.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.SignInResult;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The provider's single logout (HTTP-Redirect binding): its signed logout request ends the sessions
 * its sign-ins began for the {@code NameID}, and answers the browser back to the provider; an
 * unsigned request, one signed by a key the organisation did not configure, or one for another
 * subject ends nothing. A logout request works once and only while it is fresh by the module's
 * clock (issue 93 finding 5): replayed, issued long ago or ahead of the provider's clock, or past
 * its {@code NotOnOrAfter}, it is refused and ends nothing.
 */
class SamlLogoutTest {
  private static final SamlStores STORES = new SamlStores();

  @AfterAll
  static void close() {
    STORES.close();
  }

  private static String address(SamlWorld w) {
    return "u" + UUID.randomUUID().toString().substring(0, 6) + "@" + w.domain;
  }

  private static String slo(SamlWorld w) {
    return ServiceProvider.slo(SamlStores.SERVICE_PROVIDER, w.org.id());
  }

  private static boolean live(SamlWorld w, TokenPair tokens) {
    try {
      w.g.gatehouse.sessions().verifyLiveAccessToken(tokens.accessToken());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void theProvidersSignedLogoutEndsTheSessionsItsSignInsBegan(String kind) {
    SamlWorld w = new SamlWorld(STORES, kind, false, false);
    String ann = address(w);
    TokenPair first = ((SignInResult.SignedIn) w.signIn(ann)).tokens();
    TokenPair second = ((SignInResult.SignedIn) w.signIn(ann)).tokens();
    TokenPair other = ((SignInResult.SignedIn) w.signIn(address(w))).tokens();

    URI back =
        w.saml.logout(
            w.org.id(),
            SamlWorld.IDP.logout(slo(w), ann, w.g.clock.instant(), SamlWorld.IDP.key),
            SamlWorld.client());

    assertThat(back.toString()).startsWith(TestIdp.SLO_URL + "?SAMLResponse=");
    assertThat(live(w, first)).isFalse();
    assertThat(live(w, second)).isFalse();
    assertThat(live(w, other)).as("another member's session").isTrue();
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void anUnsignedOrForgedLogoutRequestEndsNothing(String kind) {
    SamlWorld w = new SamlWorld(STORES, kind, false, false);
    String bob = address(w);
    TokenPair tokens = ((SignInResult.SignedIn) w.signIn(bob)).tokens();

    for (Map<String, String> forged :
        new Map[] {
          SamlWorld.IDP.logout(slo(w), bob, w.g.clock.instant(), null),
          SamlWorld.IDP.logout(slo(w), bob, w.g.clock.instant(), TestKeys.named("stranger")),
          SamlWorld.IDP.logout(
              ServiceProvider.slo(SamlStores.SERVICE_PROVIDER, UUID.randomUUID()),
              bob,
              w.g.clock.instant(),
              SamlWorld.IDP.key)
        }) {
      assertThatThrownBy(() -> w.saml.logout(w.org.id(), forged, SamlWorld.client()))
          .isInstanceOf(AuthException.class)
          .extracting(e -> ((AuthException) e).code())
          .isEqualTo(SamlErrors.SAML_RESPONSE_INVALID.code());
    }
    assertThat(live(w, tokens)).isTrue();
  }

  /** The provider's logout request for {@code nameId}, signed, issued now, changed by {@code c}. */
  private static TestIdp.Logout request(SamlWorld w, String nameId, Consumer<TestIdp.Logout> c) {
    TestIdp.Logout l = new TestIdp.Logout(slo(w), nameId, w.g.clock.instant());
    l.signer = SamlWorld.IDP.key;
    c.accept(l);
    return l;
  }

  private static TokenPair signedIn(SamlWorld w, String email) {
    return ((SignInResult.SignedIn) w.signIn(email)).tokens();
  }

  private static void refused(SamlWorld w, Map<String, String> query, String why) {
    assertThatThrownBy(() -> w.saml.logout(w.org.id(), query, SamlWorld.client()))
        .isInstanceOf(AuthException.class)
        .hasMessageContaining(why)
        .extracting(e -> ((AuthException) e).code())
        .isEqualTo(SamlErrors.SAML_RESPONSE_INVALID.code());
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void aLogoutRequestReplayedAfterTheMemberSignsBackInEndsNothing(String kind) {
    SamlWorld w = new SamlWorld(STORES, kind, false, false);
    String ann = address(w);
    TokenPair first = signedIn(w, ann);
    Map<String, String> query = SamlWorld.IDP.logout(request(w, ann, l -> {}));
    w.saml.logout(w.org.id(), query, SamlWorld.client());
    assertThat(live(w, first)).isFalse();
    w.g.clock.advance(Duration.ofMinutes(1));
    TokenPair again = signedIn(w, ann);

    refused(w, query, "used before");

    assertThat(live(w, again)).as("the session begun after the logout").isTrue();
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void aLogoutRequestIssuedYearsAgoWithoutNotOnOrAfterIsRefused(String kind) {
    SamlWorld w = new SamlWorld(STORES, kind, false, false);
    String bob = address(w);
    TokenPair tokens = signedIn(w, bob);
    Instant yearsAgo = w.g.clock.instant().minus(Duration.ofDays(3 * 365));

    refused(w, SamlWorld.IDP.logout(request(w, bob, l -> l.issued = yearsAgo)), "issued at");

    assertThat(live(w, tokens)).isTrue();
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void aLogoutRequestIssuedAheadOfTheProvidersAllowedDriftIsRefused(String kind) {
    SamlWorld w = new SamlWorld(STORES, kind, false, false);
    String bob = address(w);
    TokenPair tokens = signedIn(w, bob);
    Instant ahead = w.g.clock.instant().plus(SamlTime.DRIFT).plusSeconds(60);

    refused(w, SamlWorld.IDP.logout(request(w, bob, l -> l.issued = ahead)), "issued at");

    assertThat(live(w, tokens)).isTrue();
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void aLogoutRequestPastItsNotOnOrAfterByTheModulesClockIsRefused(String kind) {
    SamlWorld w = new SamlWorld(STORES, kind, false, false);
    String bob = address(w);
    TokenPair tokens = signedIn(w, bob);
    // Still ahead of the system's clock, which java-saml reads: only the module's clock refuses it.
    Map<String, String> query =
        SamlWorld.IDP.logout(
            request(w, bob, l -> l.notOnOrAfter = w.g.clock.instant().plusSeconds(60)));
    w.g.clock.advance(Duration.ofSeconds(60).plus(SamlTime.DRIFT).plusSeconds(1));

    refused(w, query, "expired");

    assertThat(live(w, tokens)).isTrue();
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void aLogoutRequestIsAcceptedWithinItsWindowOnEitherSide(String kind) {
    SamlWorld w = new SamlWorld(STORES, kind, false, false);
    Duration oldest = LogoutCheck.MAX_AGE.plus(SamlTime.DRIFT).minusSeconds(1);
    for (Instant issued :
        List.of(
            w.g.clock.instant().minus(oldest),
            w.g.clock.instant().plus(SamlTime.DRIFT).minusSeconds(1))) {
      String carol = address(w);
      TokenPair tokens = signedIn(w, carol);

      w.saml.logout(
          w.org.id(),
          SamlWorld.IDP.logout(request(w, carol, l -> l.issued = issued)),
          SamlWorld.client());

      assertThat(live(w, tokens)).as("issued at " + issued).isFalse();
    }
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void twoIdenticalLogoutRequestsAtOnceAreAcceptedOnce(String kind) throws Exception {
    SamlWorld w = new SamlWorld(STORES, kind, false, false);
    String dan = address(w);
    signedIn(w, dan);
    Map<String, String> query = SamlWorld.IDP.logout(request(w, dan, l -> {}));
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<URI>> answers = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        answers.add(
            pool.submit(
                () -> {
                  start.await(10, TimeUnit.SECONDS);
                  return w.saml.logout(w.org.id(), query, SamlWorld.client());
                }));
      }
      start.countDown();
      int accepted = 0;
      List<Throwable> refusals = new ArrayList<>();
      for (Future<URI> f : answers) {
        try {
          f.get(60, TimeUnit.SECONDS);
          accepted++;
        } catch (java.util.concurrent.ExecutionException e) {
          refusals.add(e.getCause());
        }
      }
      assertThat(accepted).isEqualTo(1);
      assertThat(refusals)
          .singleElement()
          .isInstanceOf(AuthException.class)
          .extracting(e -> ((AuthException) e).code())
          .isEqualTo(SamlErrors.SAML_RESPONSE_INVALID.code());
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest
  @ArgumentsSource(SamlStores.Kinds.class)
  void aRememberedLogoutRequestIsForgottenWhenItExpiresAndStaysRefused(String kind) {
    SamlWorld w = new SamlWorld(STORES, kind, false, false);
    String erin = address(w);
    signedIn(w, erin);
    TestIdp.Logout l = request(w, erin, x -> {});
    Map<String, String> query = SamlWorld.IDP.logout(l);
    w.saml.logout(w.org.id(), query, SamlWorld.client());
    String key = SamlTables.replayKey(TestIdp.ENTITY_ID, l.id);
    assertThat(remembered(w, key)).isTrue();

    w.g.clock.advance(LogoutCheck.MAX_AGE.plus(SamlTime.DRIFT).plusSeconds(2));
    TokenPair later = signedIn(w, erin); // a response's check forgets what expired, on every store

    assertThat(remembered(w, key)).as("remembered after it expired").isFalse();
    refused(w, query, "issued at");
    assertThat(live(w, later)).isTrue();
  }

  private static boolean remembered(SamlWorld w, String key) {
    return w.g.db.store.inTransaction(
        tx ->
            !tx.moduleTables()
                .rows(SamlTables.LOGOUT_REQUESTS)
                .find(Map.of("request_key", key))
                .isEmpty());
  }
}
