package dev.gatehouse.saml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.SignInResult;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The provider's single logout (HTTP-Redirect binding): its signed logout request ends the sessions
 * its sign-ins began for the {@code NameID}, and answers the browser back to the provider; an
 * unsigned request, one signed by a key the organisation did not configure, or one for another
 * subject ends nothing.
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
}
