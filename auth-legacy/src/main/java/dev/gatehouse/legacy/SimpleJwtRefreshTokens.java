package dev.gatehouse.legacy;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.migration.LegacyServing;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Gatehouse's refresh tokens in djangorestframework-simplejwt's format ({@code
 * gatehouse.legacy.simplejwt.issue-refresh-tokens}), handed out during the write-back window so
 * that the legacy application's refresh view accepts them after a rollback: a JWT signed with HMAC
 * under simplejwt's key and algorithm, with simplejwt's claims ({@code token_type} {@code refresh},
 * {@code exp}, {@code iat}, {@code jti}, the user id claim, and {@code aud} / {@code iss} when the
 * project sets them), the user id as the legacy system knows it (an integer key as a JSON number,
 * as simplejwt writes it).
 *
 * <p>Its {@code jti} starts with {@value #JTI_PREFIX} where simplejwt's is 32 hexadecimal digits:
 * that, inside the signed part, tells a token Gatehouse issued from one the legacy system issued,
 * so that Gatehouse's are only ever taken as its own (found by keyed hash, rotated, revoked) and
 * never carried over as a legacy sign-in. Removing it breaks the signature; adding it to a forged
 * token only sends it where nothing but the exact token Gatehouse issued is found.
 *
 * <p>Immutable and thread-safe.
 */
final class SimpleJwtRefreshTokens {
  /** The start of the {@code jti} of every refresh token Gatehouse issued in simplejwt's format. */
  static final String JTI_PREFIX = "gh-";

  /** Longer input is no token this class issued. */
  private static final int MAX_LENGTH = 4096;

  private final GatehouseConfig config;
  private final Supplier<Optional<LegacyServing>> serving;

  /**
   * @param config the settings
   * @param serving whether a cut-over in steps still has users on the legacy system, which keeps
   *     the issuing on beyond the write-back window
   */
  SimpleJwtRefreshTokens(GatehouseConfig config, Supplier<Optional<LegacyServing>> serving) {
    this.config = config;
    this.serving = serving;
  }

  /**
   * Whether {@code presented} is a refresh token this class issued: a JWT whose {@code jti} carries
   * the prefix and whose {@code token_type} is {@code refresh} (its shape; the store decides the
   * rest, whatever the settings are now).
   */
  boolean issued(String presented) {
    if (presented == null
        || presented.length() > MAX_LENGTH
        || presented.chars().filter(c -> c == '.').count() != 2) {
      return false;
    }
    try {
      JWTClaimsSet claims = SignedJWT.parse(presented).getJWTClaimsSet();
      return claims.getJWTID() != null
          && claims.getJWTID().startsWith(JTI_PREFIX)
          && "refresh".equals(claims.getClaim("token_type"));
    } catch (ParseException e) {
      return false;
    }
  }

  /** A session's token for the legacy user {@code legacyUserId} reads, during the window only. */
  Optional<String> issue(Supplier<Optional<String>> legacyUserId, Instant expiresAt, Instant now) {
    if (!issuesAt(now)) {
      return Optional.empty();
    }
    return legacyUserId.get().map(id -> sign(userIdClaim(id), expiresAt, now));
  }

  /**
   * The successor of a token this class issued, for the same user and until the same expiry (the
   * session's), during the window only; the presented token is the session's current one when the
   * core uses the successor, so its claims are those Gatehouse wrote.
   */
  Optional<String> rotated(String previous, Instant now) {
    if (!issuesAt(now)) {
      return Optional.empty();
    }
    try {
      JWTClaimsSet claims = SignedJWT.parse(previous).getJWTClaimsSet();
      Object userId = claims.getClaim(config.get(LegacySettings.LEGACY_SIMPLEJWT_USER_ID_CLAIM));
      Date exp = claims.getExpirationTime();
      if (userId == null || exp == null) {
        return Optional.empty();
      }
      return Optional.of(sign(userId, exp.toInstant(), now));
    } catch (ParseException e) {
      return Optional.empty();
    }
  }

  private boolean issuesAt(Instant now) {
    Instant until = config.get(LegacySettings.LEGACY_WRITE_BACK_UNTIL);
    return config.get(LegacySettings.LEGACY_SIMPLEJWT_ISSUE_REFRESH_TOKENS)
        && config.get(LegacySettings.LEGACY_SIMPLEJWT_SIGNING_KEY) != null
        && until != null
        && (now.isBefore(until) || serving.get().map(LegacyServing::servesAnyone).orElse(false));
  }

  /** simplejwt writes an integer key as a number and any other key as a string. */
  private static Object userIdClaim(String legacyUserId) {
    if (!legacyUserId.isEmpty()
        && legacyUserId.length() <= 18
        && legacyUserId.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Long.parseLong(legacyUserId);
    }
    return legacyUserId;
  }

  private String sign(Object userId, Instant expiresAt, Instant now) {
    String algorithm = config.get(LegacySettings.LEGACY_SIMPLEJWT_ALGORITHM);
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", algorithm);
    header.put("typ", "JWT");
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("token_type", "refresh");
    payload.put("exp", expiresAt.getEpochSecond());
    payload.put("iat", now.getEpochSecond());
    // A random UUID's hexadecimal digits, as simplejwt's uuid4().hex, after the prefix.
    payload.put("jti", JTI_PREFIX + UUID.randomUUID().toString().replace("-", ""));
    payload.put(config.get(LegacySettings.LEGACY_SIMPLEJWT_USER_ID_CLAIM), userId);
    @Nullable String audience = config.get(LegacySettings.LEGACY_SIMPLEJWT_AUDIENCE);
    if (audience != null) {
      payload.put("aud", audience);
    }
    @Nullable String issuer = config.get(LegacySettings.LEGACY_SIMPLEJWT_ISSUER);
    if (issuer != null) {
      payload.put("iss", issuer);
    }
    String signingInput =
        Base64URL.encode(JSONObjectUtils.toJSONString(header)).toString()
            + '.'
            + Base64URL.encode(JSONObjectUtils.toJSONString(payload)).toString();
    return signingInput + '.' + Base64URL.encode(mac(algorithm, signingInput)).toString();
  }

  /** The HMAC as PyJWT computes it: any key length, the key's UTF-8 bytes. */
  private byte[] mac(String algorithm, String signingInput) {
    String javaName = "Hmac" + algorithm.replace("HS", "SHA");
    try {
      Mac mac = Mac.getInstance(javaName);
      mac.init(
          new SecretKeySpec(
              config
                  .get(LegacySettings.LEGACY_SIMPLEJWT_SIGNING_KEY)
                  .getBytes(StandardCharsets.UTF_8),
              javaName));
      return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks " + javaName, e);
    }
  }
}
