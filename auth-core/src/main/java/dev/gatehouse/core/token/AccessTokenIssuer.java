package dev.gatehouse.core.token;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.core.error.AuthInfrastructureException;
import dev.gatehouse.core.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Signs stateless JWT access tokens (RFC 9068 profile: header {@code typ: at+jwt} and {@code kid})
 * with the current key of a {@link SigningKeys}.
 *
 * <pre>{@code
 * AccessTokenIssuer issuer = new AccessTokenIssuer(keys, settings, Clock.systemUTC());
 * IssuedAccessToken at = issuer.issue(
 *     AccessTokenRequest.of(user.publicId().toString(), sessionId, List.of("pwd"), null));
 * response.put("access_token", at.token());
 * }</pre>
 *
 * <p>Claims: {@code iss}, {@code aud}, {@code sub}, {@code sid}, {@code iat}, {@code nbf} (equal to
 * {@code iat}), {@code exp}, {@code jti} (random UUID), {@code client_id} (RFC 9068), {@code
 * auth_time} (when the request has one), {@code amr} (when not empty), the profile claim (when a
 * profile is given), any extra string claims and any custom claims.
 *
 * <p>Immutable and thread-safe. To rotate keys, build a new issuer with the rotated key ring.
 */
public final class AccessTokenIssuer {
  static final String TYPE = "at+jwt";

  private final SigningKeys keys;
  private final AccessTokenSettings settings;
  private final Clock clock;
  // The header is the same for every token of a key: built and encoded once per current key.
  private volatile Header lastHeader;

  private record Header(TokenKey key, JWSHeader header, String encoded) {}

  /**
   * @param keys the key ring; new tokens are signed with {@link SigningKeys#current()}
   * @param settings issuer, audience, lifetime and limits
   * @param clock the time source for {@code iat}/{@code exp}
   * @throws NullPointerException when an argument is null
   */
  public AccessTokenIssuer(SigningKeys keys, AccessTokenSettings settings, Clock clock) {
    this.keys = requireNonNull(keys, "keys");
    this.settings = requireNonNull(settings, "settings");
    this.clock = requireNonNull(clock, "clock");
  }

  /** With simplejwt's claims on, a host's claim may not overwrite them. */
  private void requireNotSimplejwt(String claim) {
    if (settings.simplejwtClaims() && (claim.equals("token_type") || claim.equals("user_id"))) {
      throw new IllegalArgumentException(
          "claim '" + claim + "' is simplejwt's (gatehouse.token.simplejwt-claims)");
    }
  }

  /** The profile claim's value: a number with simplejwt's claims when the id is one. */
  private Object profileClaim(String profileId) {
    if (settings.simplejwtClaims()) {
      try {
        return Long.parseLong(profileId);
      } catch (NumberFormatException e) {
        // Not numeric: written as it is.
      }
    }
    return profileId;
  }

  /**
   * Signs a new access token.
   *
   * @param request what the token states
   * @return the token and its jti, kid and times
   * @throws NullPointerException when {@code request} is null
   * @throws IllegalArgumentException when the signed token would exceed {@link
   *     AccessTokenSettings#maxTokenLength()} (too many or too long extra claims)
   * @throws AuthInfrastructureException (code {@code token_signing_failed}) when the JCA provider
   *     fails to sign
   */
  public IssuedAccessToken issue(AccessTokenRequest request) {
    requireNonNull(request, "request");
    TokenKey key = keys.current();
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant exp = now.plus(settings.accessTokenTtl());
    String jti = UUID.randomUUID().toString();

    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", settings.issuer());
    claims.put("aud", settings.audience());
    claims.put("sub", request.subject());
    claims.put("sid", request.sessionId());
    claims.put("iat", now.getEpochSecond());
    claims.put("nbf", now.getEpochSecond());
    claims.put("exp", exp.getEpochSecond());
    claims.put("jti", jti);
    claims.put("client_id", settings.clientId());
    if (request.authTime() != null) {
      claims.put("auth_time", request.authTime().getEpochSecond());
    }
    if (!request.amr().isEmpty()) {
      claims.put("amr", List.copyOf(request.amr()));
    }
    if (request.profileId() != null) {
      claims.put(settings.profileClaim(), profileClaim(request.profileId()));
    }
    if (settings.simplejwtClaims()) {
      claims.put("token_type", "access");
      claims.put("user_id", request.subject());
    }
    for (Map.Entry<String, String> e : request.extraClaims().entrySet()) {
      requireNotSimplejwt(e.getKey());
      if (e.getKey().equals(settings.profileClaim())) {
        throw new IllegalArgumentException(
            "extra claim '" + e.getKey() + "' is the configured profile claim");
      }
      claims.put(e.getKey(), e.getValue());
    }
    for (Map.Entry<String, Object> e : request.customClaims().entrySet()) {
      requireNotSimplejwt(e.getKey());
      if (e.getKey().equals(settings.profileClaim())) {
        throw new IllegalArgumentException(
            "custom claim '" + e.getKey() + "' is the configured profile claim");
      }
      claims.put(e.getKey(), e.getValue());
    }

    Header h = header(key);
    JWSHeader header = h.header();
    String signingInput =
        h.encoded()
            + "."
            + Base64URL.encode(
                JSONObjectUtils.toJSONString(claims).getBytes(StandardCharsets.UTF_8));
    Base64URL signature;
    try {
      signature = key.sign(header, signingInput.getBytes(StandardCharsets.US_ASCII));
    } catch (JOSEException e) {
      throw new AuthInfrastructureException(
          ErrorCode.TOKEN_SIGNING_FAILED,
          "Signing an access token with key '" + key.kid() + "' failed",
          false,
          e);
    }
    String token = signingInput + "." + signature;
    if (token.length() > settings.maxTokenLength()) {
      throw new IllegalArgumentException(
          "The access token would be "
              + token.length()
              + " characters, over maxTokenLength "
              + settings.maxTokenLength()
              + "; reduce the extra claims");
    }
    return new IssuedAccessToken(token, jti, key.kid(), now, exp);
  }

  private Header header(TokenKey key) {
    Header h = lastHeader;
    if (h == null || h.key() != key) {
      JWSHeader header =
          new JWSHeader.Builder(key.algorithm().jws())
              .type(new JOSEObjectType(TYPE))
              .keyID(key.kid())
              .build();
      h = new Header(key, header, header.toBase64URL().toString());
      lastHeader = h;
    }
    return h;
  }
}
