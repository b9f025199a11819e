package dev.gatehouse.social;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.social.SocialProvider.VerifiedIdentity;
import dev.gatehouse.testing.MutableClock;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The Google and Apple presets against local stand-ins that follow each provider's documented
 * formats.
 */
class GoogleAndAppleTest {
  private static final URI CALLBACK = URI.create("https://app.example.test/cb");
  private final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));

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

  @Test
  void googleAcceptsBothIssuerSpellingsAndNothingElse() throws Exception {
    try (LocalOidcServer google =
        new LocalOidcServer("web.apps.googleusercontent.com", "gsecret", clock)) {
      OidcProvider p =
          GoogleProvider.builder(google.clientId, google.clientSecret)
              .issuer(google.issuerUri())
              .alsoAcceptIssuer("accounts.google.example-standin")
              .clock(clock)
              .addressSettings(SocialWorld.LOOPBACK)
              .build();
      assertThat(p.id()).isEqualTo("google");
      assertThat(p.verify(google.idToken("n", google.clientId), "n", Set.of(google.clientId)))
          .isNotNull();
      google.issClaim = "accounts.google.example-standin";
      assertThat(p.verify(google.idToken("n", google.clientId), "n", Set.of(google.clientId)))
          .isNotNull();
      google.issClaim = "https://accounts.google.com.evil";
      assertThat(
              codeOf(
                  () ->
                      p.verify(google.idToken("n", google.clientId), "n", Set.of(google.clientId))))
          .isEqualTo("invalid_id_token");
    }
  }

  @Test
  void googlePresetAcceptsTheBareIssuerSpelling() {
    OidcProvider.Builder b = GoogleProvider.builder("id", "secret");
    assertThat(b.build().toString()).contains("https://accounts.google.com");
  }

  @Test
  void googleHostedDomainIsEnforcedOnTheTokenNotOnlyAsked() throws Exception {
    try (LocalOidcServer google = new LocalOidcServer("web-client", "gsecret", clock)) {
      OidcProvider p =
          GoogleProvider.hostedDomain(
                  GoogleProvider.builder(google.clientId, google.clientSecret)
                      .issuer(google.issuerUri())
                      .clock(clock),
                  "example.com")
              .addressSettings(SocialWorld.LOOPBACK)
              .build();
      URI auth =
          p.authorizationUri(new SocialProvider.AuthorizationRequest(CALLBACK, "s", "n", "c"));
      assertThat(auth.getRawQuery()).contains("hd=example.com");

      google.tweak = b -> b.claim("hd", "example.com");
      assertThat(p.verify(google.idToken("n", google.clientId), "n", Set.of(google.clientId)))
          .isNotNull();
      google.tweak = b -> b.claim("hd", "gmail.example");
      assertThat(
              codeOf(
                  () ->
                      p.verify(google.idToken("n", google.clientId), "n", Set.of(google.clientId))))
          .isEqualTo("invalid_id_token");
      google.tweak = b -> {};
      assertThat(
              codeOf(
                  () ->
                      p.verify(google.idToken("n", google.clientId), "n", Set.of(google.clientId))))
          .isEqualTo("invalid_id_token");
    }
  }

  @Test
  void appleSignsItsClientSecretTakesTheNameFromTheFirstCallbackAndReadsStringVerified()
      throws Exception {
    ECKey teamKey = new ECKeyGenerator(Curve.P_256).keyID("KEY123").generate();
    KeyPair pair = teamKey.toKeyPair();
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(pair.getPrivate().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    try (LocalOidcServer apple = new LocalOidcServer("com.example.web", "unused", clock)) {
      // The stand-in checks the client secret the way Apple documents it.
      apple.secretCheck =
          secret -> {
            try {
              SignedJWT jwt = SignedJWT.parse(secret);
              JWTClaimsSet c = jwt.getJWTClaimsSet();
              return jwt.getHeader().getAlgorithm().equals(JWSAlgorithm.ES256)
                  && "KEY123".equals(jwt.getHeader().getKeyID())
                  && jwt.verify(new ECDSAVerifier(teamKey.toPublicJWK()))
                  && "TEAM42".equals(c.getIssuer())
                  && "com.example.web".equals(c.getSubject())
                  && c.getAudience().contains("https://appleid.apple.com")
                  && c.getExpirationTime().toInstant().isAfter(clock.instant());
            } catch (Exception e) {
              return false;
            }
          };
      apple.email = "x7k2@privaterelay.appleid.com";
      apple.tweak =
          b ->
              b.claim("email_verified", "true")
                  .claim("is_private_email", "true")
                  .claim("name", null);
      OidcProvider p =
          AppleProvider.builder("com.example.web", "TEAM42", "KEY123", pem, clock)
              .issuer(apple.issuerUri())
              .nativeClientId("com.example.app")
              .addressSettings(SocialWorld.LOOPBACK)
              .build();
      URI auth =
          p.authorizationUri(
              new SocialProvider.AuthorizationRequest(
                  CALLBACK,
                  "st",
                  "n1",
                  LocalOidcServer.s256("verifier-verifier-verifier-verifier-0123")));
      assertThat(auth.getRawQuery()).contains("response_mode=form_post", "scope=openid+name+email");
      String code = code(auth);

      VerifiedIdentity first =
          p.exchangeCode(
              new SocialProvider.CodeExchange(
                  code,
                  "verifier-verifier-verifier-verifier-0123",
                  CALLBACK,
                  "n1",
                  Map.of(
                      "user",
                      "{\"name\":{\"firstName\":\"Ann\",\"lastName\":\"Example\"},\"email\":\"x7k2@privaterelay.appleid.com\"}")));
      assertThat(first.displayName()).isEqualTo("Ann Example");
      assertThat(first.emailVerified()).isTrue();
      assertThat(first.email()).endsWith("@privaterelay.appleid.com");

      // Later sign-ins carry no name.
      String again = code(auth);
      VerifiedIdentity later =
          p.exchangeCode(
              new SocialProvider.CodeExchange(
                  again, "verifier-verifier-verifier-verifier-0123", CALLBACK, "n1", Map.of()));
      assertThat(later.displayName()).isNull();

      // A wrong team key is refused by the stand-in.
      ECKey otherKey = new ECKeyGenerator(Curve.P_256).generate();
      String otherPem =
          "-----BEGIN PRIVATE KEY-----\n"
              + Base64.getMimeEncoder().encodeToString(otherKey.toECPrivateKey().getEncoded())
              + "\n-----END PRIVATE KEY-----\n";
      OidcProvider wrong =
          AppleProvider.builder("com.example.web", "TEAM42", "KEY123", otherPem, clock)
              .issuer(apple.issuerUri())
              .addressSettings(SocialWorld.LOOPBACK)
              .build();
      String third = code(auth);
      assertThat(
              codeOf(
                  () ->
                      wrong.exchangeCode(
                          new SocialProvider.CodeExchange(
                              third,
                              "verifier-verifier-verifier-verifier-0123",
                              CALLBACK,
                              "n1",
                              Map.of()))))
          .isEqualTo("provider_refused");

      // Native path: the token's nonce is the SHA-256 of the app's nonce; the bundle id is the
      // audience.
      String nativeToken = apple.idToken(OidcProvider.sha256Hex("raw-nonce"), "com.example.app");
      assertThat(p.verifyNativeToken(nativeToken, "raw-nonce").subject()).isEqualTo(apple.subject);
      assertThat(codeOf(() -> p.verifyNativeToken(nativeToken, "other-nonce")))
          .isEqualTo("invalid_id_token");
    }
  }

  private static String code(URI auth) throws Exception {
    HttpResponse<Void> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(auth).GET().build(), HttpResponse.BodyHandlers.discarding());
    return LocalOidcServer.parse(
            URI.create(r.headers().firstValue("Location").orElseThrow()).getRawQuery())
        .get("code");
  }
}
