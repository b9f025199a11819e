package dev.gatehouse.social;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.social.SocialService.SocialException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

/**
 * What a client sends a token endpoint to authenticate (OpenID Connect Core 1.0, section 9): the
 * {@code client_secret_basic} header, or the {@code private_key_jwt} assertion (RFC 7523).
 */
final class ClientAuthentication {
  private ClientAuthentication() {}

  /**
   * The {@code Authorization} header of {@code client_secret_basic}: both parts form-encoded before
   * Base64 (RFC 6749, section 2.3.1).
   *
   * @param clientId the client id
   * @param secret the client secret
   * @return the header's value
   */
  static String basic(String clientId, String secret) {
    String pair = ProviderHttp.enc(clientId) + ":" + ProviderHttp.enc(secret);
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The client assertion: a JWT the client signs with its own key, issued by and about its client
   * id, for one token endpoint, valid for a minute, with a fresh {@code jti}.
   *
   * @param key the client's private key (EC: ES256, RSA: RS256)
   * @param clientId the client id
   * @param tokenEndpoint the audience
   * @param now the issue time
   * @return the compact signed JWT
   * @throws SocialException {@code provider_refused} when the key cannot sign
   */
  static String assertion(JWK key, String clientId, URI tokenEndpoint, Instant now) {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(clientId)
            .subject(clientId)
            .audience(tokenEndpoint.toString())
            .jwtID(UUID.randomUUID().toString())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plusSeconds(60)))
            .build();
    try {
      boolean ec = key instanceof ECKey;
      SignedJWT jwt =
          new SignedJWT(
              new JWSHeader.Builder(ec ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256)
                  .keyID(key.getKeyID())
                  .build(),
              claims);
      jwt.sign(ec ? new ECDSASigner((ECKey) key) : new RSASSASigner((RSAKey) key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new SocialException(
          ErrorCode.PROVIDER_REFUSED, "the client assertion could not be signed");
    }
  }
}
