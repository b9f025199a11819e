/**
 * Stateless JWT access tokens: the key ring ({@link dev.gatehouse.core.token.SigningKeys}, {@link
 * dev.gatehouse.core.token.TokenKey}), signing ({@link dev.gatehouse.core.token.AccessTokenIssuer})
 * and verification without database access ({@link dev.gatehouse.core.token.AccessTokenVerifier}).
 *
 * <pre>{@code
 * SigningKeys keys = SigningKeys.fromEnvironment(System.getenv());
 * AccessTokenSettings settings = AccessTokenSettings.of("https://auth.example.com", "api");
 * AccessTokenIssuer issuer = new AccessTokenIssuer(keys, settings, Clock.systemUTC());
 * AccessTokenVerifier verifier = new AccessTokenVerifier(keys, settings, Clock.systemUTC());
 * String token = issuer.issue(AccessTokenRequest.of(userUuid, sid, List.of("pwd"), null)).token();
 * VerifiedAccessToken at = verifier.verify(token); // throws InvalidTokenException
 * }</pre>
 */
@NullMarked
package dev.gatehouse.core.token;

import org.jspecify.annotations.NullMarked;
