package dev.gatehouse.spring.web.token;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.text.ParseException;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;

/**
 * A {@link JwtDecoder} for Gatehouse's access tokens: the signature, algorithm, issuer, audience
 * and lifetime are checked by Gatehouse itself with its own key ring (no network, HMAC keys
 * included), optionally together with "the session was not revoked" ({@link
 * dev.gatehouse.core.session.SessionService#verifyUnrevokedAccessToken}: each instance follows the
 * revocations, no read per request); the claims then pass Spring Security's standard RFC 9068
 * validators ({@link JwtValidators#createAtJwtValidator()}: {@code typ at+jwt}, {@code iss}, {@code
 * aud}, {@code client_id}, {@code exp}, {@code iat}, {@code jti}, {@code sub}) on Gatehouse's
 * clock.
 *
 * <pre>{@code
 * http.oauth2ResourceServer(o -> o.jwt(j -> j.decoder(new GatehouseJwtDecoder(gatehouse, true))));
 * }</pre>
 *
 * <p>Thread-safe. A refused token is a {@link BadJwtException} whose message never says why in more
 * detail than Gatehouse's uniform "invalid or expired".
 */
public final class GatehouseJwtDecoder implements JwtDecoder {
  private static final MappedJwtClaimSetConverter CLAIMS =
      MappedJwtClaimSetConverter.withDefaults(Collections.emptyMap());

  private final Gatehouse gatehouse;
  private final boolean checkSession;
  private final OAuth2TokenValidator<Jwt> validator;

  /**
   * @param gatehouse the facade whose keys signed the tokens
   * @param checkSession whether a token of a revoked session is refused
   */
  public GatehouseJwtDecoder(Gatehouse gatehouse, boolean checkSession) {
    this.gatehouse = requireNonNull(gatehouse, "gatehouse");
    this.checkSession = checkSession;
    this.validator = standardValidator(gatehouse.config());
  }

  /**
   * Spring Security's RFC 9068 validator for tokens of this configuration: {@code
   * createAtJwtValidator()} with its issuer, audience and client id, timestamps on its clock with
   * its allowed skew. A resource server that verifies Gatehouse's tokens with the published JWKS
   * uses the same.
   *
   * @param config Gatehouse's configuration
   * @return the validator
   */
  public static OAuth2TokenValidator<Jwt> standardValidator(GatehouseConfig config) {
    JwtTimestampValidator timestamps =
        new JwtTimestampValidator(config.get(TokenSettings.CLOCK_SKEW));
    timestamps.setClock(config.clock());
    // createAtJwtValidator() checks exp and iat with a JwtTimestampValidator on the system clock;
    // these use Gatehouse's clock and skew, so both sides agree on when a token expires.
    OAuth2TokenValidator<Jwt> exp =
        new DelegatingOAuth2TokenValidator<>(
            new JwtClaimValidator<Object>(JwtClaimNames.EXP, Objects::nonNull), timestamps);
    OAuth2TokenValidator<Jwt> iat =
        new DelegatingOAuth2TokenValidator<>(
            new JwtClaimValidator<Object>(JwtClaimNames.IAT, Objects::nonNull), timestamps);
    String clientId = clientId(config);
    return JwtValidators.createAtJwtValidator()
        .issuer(config.get(TokenSettings.TOKEN_ISSUER))
        .audience(config.get(TokenSettings.TOKEN_AUDIENCE))
        .clientId(clientId)
        .validators(
            v -> {
              v.put(JwtClaimNames.EXP, exp);
              v.put(JwtClaimNames.IAT, iat);
            })
        .build();
  }

  static String clientId(GatehouseConfig config) {
    return config.get(TokenSettings.TOKEN_CLIENT_ID);
  }

  /** {@return whether tokens of revoked sessions are refused} */
  public boolean checksSession() {
    return checkSession;
  }

  @Override
  public Jwt decode(String token) throws JwtException {
    if (token == null) {
      throw new BadJwtException("The access token is invalid or expired");
    }
    try {
      if (checkSession) {
        gatehouse.sessions().verifyUnrevokedAccessToken(token);
      } else {
        gatehouse.sessions().verifyAccessToken(token);
      }
    } catch (RejectedInputException e) {
      Jwt legacy = legacyBearer(token);
      if (legacy != null) {
        return legacy;
      }
      throw new BadJwtException(e.getMessage(), e);
    } catch (AuthException e) {
      throw new JwtException("the access token could not be checked: " + e.code(), e);
    }
    Jwt jwt;
    try {
      SignedJWT parsed = SignedJWT.parse(token);
      Map<String, Object> headers = parsed.getHeader().toJSONObject();
      Map<String, Object> claims = CLAIMS.convert(parsed.getJWTClaimsSet().toJSONObject());
      jwt =
          Jwt.withTokenValue(token)
              .headers(h -> h.putAll(headers))
              .claims(c -> c.putAll(claims))
              .build();
    } catch (ParseException | RuntimeException e) {
      throw new BadJwtException("The access token is invalid or expired", e);
    }
    OAuth2TokenValidatorResult result = validator.validate(jwt);
    if (result.hasErrors()) {
      // The descriptions are for the host's logs; the 401 itself says no more than "invalid".
      StringBuilder why = new StringBuilder("The access token failed validation:");
      result.getErrors().forEach(e -> why.append(' ').append(e.getDescription()));
      throw new JwtValidationException(why.toString(), result.getErrors());
    }
    return jwt;
  }

  /**
   * A legacy system's access token taken during its transition window ({@link
   * dev.gatehouse.core.session.SessionService#verifyLegacyBearer}), as a {@link Jwt} of the claims
   * of the account its user became ({@code sub}, {@code sid}, {@code amr}, {@code iat}, {@code
   * exp}, {@code jti}, the profile claim), under the legacy token's own header; {@code null} when
   * it is not one. The standard validator does not apply: Gatehouse's issuer and audience are not
   * the legacy system's.
   */
  private Jwt legacyBearer(String token) {
    VerifiedAccessToken verified;
    try {
      verified = gatehouse.sessions().verifyLegacyBearer(token);
    } catch (RejectedInputException e) {
      return null;
    } catch (AuthException e) {
      throw new JwtException("the access token could not be checked: " + e.code(), e);
    }
    return verified(token, verified);
  }

  /**
   * A token Gatehouse verified already, as a {@link Jwt}: its header as sent, the claims of its
   * verified reading. Nothing is verified again: for a caller that holds the reading of the
   * verification it made itself (a browser's live session), so one request verifies its token once.
   *
   * @param token the compact token that was verified
   * @param verified what its verification answered
   * @return the token as Spring Security reads it
   * @throws BadJwtException when the token's header does not parse
   */
  public static Jwt verified(String token, VerifiedAccessToken verified) {
    requireNonNull(verified, "verified");
    try {
      Map<String, Object> headers = SignedJWT.parse(token).getHeader().toJSONObject();
      Map<String, Object> claims = CLAIMS.convert(verified.claims());
      return Jwt.withTokenValue(token)
          .headers(h -> h.putAll(headers))
          .claims(c -> c.putAll(claims))
          .build();
    } catch (ParseException | RuntimeException e) {
      throw new BadJwtException("The access token is invalid or expired", e);
    }
  }
}
