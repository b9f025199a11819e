package dev.gatehouse.core.session;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.internal.GatehouseContext;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a djangorestframework-simplejwt refresh token during the transition window ({@code
 * gatehouse.legacy.simplejwt.*}) and finds the account its user became, so that the refresh can
 * carry the legacy session over ({@link RefreshRotation#carryOver}).
 *
 * <p>A token is accepted only as simplejwt itself would accept it: signed with HMAC under the
 * configured algorithm and key (the header's {@code alg} must be that algorithm, so neither {@code
 * none} nor another algorithm is ever tried), {@code token_type} {@code refresh}, unexpired, with a
 * {@code jti} and the user id claim, and the configured {@code aud} / {@code iss} when there are
 * any. The signature is computed with the JDK's {@link Mac} rather than a JOSE verifier because
 * simplejwt accepts a Django {@code SECRET_KEY} of any length for every HMAC size, which JOSE
 * libraries rightly refuse for keys they create. Each refusal is logged at INFO with its reason and
 * never with the token; the caller only learns {@link InvalidRefreshTokenException}.
 */
final class SimpleJwtCarryOver {
  private static final Logger LOG = LoggerFactory.getLogger(SimpleJwtCarryOver.class);

  /** The action-token purpose under which each carried-over token's {@code jti} is recorded. */
  static final String PURPOSE = "legacy_simplejwt";

  /** The {@code amr} of a carried-over session, and the sign-in method its event names. */
  static final String METHOD = "simplejwt";

  /** Longer input is no simplejwt token worth parsing. */
  private static final int MAX_LENGTH = 4096;

  private final GatehouseContext ctx;

  SimpleJwtCarryOver(GatehouseContext ctx) {
    this.ctx = ctx;
  }

  /**
   * A verified simplejwt refresh token.
   *
   * @param jtiHash the keyed hash of its {@code jti}, under {@link #PURPOSE}
   * @param account the account its user became
   * @param expiresAt its {@code exp}
   */
  record LegacyRefresh(String jtiHash, UUID account, Instant expiresAt) {}

  /**
   * Whether {@code presented} is for this class: carry-over is configured and the token has a
   * signed JWT's three parts (a Gatehouse refresh token has no dot).
   */
  boolean claims(String presented) {
    return presented != null
        && presented.length() <= MAX_LENGTH
        && ctx.config().get(GatehouseConfig.LEGACY_SIMPLEJWT_SIGNING_KEY) != null
        && presented.chars().filter(c -> c == '.').count() == 2;
  }

  /**
   * Verifies a simplejwt refresh token and resolves its user.
   *
   * @param presented the token, for which {@link #claims} is true
   * @param now the current time
   * @return the token's facts
   * @throws InvalidRefreshTokenException whatever is wrong with it, or when its user was not moved
   *     over
   */
  LegacyRefresh verify(String presented, Instant now) {
    GatehouseConfig config = ctx.config();
    Instant until = config.get(GatehouseConfig.LEGACY_SIMPLEJWT_UNTIL);
    if (!now.isBefore(until)) {
      throw refused("the transition window ended at " + until);
    }
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(presented);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw refused("not a signed JWT");
    }
    JWSAlgorithm alg = JWSAlgorithm.parse(config.get(GatehouseConfig.LEGACY_SIMPLEJWT_ALGORITHM));
    if (!alg.equals(jwt.getHeader().getAlgorithm())) {
      throw refused(
          "algorithm " + jwt.getHeader().getAlgorithm() + " is not the configured " + alg);
    }
    if (!signatureVerifies(presented, jwt, alg, config)) {
      throw refused("the signature does not verify with the configured key");
    }
    Object type = claims.getClaim("token_type");
    if (!"refresh".equals(type)) {
      throw refused("token_type is not refresh");
    }
    Date exp = claims.getExpirationTime();
    if (exp == null || !now.isBefore(exp.toInstant())) {
      throw refused("expired");
    }
    String jti = claims.getJWTID();
    if (jti == null || jti.isEmpty()) {
      throw refused("no jti");
    }
    String audience = config.get(GatehouseConfig.LEGACY_SIMPLEJWT_AUDIENCE);
    if (audience != null && !claims.getAudience().contains(audience)) {
      throw refused("aud does not name the configured audience");
    }
    String issuer = config.get(GatehouseConfig.LEGACY_SIMPLEJWT_ISSUER);
    if (issuer != null && !issuer.equals(claims.getIssuer())) {
      throw refused("iss is not the configured issuer");
    }
    String legacyUserId =
        legacyUserId(claims.getClaim(config.get(GatehouseConfig.LEGACY_SIMPLEJWT_USER_ID_CLAIM)));
    if (legacyUserId == null) {
      throw refused("no usable user id claim");
    }
    UUID account =
        ctx.legacyAccounts()
            .accountOf(legacyUserId)
            .orElseThrow(() -> refused("its user has no account here (not imported)"));
    return new LegacyRefresh(ctx.secrets().hash(PURPOSE, jti), account, exp.toInstant());
  }

  /** The user id as simplejwt wrote it: an integer key's digits, or a string key as it is. */
  private static String legacyUserId(Object claim) {
    if (claim instanceof Long || claim instanceof Integer) {
      return claim.toString();
    }
    if (claim instanceof String s && !s.isEmpty() && s.length() <= 191) {
      return s;
    }
    return null;
  }

  private static boolean signatureVerifies(
      String presented, SignedJWT jwt, JWSAlgorithm alg, GatehouseConfig config) {
    String javaName = "Hmac" + alg.getName().replace("HS", "SHA");
    byte[] key =
        config.get(GatehouseConfig.LEGACY_SIMPLEJWT_SIGNING_KEY).getBytes(StandardCharsets.UTF_8);
    try {
      Mac mac = Mac.getInstance(javaName);
      mac.init(new SecretKeySpec(key, javaName));
      byte[] expected =
          mac.doFinal(
              presented
                  .substring(0, presented.lastIndexOf('.'))
                  .getBytes(StandardCharsets.US_ASCII));
      return MessageDigest.isEqual(expected, jwt.getSignature().decode());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks " + javaName, e);
    }
  }

  private static InvalidRefreshTokenException refused(String reason) {
    LOG.info("simplejwt refresh token refused: {}", reason);
    return new InvalidRefreshTokenException();
  }

  /** The {@code amr} of a carried-over session. */
  static List<String> amr() {
    return List.of(METHOD);
  }
}
