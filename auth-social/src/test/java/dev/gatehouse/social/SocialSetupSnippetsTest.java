package dev.gatehouse.social;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.social.SocialService.SocialRedirect;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.net.URI;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The code of docs/SOCIAL.md, compiled and run. */
class SocialSetupSnippetsTest {

  @Test
  void theProvidersOfTheGuideBuildAndRegister() throws Exception {
    String googleClientId = "web.apps.googleusercontent.com";
    String googleClientSecret = "google-secret";
    String servicesId = "com.example.web";
    String teamId = "TEAM42";
    String keyId = "KEY123";
    String applePrivateKeyPem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder()
                .encodeToString(
                    new ECKeyGenerator(Curve.P_256).generate().toECPrivateKey().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    String facebookAppId = "1234567890";
    String facebookAppSecret = "fb-secret";
    String oktaClientId = "okta-client";
    String oktaClientSecret = "okta-secret";
    try (SocialWorld world = new SocialWorld(DatabaseKind.H2, clock -> List.of())) {
      Gatehouse.Builder builder = Gatehouse.builder(world.gatehouse.config(), world.store);
      // snippet:start providers
      SocialProvider google = GoogleProvider.builder(googleClientId, googleClientSecret).build();
      SocialProvider workspace =
          GoogleProvider.hostedDomain(
                  GoogleProvider.builder(googleClientId, googleClientSecret), "example.com")
              .build(); // only accounts of example.com (checked on the token's hd claim)
      SocialProvider apple =
          AppleProvider.builder(servicesId, teamId, keyId, applePrivateKeyPem)
              .nativeClientId("com.example.app") // the iOS app's bundle id
              .build();
      SocialProvider facebook = FacebookProvider.builder(facebookAppId, facebookAppSecret).build();
      SocialProvider okta =
          OidcProvider.builder("okta", URI.create("https://example.okta.com"), oktaClientId)
              .clientSecret(oktaClientSecret)
              .build();
      builder.install(new SocialSignIn(google, apple, facebook, okta));
      // snippet:end providers
      try (Gatehouse gatehouse = builder.deliveryExecutor(Runnable::run).build()) {
        assertThat(gatehouse.feature(SocialService.class).providers())
            .containsExactly("apple", "facebook", "google", "okta");
        assertThat(workspace.id()).isEqualTo("google");
        SocialRedirect r =
            gatehouse
                .feature(SocialService.class)
                .begin("facebook", URI.create("https://app.example.test/cb"));
        assertThat(r.authorizationUri().getHost()).isEqualTo("www.facebook.com");
      }
    }
  }

  @Test
  void theFlowOfTheGuide() throws Exception {
    try (LocalOidcServer idp =
            new LocalOidcServer(
                "client", "secret", dev.gatehouse.testing.MutableClock.at(Instant.now()));
        SocialWorld world =
            new SocialWorld(
                DatabaseKind.H2,
                clock ->
                    List.<SocialProvider>of(
                        OidcProvider.builder("okta", idp.issuerUri(), "client")
                            .clientSecret("secret")
                            .build()))) {
      Gatehouse gatehouse = world.gatehouse;
      URI callbackUri = URI.create("https://app.example.test/auth/login/social/callback/");
      // snippet:start flow
      SocialService social = gatehouse.feature(SocialService.class);
      // 1. Send the browser to the provider (keep the state in a cookie of this browser, too).
      SocialRedirect redirect = social.begin("okta", callbackUri);
      // snippet:hide
      var cb =
          LocalOidcServer.parse(
              URI.create(
                      java.net.http.HttpClient.newHttpClient()
                          .send(
                              java.net.http.HttpRequest.newBuilder(redirect.authorizationUri())
                                  .build(),
                              java.net.http.HttpResponse.BodyHandlers.discarding())
                          .headers()
                          .firstValue("Location")
                          .orElseThrow())
                  .getRawQuery());
      String state = cb.get("state");
      String code = cb.get("code");
      // snippet:show
      // 2. At the callback: check the state against the cookie, then let Gatehouse finish.
      SignInResult outcome = social.complete("okta", state, code, Map.of(), ClientInfo.web());
      if (outcome instanceof SignInResult.SignedIn in) {
        TokenPair tokens = in.tokens(); // a session like any other; amr ["social", "okta"]
        // snippet:hide
        assertThat(tokens.accessToken()).isNotBlank();
        // snippet:show
      } else if (outcome instanceof SignInResult.LinkRequired required) {
        // An account has this email, but the provider or the account did not verify it: the user
        // signs in with a password or a code, then links with required.linkToken():
        // social.linkPending(caller, Reauthentication.recentSignIn(), required.linkToken(), client)
      }
      // snippet:end flow
      assertThat(outcome).isInstanceOf(SignInResult.SignedIn.class);
    }
  }
}
