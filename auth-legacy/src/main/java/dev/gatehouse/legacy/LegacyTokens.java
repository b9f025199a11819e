package dev.gatehouse.legacy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.migration.LegacyServing;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.SessionService.InvalidRefreshTokenException;
import dev.gatehouse.core.session.SessionService.InvalidSubjectTokenException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the tokens of a legacy system during its transition window, so that the core carries their
 * sessions over ({@link CarriedSessions}): a djangorestframework-simplejwt refresh token at a
 * refresh route ({@code gatehouse.legacy.simplejwt.*}), and at the token-exchange route a simplejwt
 * access token ({@code gatehouse.legacy.simplejwt.access-tokens}), a FastAPI-Users JWT ({@code
 * gatehouse.legacy.fastapi-users.*}) or a DRF {@code Token} key ({@code
 * gatehouse.legacy.drf-tokens.until}, its owner read from the legacy tables) or a Django session
 * key ({@code gatehouse.legacy.django-sessions.*}, the session read from {@code django_session}). A
 * simplejwt refresh token on simplejwt's blacklist is refused. During the window a simplejwt access
 * token or a FastAPI-Users JWT is also taken as a bearer ({@link #bearer}), unspent. With {@code
 * gatehouse.legacy.simplejwt.issue-refresh-tokens}, it also hands out Gatehouse's sessions' refresh
 * tokens in simplejwt's format during the write-back window ({@link #issueRefresh}, {@link
 * SimpleJwtRefreshTokens}), which the core keeps as its own and this reader never carries over.
 *
 * <p>A token is accepted only as its issuer would accept it: signed with HMAC under the configured
 * algorithm and key (the header's {@code alg} must be that algorithm, so neither {@code none} nor
 * another algorithm is ever tried), unexpired, neither {@code nbf} nor {@code iat} after now (as
 * PyJWT, which both issuers decode with, checks them, without leeway), with its issuer's claims
 * (simplejwt: {@code token_type}, {@code jti}, the user id claim, the configured {@code aud} /
 * {@code iss}; FastAPI-Users: the configured audience in {@code aud}, the user id in {@code sub}).
 * The signature is computed with the JDK's {@link Mac} rather than a JOSE verifier because both
 * accept a secret of any length for every HMAC size, which JOSE libraries rightly refuse for keys
 * they create. Each refusal is logged at INFO with its reason and never with the token; the caller
 * only learns the one exception its route answers.
 *
 * <p>Each verified token tells when its user signed in to the legacy system where it can ({@link
 * LegacyToken#signedInAt}): the carried-over session's {@code auth_time}, so that a carry-over
 * never passes for a recent sign-in.
 */
final class LegacyTokens {
  private static final Logger LOG = LoggerFactory.getLogger(LegacyTokens.class);

  /** The action-token purpose under which each carried-over simplejwt refresh token is recorded. */
  static final String REFRESH_PURPOSE = "legacy_simplejwt";

  /** The purpose under which each exchanged token is recorded. */
  static final String EXCHANGE_PURPOSE = "legacy_exchange";

  /** The purpose under whose keyed hash a legacy bearer is named (never recorded). */
  static final String BEARER_PURPOSE = "legacy_bearer";

  /** The method (and {@code amr}) of a session carried over from simplejwt. */
  static final String SIMPLEJWT = "simplejwt";

  /** The method (and {@code amr}) of a session carried over from FastAPI-Users. */
  static final String FASTAPI_USERS = "fastapi_users";

  /** The method (and {@code amr}) of a session carried over from a DRF {@code Token}. */
  static final String DRF_TOKEN = "drf_token";

  /** The method (and {@code amr}) of a session carried over from a Django session. */
  static final String DJANGO_SESSION = "django_session";

  /** A Django session key: 32 lower-case letters and digits ({@code get_random_string(32)}). */
  private static final java.util.regex.Pattern DJANGO_SESSION_KEY =
      java.util.regex.Pattern.compile("[a-z0-9]{32}");

  /**
   * A DRF {@code Token} key: 40 hexadecimal digits ({@code binascii.hexlify} of 20 random bytes).
   */
  private static final java.util.regex.Pattern DRF_KEY =
      java.util.regex.Pattern.compile("[0-9a-f]{40}");

  /** Longer input is no legacy token worth parsing. */
  private static final int MAX_LENGTH = 4096;

  private final GatehouseConfig config;
  private final SecretHasher secrets;
  private final LegacyCredentials legacyCredentials;
  private final SimpleJwtRefreshTokens issuedRefreshTokens;

  LegacyTokens(
      GatehouseConfig config,
      SecretHasher secrets,
      LegacyCredentials legacyCredentials,
      Supplier<java.util.Optional<LegacyServing>> serving) {
    this.config = config;
    this.secrets = secrets;
    this.legacyCredentials = legacyCredentials;
    this.issuedRefreshTokens = new SimpleJwtRefreshTokens(config, serving);
  }

  /**
   * Whether {@code presented} is a simplejwt refresh token to carry over: carry-over is configured
   * and the token has a signed JWT's three parts (a Gatehouse refresh token has no dot).
   */
  boolean claimsRefresh(String presented) {
    return looksLikeJwt(presented)
        && config.get(LegacySettings.LEGACY_SIMPLEJWT_SIGNING_KEY) != null
        && !issuedRefreshTokens.issued(presented);
  }

  /** Whether Gatehouse issued {@code presented} in simplejwt's format ({@link #issueRefresh}). */
  boolean issuedRefresh(String presented) {
    return issuedRefreshTokens.issued(presented);
  }

  /**
   * A Gatehouse session's refresh token in simplejwt's format, while {@code
   * gatehouse.legacy.simplejwt.issue-refresh-tokens} is on and the write-back window lasts, for an
   * account the legacy system knows by a key ({@link SimpleJwtRefreshTokens}).
   */
  java.util.Optional<String> issueRefresh(
      Supplier<java.util.Optional<String>> legacyUserId, Instant expiresAt, Instant now) {
    return issuedRefreshTokens.issue(legacyUserId, expiresAt, now);
  }

  /** The successor of a token {@link #issueRefresh} issued, in its format during the window. */
  java.util.Optional<String> rotatedRefresh(String previous, Instant now) {
    return issuedRefreshTokens.rotated(previous, now);
  }

  /**
   * Verifies a simplejwt refresh token and resolves its user.
   *
   * @param presented the token, for which {@link #claimsRefresh} is true
   * @param now the current time
   * @return the token's facts
   * @throws InvalidRefreshTokenException whatever is wrong with it, or when its user was not moved
   *     over
   */
  LegacyToken refresh(String presented, Instant now) {
    return simpleJwt(presented, now, "refresh", InvalidRefreshTokenException::new);
  }

  /**
   * Verifies a token presented for exchange: a simplejwt access token when those are exchanged, or
   * a FastAPI-Users JWT when its secret is configured (told apart by simplejwt's {@code token_type}
   * claim).
   *
   * @param presented the token
   * @param now the current time
   * @return the token's facts
   * @throws InvalidSubjectTokenException whatever is wrong with it, when no configured kind takes
   *     it, or when its user was not moved over
   */
  LegacyToken exchange(String presented, Instant now) {
    Supplier<RuntimeException> refusal = InvalidSubjectTokenException::new;
    if (presented != null && DRF_KEY.matcher(presented).matches()) {
      return drfToken(presented, now, refusal);
    }
    if (presented != null && DJANGO_SESSION_KEY.matcher(presented).matches()) {
      return djangoSession(presented, now, refusal);
    }
    if (!looksLikeJwt(presented)) {
      throw refused("exchange", "not a signed JWT", refusal);
    }
    boolean simpleJwtType;
    try {
      simpleJwtType = SignedJWT.parse(presented).getJWTClaimsSet().getClaim("token_type") != null;
    } catch (ParseException e) {
      throw refused("exchange", "not a signed JWT", refusal);
    }
    if (simpleJwtType) {
      if (!config.get(LegacySettings.LEGACY_SIMPLEJWT_ACCESS_TOKENS)) {
        throw refused("exchange", "simplejwt access tokens are not exchanged here", refusal);
      }
      return simpleJwt(presented, now, "access", refusal);
    }
    if (config.get(LegacySettings.LEGACY_FASTAPI_USERS_SECRET) == null) {
      throw refused("exchange", "no legacy token kind is configured for it", refusal);
    }
    return fastApiUsers(presented, now, refusal);
  }

  /**
   * Verifies a legacy access token presented as a bearer: a simplejwt access token when those are
   * taken ({@code gatehouse.legacy.simplejwt.access-tokens}), or a FastAPI-Users JWT of the
   * configured audience when its secret is configured, each as at the exchange but not spent. A
   * token Gatehouse issued ({@code typ: at+jwt}) is not looked at, so its refusals log nothing
   * here.
   *
   * @param presented the bearer token
   * @param now the current time
   * @return its facts (named by {@link #BEARER_PURPOSE}, until its expiry or the window's end), or
   *     empty when it is none of those or is refused
   */
  java.util.Optional<LegacyToken> bearer(String presented, Instant now) {
    if (!looksLikeJwt(presented)) {
      return java.util.Optional.empty();
    }
    boolean simpleJwtType;
    try {
      SignedJWT jwt = SignedJWT.parse(presented);
      if (jwt.getHeader().getType() != null
          && "at+jwt".equalsIgnoreCase(jwt.getHeader().getType().getType())) {
        return java.util.Optional.empty();
      }
      simpleJwtType = jwt.getJWTClaimsSet().getClaim("token_type") != null;
    } catch (ParseException e) {
      return java.util.Optional.empty();
    }
    LegacyToken token;
    Instant until;
    try {
      if (simpleJwtType) {
        until = config.get(LegacySettings.LEGACY_SIMPLEJWT_UNTIL);
        if (!config.get(LegacySettings.LEGACY_SIMPLEJWT_ACCESS_TOKENS)
            || config.get(LegacySettings.LEGACY_SIMPLEJWT_SIGNING_KEY) == null
            || until == null) {
          LOG.info("legacy simplejwt bearer refused: simplejwt access tokens are not taken here");
          return java.util.Optional.empty();
        }
        token = simpleJwt(presented, now, "access", InvalidSubjectTokenException::new);
      } else {
        until = config.get(LegacySettings.LEGACY_FASTAPI_USERS_UNTIL);
        if (config.get(LegacySettings.LEGACY_FASTAPI_USERS_SECRET) == null || until == null) {
          return java.util.Optional.empty();
        }
        token = fastApiUsers(presented, now, InvalidSubjectTokenException::new);
      }
    } catch (InvalidSubjectTokenException e) {
      return java.util.Optional.empty(); // logged with its reason
    }
    return java.util.Optional.of(
        new LegacyToken(
            BEARER_PURPOSE,
            secrets.hash(BEARER_PURPOSE, presented),
            token.legacyUserId(),
            token.expiresAt().isBefore(until) ? token.expiresAt() : until,
            token.method(),
            token.signedInAt()));
  }

  private LegacyToken simpleJwt(
      String presented, Instant now, String tokenType, Supplier<RuntimeException> refusal) {
    String what = "simplejwt " + tokenType + " token";
    JWTClaimsSet claims =
        verified(
            presented,
            now,
            what,
            config.get(LegacySettings.LEGACY_SIMPLEJWT_UNTIL),
            config.get(LegacySettings.LEGACY_SIMPLEJWT_ALGORITHM),
            config.get(LegacySettings.LEGACY_SIMPLEJWT_SIGNING_KEY),
            refusal);
    if (!tokenType.equals(claims.getClaim("token_type"))) {
      throw refused(what, "token_type is not " + tokenType, refusal);
    }
    String jti = claims.getJWTID();
    if (jti == null || jti.isEmpty()) {
      throw refused(what, "no jti", refusal);
    }
    String audience = config.get(LegacySettings.LEGACY_SIMPLEJWT_AUDIENCE);
    if (audience != null && !claims.getAudience().contains(audience)) {
      throw refused(what, "aud does not name the configured audience", refusal);
    }
    String issuer = config.get(LegacySettings.LEGACY_SIMPLEJWT_ISSUER);
    if (issuer != null && !issuer.equals(claims.getIssuer())) {
      throw refused(what, "iss is not the configured issuer", refusal);
    }
    String legacyUserId =
        legacyUserId(claims.getClaim(config.get(LegacySettings.LEGACY_SIMPLEJWT_USER_ID_CLAIM)));
    if (tokenType.equals("refresh")
        && fromLegacyTables(c -> c.simpleJwtBlacklisted(jti), what, refusal)) {
      throw refused(what, "it is on simplejwt's blacklist", refusal);
    }
    // A refresh token is spent by its jti (simplejwt's own blacklist key); an access token, which
    // simplejwt never blacklists, by the whole token.
    String purpose = tokenType.equals("refresh") ? REFRESH_PURPOSE : EXCHANGE_PURPOSE;
    // A refresh token's iat is the sign-in that issued it (simplejwt 5.0 on; none before), unless
    // the project rotates, which re-dates it at each rotation. An access token's iat is when it
    // was minted, at a sign-in or at any refresh since. Neither of those tells the sign-in.
    Date iat =
        config.get(LegacySettings.LEGACY_SIMPLEJWT_ROTATE_REFRESH_TOKENS)
            ? null
            : claims.getIssueTime();
    return new LegacyToken(
        purpose,
        secrets.hash(purpose, tokenType.equals("refresh") ? jti : presented),
        userId(legacyUserId, what, refusal),
        claims.getExpirationTime().toInstant(),
        SIMPLEJWT,
        tokenType.equals("refresh") && iat != null ? iat.toInstant() : null);
  }

  /**
   * A DRF {@code Token} key: its owner is read from the legacy tables ({@code
   * LegacyCredentials#drfTokenOwner}). The key never expires in DRF; here it is exchanged once, and
   * only until the window closes.
   */
  private LegacyToken drfToken(String presented, Instant now, Supplier<RuntimeException> refusal) {
    String what = "DRF token";
    Instant until = config.get(LegacySettings.LEGACY_DRF_TOKENS_UNTIL);
    if (until == null) {
      throw refused(what, "DRF tokens are not exchanged here", refusal);
    }
    if (!now.isBefore(until)) {
      throw refused(what, "the transition window ended at " + until, refusal);
    }
    java.util.Optional<String> owner =
        fromLegacyTables(c -> c.drfTokenOwner(presented), what, refusal);
    if (owner.isEmpty()) {
      throw refused(what, "no such token in the legacy table", refusal);
    }
    return new LegacyToken(
        EXCHANGE_PURPOSE,
        secrets.hash(EXCHANGE_PURPOSE, presented),
        userId(owner.get(), what, refusal),
        until,
        DRF_TOKEN,
        // A key outlives the sign-ins that use it (DRF's obtain_auth_token hands out the same key
        // at each): the sign-in is not known.
        null);
  }

  /**
   * A Django session key: the session is read from {@code django_session}, must be unexpired,
   * verify under Django's {@code SECRET_KEY}, be signed in ({@code _auth_user_id}), and carry the
   * {@code _auth_user_hash} of its user's current password, as Django requires; it is exchanged
   * once, until it or the window expires.
   */
  private LegacyToken djangoSession(String key, Instant now, Supplier<RuntimeException> refusal) {
    String what = "Django session";
    String secret = config.get(LegacySettings.LEGACY_DJANGO_SESSIONS_SECRET_KEY);
    if (secret == null) {
      throw refused(what, "Django sessions are not exchanged here", refusal);
    }
    Instant until = config.get(LegacySettings.LEGACY_DJANGO_SESSIONS_UNTIL);
    if (!now.isBefore(until)) {
      throw refused(what, "the transition window ended at " + until, refusal);
    }
    java.util.Optional<LegacyCredentials.StoredSession> stored =
        fromLegacyTables(c -> c.djangoSession(key), what, refusal);
    if (stored.isEmpty()) {
      throw refused(what, "no such session in django_session", refusal);
    }
    if (!now.isBefore(stored.get().expiresAt())) {
      throw refused(what, "expired", refusal);
    }
    java.util.Map<String, Object> data =
        DjangoSigning.sessionData(stored.get().sessionData(), secret);
    if (data == null) {
      throw refused(what, "its data does not verify with the configured secret key", refusal);
    }
    String legacyUserId = legacyUserId(data.get("_auth_user_id"));
    if (legacyUserId == null) {
      throw refused(what, "nobody is signed in to it", refusal);
    }
    java.util.Optional<String> password =
        fromLegacyTables(c -> c.djangoPasswordHash(legacyUserId), what, refusal);
    Object authHash = data.get("_auth_user_hash");
    if (!(authHash instanceof String hash)
        || password.isEmpty()
        || !MessageDigest.isEqual(
            hash.getBytes(StandardCharsets.US_ASCII),
            DjangoSigning.sessionAuthHash(password.get(), secret)
                .getBytes(StandardCharsets.US_ASCII))) {
      throw refused(what, "its user's password changed since (or it has none)", refusal);
    }
    Instant expiresAt = stored.get().expiresAt().isBefore(until) ? stored.get().expiresAt() : until;
    return new LegacyToken(
        EXCHANGE_PURPOSE,
        secrets.hash(EXCHANGE_PURPOSE, key),
        userId(legacyUserId, what, refusal),
        expiresAt,
        DJANGO_SESSION,
        // Django's login() records no time in the session (auth_user.last_login is the user's
        // latest sign-in anywhere, not this session's): the sign-in is not known.
        null);
  }

  private LegacyToken fastApiUsers(
      String presented, Instant now, Supplier<RuntimeException> refusal) {
    String what = "FastAPI-Users token";
    JWTClaimsSet claims =
        verified(
            presented,
            now,
            what,
            config.get(LegacySettings.LEGACY_FASTAPI_USERS_UNTIL),
            config.get(LegacySettings.LEGACY_FASTAPI_USERS_ALGORITHM),
            config.get(LegacySettings.LEGACY_FASTAPI_USERS_SECRET),
            refusal);
    List<String> aud = claims.getAudience();
    if (aud == null || !aud.contains(config.get(LegacySettings.LEGACY_FASTAPI_USERS_AUDIENCE))) {
      throw refused(what, "aud does not name the configured audience", refusal);
    }
    return new LegacyToken(
        EXCHANGE_PURPOSE,
        secrets.hash(EXCHANGE_PURPOSE, presented),
        userId(legacyUserId(claims.getClaim("sub")), what, refusal),
        claims.getExpirationTime().toInstant(),
        FASTAPI_USERS,
        // FastAPI-Users writes no iat, and nothing else in its token dates the sign-in.
        null);
  }

  /** The checks every kind shares: the window, the algorithm, the signature, the expiry. */
  private static JWTClaimsSet verified(
      String presented,
      Instant now,
      String what,
      Instant until,
      String algorithm,
      String key,
      Supplier<RuntimeException> refusal) {
    if (!now.isBefore(until)) {
      throw refused(what, "the transition window ended at " + until, refusal);
    }
    SignedJWT jwt;
    JWTClaimsSet claims;
    try {
      jwt = SignedJWT.parse(presented);
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw refused(what, "not a signed JWT", refusal);
    }
    JWSAlgorithm alg = JWSAlgorithm.parse(algorithm);
    if (!alg.equals(jwt.getHeader().getAlgorithm())) {
      throw refused(
          what,
          "algorithm " + jwt.getHeader().getAlgorithm() + " is not the configured " + alg,
          refusal);
    }
    if (!signatureVerifies(presented, jwt, alg, key)) {
      throw refused(what, "the signature does not verify with the configured key", refusal);
    }
    Date exp = claims.getExpirationTime();
    if (exp == null || !now.isBefore(exp.toInstant())) {
      throw refused(what, "expired", refusal);
    }
    // Both issuers decode with PyJWT, whose defaults refuse a token whose nbf or iat (whole
    // seconds)
    // lies after now, with no leeway unless simplejwt's LEEWAY is set; an absent claim passes, and
    // one that is no number already failed to parse above.
    if (after(claims.getNotBeforeTime(), now)) {
      throw refused(what, "not valid yet (nbf is in the future)", refusal);
    }
    if (after(claims.getIssueTime(), now)) {
      throw refused(what, "issued in the future (iat)", refusal);
    }
    return claims;
  }

  /**
   * Reads the legacy credential tables. A read that fails refuses the credential (logged at WARN
   * with the failure, never the credential): a blacklist or a session table that cannot be read
   * lets nothing through.
   */
  private <T> T fromLegacyTables(
      java.util.function.Function<LegacyCredentials, T> read,
      String what,
      Supplier<RuntimeException> refusal) {
    try {
      return read.apply(legacyCredentials);
    } catch (RuntimeException e) {
      LOG.warn("legacy {} refused: its legacy tables cannot be read ({})", what, e.toString());
      throw refusal.get();
    }
  }

  private static String userId(
      @Nullable String legacyUserId, String what, Supplier<RuntimeException> refusal) {
    if (legacyUserId == null) {
      throw refused(what, "no usable user id claim", refusal);
    }
    return legacyUserId;
  }

  /** Whether a time claim, when present, is a later second than {@code now}'s. */
  private static boolean after(@Nullable Date claim, Instant now) {
    return claim != null && claim.toInstant().getEpochSecond() > now.getEpochSecond();
  }

  private static boolean looksLikeJwt(String presented) {
    return presented != null
        && presented.length() <= MAX_LENGTH
        && presented.chars().filter(c -> c == '.').count() == 2;
  }

  /** The user id as the legacy system wrote it: an integer key's digits, or a string key as is. */
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
      String presented, SignedJWT jwt, JWSAlgorithm alg, String key) {
    String javaName = "Hmac" + alg.getName().replace("HS", "SHA");
    try {
      Mac mac = Mac.getInstance(javaName);
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), javaName));
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

  private static RuntimeException refused(
      String what, String reason, Supplier<RuntimeException> refusal) {
    LOG.info("legacy {} refused: {}", what, reason);
    return refusal.get();
  }
}
