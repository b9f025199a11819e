package dev.gatehouse.social;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.social.SocialProvider.VerifiedIdentity;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;

/**
 * Sign in with Apple: an {@link OidcProvider} preset with the id {@code apple} and the issuer
 * {@code https://appleid.apple.com}. The client secret is an ES256 JWT the library signs for each
 * code exchange from the team's private key (header {@code kid} the key id; {@code iss} the team
 * id, {@code sub} the Services ID, {@code aud} the issuer, valid five minutes). The callback comes
 * as a {@code form_post}. Apple sends the user's name only at the first sign-in, in the callback's
 * {@code user} field: it becomes the identity's display name then and is kept afterwards. {@code
 * email_verified} arrives as the string {@code "true"}; addresses at {@code
 * privaterelay.appleid.com} ({@code is_private_email}) are Apple's relay addresses, unique to this
 * application, and are treated like any other verified address. On the native path, the id_token's
 * {@code nonce} is the SHA-256 of the app's nonce, and the app's bundle id is accepted as audience
 * ({@link OidcProvider.Builder#nativeClientId}).
 *
 * <pre>{@code
 * SocialProvider apple = AppleProvider.builder(servicesId, teamId, keyId, privateKeyPem)
 *     .nativeClientId("com.example.app")
 *     .build();
 * }</pre>
 */
public final class AppleProvider {
  /** Apple's issuer. */
  public static final URI ISSUER = URI.create("https://appleid.apple.com");

  private AppleProvider() {}

  /**
   * @param servicesId the Services ID (the web client id)
   * @param teamId the Apple developer team id
   * @param keyId the id of the Sign in with Apple key
   * @param privateKeyPem that key, PKCS#8 PEM as Apple hands it out ({@code .p8})
   * @return an OpenID Connect builder preset for Apple
   * @throws IllegalArgumentException when the key is not an EC P-256 private key
   */
  public static OidcProvider.Builder builder(
      String servicesId, String teamId, String keyId, String privateKeyPem) {
    return builder(servicesId, teamId, keyId, privateKeyPem, Clock.systemUTC());
  }

  /**
   * As {@link #builder(String, String, String, String)}, signing the client secret with {@code
   * clock}'s time.
   *
   * @param servicesId the Services ID
   * @param teamId the team id
   * @param keyId the key id
   * @param privateKeyPem the key
   * @param clock the clock
   * @return the builder
   */
  public static OidcProvider.Builder builder(
      String servicesId, String teamId, String keyId, String privateKeyPem, Clock clock) {
    requireNonNull(servicesId, "servicesId");
    requireNonNull(teamId, "teamId");
    requireNonNull(keyId, "keyId");
    ECPrivateKey key = parse(privateKeyPem);
    return presets("apple", servicesId)
        .clock(clock)
        .clientSecret(() -> clientSecret(servicesId, teamId, keyId, key, clock.instant()));
  }

  /**
   * An Apple builder with a client secret made elsewhere: the signed JWT that Spring Security's
   * {@code spring.security.oauth2.client.registration.<id>.client-secret} holds for Apple (Apple
   * accepts one for at most six months, so it must be renewed; {@link #builder(String, String,
   * String, String)} signs a fresh one for each exchange instead).
   *
   * @param id the provider's short name in Gatehouse's routes and linked accounts
   * @param servicesId the Services ID (the web client id)
   * @param clientSecret the signed client-secret JWT
   * @return an OpenID Connect builder preset for Apple
   */
  public static OidcProvider.Builder builderWithClientSecret(
      String id, String servicesId, String clientSecret) {
    requireNonNull(clientSecret, "clientSecret");
    return presets(id, servicesId).clientSecret(clientSecret);
  }

  private static OidcProvider.Builder presets(String id, String servicesId) {
    requireNonNull(servicesId, "servicesId");
    return OidcProvider.builder(id, ISSUER, servicesId)
        .scope("openid name email")
        .authorizationParameter("response_mode", "form_post")
        .nativeNonceHashed(true)
        .identityMapper(AppleProvider::identity);
  }

  static String clientSecret(
      String servicesId, String teamId, String keyId, ECPrivateKey key, Instant now) {
    try {
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(keyId).build(),
              new JWTClaimsSet.Builder()
                  .issuer(teamId)
                  .subject(servicesId)
                  .audience(ISSUER.toString())
                  .issueTime(Date.from(now))
                  .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                  .build());
      jwt.sign(new ECDSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign the Apple client secret", e);
    }
  }

  private static ECPrivateKey parse(String pem) {
    requireNonNull(pem, "privateKeyPem");
    String body =
        pem.replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    try {
      PrivateKey k =
          KeyFactory.getInstance("EC")
              .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
      if (!(k instanceof ECPrivateKey ec)
          || ec.getParams().getCurve().getField().getFieldSize() != 256) {
        throw new IllegalArgumentException("the Apple key must be an EC P-256 private key");
      }
      return ec;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("the Apple key is not a PKCS#8 PEM EC private key", e);
    }
  }

  private static VerifiedIdentity identity(
      String provider, JWTClaimsSet claims, Map<String, String> callback) {
    VerifiedIdentity standard = OidcProvider.standardClaims(provider, claims, callback);
    String name = firstSignInName(callback.get("user"));
    return name == null ? standard : standard.withDisplayName(name);
  }

  /** The name in the first callback's {@code user} JSON, or {@code null}. */
  static String firstSignInName(String userJson) {
    if (userJson == null || userJson.isBlank() || userJson.length() > 4096) {
      return null;
    }
    try {
      Map<String, Object> user = JSONObjectUtils.parse(userJson);
      Map<String, Object> name = JSONObjectUtils.getJSONObject(user, "name");
      if (name == null) {
        return null;
      }
      String first = JSONObjectUtils.getString(name, "firstName");
      String last = JSONObjectUtils.getString(name, "lastName");
      String full = ((first == null ? "" : first) + " " + (last == null ? "" : last)).strip();
      return full.isEmpty() ? null : full;
    } catch (ParseException e) {
      return null;
    }
  }
}
