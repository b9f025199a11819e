package dev.gatehouse.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.social.SocialService.SocialException;
import dev.gatehouse.social.SocialService.SocialRedirect;
import dev.gatehouse.testing.MutableClock;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** OpenID Connect sign-in against a real provider on a local port. */
class OidcSignInTest {
  private static final URI CALLBACK =
      URI.create("https://app.example.test/auth/social/okta/callback");
  private final MutableClock providerClock = MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));
  private LocalOidcServer idp;

  @BeforeEach
  void startProvider() throws Exception {
    idp = new LocalOidcServer("gatehouse-app", "s3cret-client", providerClock);
  }

  @AfterEach
  void stopProvider() {
    idp.close();
  }

  private OidcProvider provider(java.time.Clock clock) {
    return OidcProvider.builder("okta", idp.issuerUri(), idp.clientId)
        .clientSecret(idp.clientSecret)
        .nativeClientId("ios-app")
        .clock(clock)
        .addressSettings(SocialWorld.LOOPBACK)
        .build();
  }

  private SocialWorld world(DatabaseKind kind) {
    return new SocialWorld(kind, clock -> List.<SocialProvider>of(provider(clock)));
  }

  /** Follows the authorization URL the way a browser would; answers the callback's parameters. */
  private static Map<String, String> loginAtProvider(SocialRedirect redirect) throws Exception {
    HttpResponse<Void> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(redirect.authorizationUri()).GET().build(),
                HttpResponse.BodyHandlers.discarding());
    assertThat(r.statusCode()).isEqualTo(302);
    URI callback = URI.create(r.headers().firstValue("Location").orElseThrow());
    assertThat(callback.toString()).startsWith(CALLBACK.toString());
    return LocalOidcServer.parse(callback.getRawQuery());
  }

  private static String codeOf(ThrowingCallable call) {
    try {
      call.call();
    } catch (AuthException e) {
      return e.code();
    } catch (Throwable t) {
      throw new AssertionError("expected an AuthException, got " + t, t);
    }
    throw new AssertionError("nothing was thrown");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void theCodeFlowSignsUpThenSignsInThroughHttp(DatabaseKind kind) throws Exception {
    try (SocialWorld w = world(kind)) {
      SocialRedirect redirect = w.social.begin("okta", CALLBACK);
      assertThat(redirect.authorizationUri().getRawQuery())
          .contains("code_challenge_method=S256", "nonce=", "state=");
      Map<String, String> cb = loginAtProvider(redirect);
      assertThat(cb.get("state")).isEqualTo(redirect.state());

      SignInResult.SignedIn first =
          (SignInResult.SignedIn)
              w.social.complete(
                  "okta", cb.get("state"), cb.get("code"), Map.of(), ClientInfo.web());

      assertThat(first.created()).isTrue();
      assertThat(w.gatehouse.sessions().verifyAccessToken(first.tokens().accessToken()).amr())
          .containsExactly("social", "okta");

      SocialRedirect again = w.social.begin("okta", CALLBACK);
      Map<String, String> cb2 = loginAtProvider(again);
      SignInResult.SignedIn second =
          (SignInResult.SignedIn)
              w.social.complete("okta", cb2.get("state"), cb2.get("code"), Map.of(), null);
      assertThat(second.userId()).isEqualTo(first.userId());
      assertThat(second.created()).isFalse();
      assertThat(w.events).filteredOn(e -> e instanceof AuthEvent.LoggedIn).hasSize(2);
    }
  }

  @Test
  void aStateWorksOnceAndOnlyForItsProviderAndBeforeItExpires() throws Exception {
    try (SocialWorld w = world(DatabaseKind.H2)) {
      SocialRedirect redirect = w.social.begin("okta", CALLBACK);
      Map<String, String> cb = loginAtProvider(redirect);
      w.social.complete("okta", cb.get("state"), cb.get("code"), Map.of(), null);

      // Replayed, even with a fresh code.
      Map<String, String> fresh = loginAtProvider(redirect);
      assertThat(
              codeOf(
                  () ->
                      w.social.complete(
                          "okta", redirect.state(), fresh.get("code"), Map.of(), null)))
          .isEqualTo("invalid_state");

      SocialRedirect other = w.social.begin("okta", CALLBACK);
      String altered =
          other.state().substring(0, 20)
              + (other.state().charAt(20) == 'A' ? 'B' : 'A')
              + other.state().substring(21);
      assertThat(codeOf(() -> w.social.complete("okta", altered, "c", Map.of(), null)))
          .isEqualTo("invalid_state");
      assertThat(codeOf(() -> w.social.complete("okta", "forged", "c", Map.of(), null)))
          .isEqualTo("invalid_state");

      w.clock.advance(Duration.ofMinutes(10));
      Map<String, String> late = loginAtProvider(other);
      assertThat(
              codeOf(
                  () -> w.social.complete("okta", other.state(), late.get("code"), Map.of(), null)))
          .isEqualTo("invalid_state");
      assertThat(idp.tokenCalls.get()).isEqualTo(1);
    }
  }

  /** One authorization-code exchange through {@code p}, as a browser and a callback would. */
  private static String exchange(OidcProvider p) throws Exception {
    String verifier = "verifier-" + java.util.UUID.randomUUID() + "-0123456789abcdef";
    URI auth =
        p.authorizationUri(
            new SocialProvider.AuthorizationRequest(
                CALLBACK, "st", "n-1", LocalOidcServer.s256(verifier)));
    Map<String, String> cb = loginAtProvider(new SocialRedirect(auth, "st"));
    return p.exchangeCode(
            new SocialProvider.CodeExchange(cb.get("code"), verifier, CALLBACK, "n-1", Map.of()))
        .subject();
  }

  @Test
  void theClientAuthenticatesAsTheProviderListsOrAsConfigured() throws Exception {
    // Both secret methods listed: Basic, OpenID's default.
    assertThat(exchange(provider(providerClock))).isEqualTo(idp.subject);
    assertThat(idp.lastClientAuth).isEqualTo("client_secret_basic");

    // No list at all means Basic too.
    idp.authMethods = null;
    assertThat(exchange(provider(providerClock))).isEqualTo(idp.subject);
    assertThat(idp.lastClientAuth).isEqualTo("client_secret_basic");

    // Only the form post listed (Apple's discovery document), or configured.
    idp.authMethods = List.of("client_secret_post");
    assertThat(exchange(provider(providerClock))).isEqualTo(idp.subject);
    assertThat(idp.lastClientAuth).isEqualTo("client_secret_post");
    idp.authMethods = List.of("client_secret_post", "client_secret_basic");
    OidcProvider posting =
        OidcProvider.builder("okta", idp.issuerUri(), idp.clientId)
            .clientSecret(idp.clientSecret)
            .tokenEndpointAuth(OidcProvider.TokenEndpointAuth.CLIENT_SECRET_POST)
            .clock(providerClock)
            .addressSettings(SocialWorld.LOOPBACK)
            .build();
    assertThat(exchange(posting)).isEqualTo(idp.subject);
    assertThat(idp.lastClientAuth).isEqualTo("client_secret_post");
  }

  @Test
  void privateKeyJwtSignsAnAssertionForTheTokenEndpointAndSendsNoSecret() throws Exception {
    RSAKey clientKey = LocalOidcServer.newKey();
    idp.clientPublicKey = clientKey.toPublicJWK();
    idp.authMethods = List.of("private_key_jwt", "client_secret_basic");
    OidcProvider p =
        OidcProvider.builder("okta", idp.issuerUri(), idp.clientId)
            .privateKeyJwt(clientKey)
            .clock(providerClock)
            .addressSettings(SocialWorld.LOOPBACK)
            .build();
    assertThat(p.tokenEndpointAuth()).isEqualTo(OidcProvider.TokenEndpointAuth.PRIVATE_KEY_JWT);
    assertThat(exchange(p)).isEqualTo(idp.subject);
    assertThat(idp.lastClientAuth).isEqualTo("private_key_jwt");

    // Signed by a key the provider does not have for this client: refused.
    idp.clientPublicKey = LocalOidcServer.newKey().toPublicJWK();
    assertThat(codeOf(() -> exchange(p))).isEqualTo("provider_refused");

    // A provider that lists only secret methods, with no secret configured: a clear refusal
    // (a new provider object, as discovery documents are cached for a day).
    idp.authMethods = List.of("client_secret_post");
    OidcProvider keyOnly =
        OidcProvider.builder("okta", idp.issuerUri(), idp.clientId)
            .privateKeyJwt(clientKey)
            .clock(providerClock)
            .addressSettings(SocialWorld.LOOPBACK)
            .build();
    assertThatThrownBy(keyOnly::tokenEndpointAuth)
        .isInstanceOf(SocialException.class)
        .hasMessageContaining("client_secret_post");
  }

  @Test
  void aWrongPkceVerifierIsRefusedByTheProvider() throws Exception {
    OidcProvider p = provider(providerClock);
    URI auth =
        p.authorizationUri(
            new SocialProvider.AuthorizationRequest(
                CALLBACK,
                "st",
                "n-1",
                LocalOidcServer.s256("the-real-verifier-0123456789abcdef-xyz")));
    Map<String, String> cb = loginAtProvider(new SocialRedirect(auth, "st"));

    assertThat(
            codeOf(
                () ->
                    p.exchangeCode(
                        new SocialProvider.CodeExchange(
                            cb.get("code"),
                            "another-verifier-0123456789abcdef-xyz",
                            CALLBACK,
                            "n-1",
                            Map.of()))))
        .isEqualTo("provider_refused");
  }

  @Test
  void theNonceMustMatch() throws Exception {
    OidcProvider p = provider(providerClock);
    String token = idp.idToken("nonce-a", idp.clientId);
    assertThat(codeOf(() -> p.verify(token, "nonce-b", Set.of(idp.clientId))))
        .isEqualTo("invalid_id_token");
    assertThat(
            codeOf(
                () -> p.verify(idp.idToken(null, idp.clientId), "nonce-b", Set.of(idp.clientId))))
        .isEqualTo("invalid_id_token");
    assertThat(p.verify(token, "nonce-a", Set.of(idp.clientId)).getSubject())
        .isEqualTo(idp.subject);
  }

  @Test
  void aTokenSignedByAnotherKeyIsRefusedAndFetchesTheKeysAtMostOncePerInterval() throws Exception {
    OidcProvider p = provider(providerClock);
    p.verify(idp.idToken("n", idp.clientId), "n", Set.of(idp.clientId));
    int fetches = idp.jwksFetches.get();
    // Past the least interval between fetches: the first forgery fetches again, the others do not.
    providerClock.advance(Duration.ofSeconds(31));
    RSAKey attacker = LocalOidcServer.newKey();
    JWTClaimsSet claims = SignedJWT.parse(idp.idToken("n", idp.clientId)).getJWTClaimsSet();
    for (String kid : new String[] {idp.key.getKeyID(), attacker.getKeyID(), null}) {
      SignedJWT forged =
          new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), claims);
      forged.sign(new RSASSASigner(attacker));
      assertThat(codeOf(() -> p.verify(forged.serialize(), "n", Set.of(idp.clientId))))
          .isEqualTo("invalid_id_token");
    }
    assertThat(idp.jwksFetches.get()).isEqualTo(fetches + 1);
  }

  @Test
  void algNoneAndHmacWithThePublicKeyAsSecretAreRefused() throws Exception {
    OidcProvider p = provider(providerClock);
    JWTClaimsSet claims = SignedJWT.parse(idp.idToken("n", idp.clientId)).getJWTClaimsSet();
    String none = new PlainJWT(claims).serialize();
    assertThat(codeOf(() -> p.verify(none, "n", Set.of(idp.clientId))))
        .isEqualTo("invalid_id_token");

    byte[] publicKeyAsSecret = idp.key.toPublicJWK().toRSAPublicKey().getEncoded();
    SignedJWT hs =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(idp.key.getKeyID()).build(), claims);
    hs.sign(new MACSigner(publicKeyAsSecret));
    assertThat(codeOf(() -> p.verify(hs.serialize(), "n", Set.of(idp.clientId))))
        .isEqualTo("invalid_id_token");
  }

  @Test
  void wrongIssuerAudienceOrAuthorizedPartyAreRefused() throws Exception {
    OidcProvider p = provider(providerClock);
    idp.issClaim = "https://evil.example";
    assertThat(codeOf(() -> p.verify(idp.idToken("n", idp.clientId), "n", Set.of(idp.clientId))))
        .isEqualTo("invalid_id_token");
    idp.issClaim = idp.issuer;

    assertThat(codeOf(() -> p.verify(idp.idToken("n", "another-app"), "n", Set.of(idp.clientId))))
        .isEqualTo("invalid_id_token");

    idp.tweak = b -> b.audience(List.of(idp.clientId, "another-app")).claim("azp", "another-app");
    assertThat(codeOf(() -> p.verify(idp.idToken("n", idp.clientId), "n", Set.of(idp.clientId))))
        .isEqualTo("invalid_id_token");
    idp.tweak = b -> b.audience(List.of(idp.clientId, "another-app"));
    assertThat(codeOf(() -> p.verify(idp.idToken("n", idp.clientId), "n", Set.of(idp.clientId))))
        .isEqualTo("invalid_id_token");
    idp.tweak = b -> b.audience(List.of(idp.clientId, "another-app")).claim("azp", idp.clientId);
    assertThat(p.verify(idp.idToken("n", idp.clientId), "n", Set.of(idp.clientId))).isNotNull();
  }

  @Test
  void expiryAndIssueTimeAreCheckedWithBoundedSkew() throws Exception {
    MutableClock ours = MutableClock.at(providerClock.instant());
    OidcProvider p = provider(ours);
    String token = idp.idToken("n", idp.clientId); // exp = now + 600 s
    ours.advance(Duration.ofSeconds(600 + 59));
    assertThat(p.verify(token, "n", Set.of(idp.clientId))).isNotNull();
    ours.advance(Duration.ofSeconds(2));
    assertThat(codeOf(() -> p.verify(token, "n", Set.of(idp.clientId))))
        .isEqualTo("invalid_id_token");

    ours.set(providerClock.instant());
    idp.tweak = b -> b.issueTime(Date.from(providerClock.instant().plusSeconds(61)));
    assertThat(codeOf(() -> p.verify(idp.idToken("n", idp.clientId), "n", Set.of(idp.clientId))))
        .isEqualTo("invalid_id_token");
    idp.tweak = b -> b.issueTime(Date.from(providerClock.instant().plusSeconds(59)));
    assertThat(p.verify(idp.idToken("n", idp.clientId), "n", Set.of(idp.clientId))).isNotNull();
  }

  @Test
  void aKeyRotatedRightAfterAFetchIsAcceptedAtOnce() throws Exception {
    OidcProvider p = provider(providerClock);
    p.verify(idp.idToken("n", idp.clientId), "n", Set.of(idp.clientId));
    int fetches = idp.jwksFetches.get();
    idp.rotate(false);

    // The same instant as the fetch: the unknown key id fetches the keys at once.
    assertThat(p.verify(idp.idToken("n", idp.clientId), "n", Set.of(idp.clientId)).getSubject())
        .isEqualTo(idp.subject);
    assertThat(idp.jwksFetches.get()).isEqualTo(fetches + 1);
  }

  @Test
  void madeUpKeyIdsFetchTheKeysAtMostOncePerTenSecondsPerProvider() throws Exception {
    try (LocalOidcServer other = new LocalOidcServer("gatehouse-app", "other", providerClock)) {
      OidcProvider p = provider(providerClock);
      OidcProvider q =
          OidcProvider.builder("other", other.issuerUri(), other.clientId)
              .clientSecret(other.clientSecret)
              .clock(providerClock)
              .addressSettings(SocialWorld.LOOPBACK)
              .build();
      p.verify(idp.idToken("n", idp.clientId), "n", Set.of(idp.clientId));
      q.verify(other.idToken("n", other.clientId), "n", Set.of(other.clientId));
      int fetchesP = idp.jwksFetches.get();
      int fetchesQ = other.jwksFetches.get();
      String claims = idp.idToken("n", idp.clientId);

      flood(p, claims, idp.clientId);
      flood(q, claims, other.clientId);
      assertThat(idp.jwksFetches.get()).as("one fetch for the whole flood").isEqualTo(fetchesP + 1);
      assertThat(other.jwksFetches.get()).as("the other provider's own").isEqualTo(fetchesQ + 1);

      // A real rotation inside the interval waits for it, and is named meanwhile.
      idp.rotate(false);
      String signedWithTheNewKey = idp.idToken("n", idp.clientId);
      providerClock.advance(Duration.ofSeconds(9));
      flood(p, claims, idp.clientId);
      assertThatThrownBy(() -> p.verify(signedWithTheNewKey, "n", Set.of(idp.clientId)))
          .isInstanceOf(SocialException.class)
          .hasMessageContaining("unknown key id (keys refreshed 9 s ago)");
      assertThat(idp.jwksFetches.get()).isEqualTo(fetchesP + 1);

      // Ten seconds after the last fetch, one more is allowed: it finds the new key.
      providerClock.advance(Duration.ofSeconds(1));
      assertThat(p.verify(signedWithTheNewKey, "n", Set.of(idp.clientId)).getSubject())
          .isEqualTo(idp.subject);
      flood(p, claims, idp.clientId);
      assertThat(idp.jwksFetches.get()).isEqualTo(fetchesP + 2);
    }
  }

  /** Fifty tokens with random key ids the provider never published, each refused. */
  private static void flood(OidcProvider p, String genuine, String clientId) throws Exception {
    JWTClaimsSet claims = SignedJWT.parse(genuine).getJWTClaimsSet();
    RSAKey attacker = LocalOidcServer.newKey();
    for (int i = 0; i < 50; i++) {
      SignedJWT forged =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.RS256)
                  .keyID(java.util.UUID.randomUUID().toString())
                  .build(),
              claims);
      forged.sign(new RSASSASigner(attacker));
      assertThat(codeOf(() -> p.verify(forged.serialize(), "n", Set.of(clientId))))
          .isEqualTo("invalid_id_token");
    }
  }

  @Test
  void rotatedKeysAreFetchedWhenATokenNamesAnUnknownKey() throws Exception {
    OidcProvider p = provider(providerClock);
    p.verify(idp.idToken("n", idp.clientId), "n", Set.of(idp.clientId));
    idp.rotate(false);
    providerClock.advance(Duration.ofSeconds(31));
    assertThat(p.verify(idp.idToken("n", idp.clientId), "n", Set.of(idp.clientId)).getSubject())
        .isEqualTo(idp.subject);
  }

  @Test
  void theNativePathAcceptsTheAppsAudienceAndEachTokenOnce() throws Exception {
    try (SocialWorld w = world(DatabaseKind.H2)) {
      String token = idp.idToken("app-nonce", "ios-app");
      SignInResult in = w.social.signInWithNativeToken("okta", token, "app-nonce", null);
      assertThat(in).isInstanceOf(SignInResult.SignedIn.class);
      assertThat(codeOf(() -> w.social.signInWithNativeToken("okta", token, "app-nonce", null)))
          .isEqualTo("invalid_id_token");
      assertThat(
              codeOf(
                  () ->
                      w.social.signInWithNativeToken(
                          "okta", idp.idToken("x", "web-other"), null, null)))
          .isEqualTo("invalid_id_token");
      assertThatThrownBy(() -> w.social.begin("nope", CALLBACK))
          .isInstanceOf(SocialException.class);
    }
  }

  @Test
  void anUnreachableProviderIsARetryableInfrastructureError() throws Exception {
    OidcProvider p = provider(providerClock);
    idp.close();
    assertThat(codeOf(() -> p.verify(idp.idToken("n", idp.clientId), "n", Set.of(idp.clientId))))
        .isEqualTo("social_provider_unavailable");
  }
}
