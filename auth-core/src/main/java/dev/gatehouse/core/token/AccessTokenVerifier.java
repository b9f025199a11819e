package dev.gatehouse.core.token;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException.Reason;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies access tokens issued by {@link AccessTokenIssuer}, without any database access.
 *
 * <pre>{@code
 * AccessTokenVerifier verifier = new AccessTokenVerifier(keys, settings, Clock.systemUTC());
 * try {
 *   VerifiedAccessToken at = verifier.verify(bearerToken);
 * } catch (InvalidTokenException e) {
 *   log.debug("access token rejected: {}", e.reason()); // never log the token
 *   return unauthorized();
 * }
 * }</pre>
 *
 * <p>The checks, in order; the first failure throws {@link InvalidTokenException}:
 *
 * <ol>
 *   <li>the token is not null or blank and at most {@link AccessTokenSettings#maxTokenLength()}
 *       characters, checked before anything is decoded;
 *   <li>it is three non-empty base64url parts (no padding; the signature encoded canonically), and
 *       the header and claims are JSON objects;
 *   <li>the header has no {@code crit} (no extension is understood) and {@code typ} is {@code
 *       at+jwt} (or {@code application/at+jwt}, case-insensitively), so refresh, reset or
 *       verification JWTs are refused;
 *   <li>{@code kid} is present and names a configured key. <b>Kid-less tokens are always
 *       refused</b>, even with a single key: the issuer always writes a kid, and a rule that
 *       depended on the number of keys would change behaviour the moment a rotation adds one;
 *   <li>{@code alg} equals the algorithm fixed for that key ({@code none} and HS/RS confusion fail
 *       here), and the signature verifies with that key. {@code jwk}, {@code jku}, {@code x5u} and
 *       {@code x5c} headers are ignored: never fetched, never used as a key;
 *   <li>{@code iss} and {@code aud} equal the settings exactly ({@code aud} may be a string or a
 *       one-element array);
 *   <li>{@code exp} is required and {@code now < exp + skew}; {@code iat} is required and {@code
 *       nbf} is optional, and neither may be later than {@code now + skew};
 *   <li>{@code sub} is a canonical UUID (the user's public id); {@code client_id}, when present,
 *       equals the settings; {@code auth_time}, when present, is not in the future; {@code sid} and
 *       {@code jti} are present strings; {@code amr} (if present) is an array of strings; the
 *       profile claim (if present) is a string.
 * </ol>
 *
 * <p>A {@code null} token is treated like an empty one: {@link InvalidTokenException} with reason
 * {@link Reason#MISSING}, not a {@code NullPointerException}, since a request without a token is
 * rejected input.
 *
 * <p>Immutable and thread-safe. To rotate keys, build a new verifier with the rotated key ring.
 */
public final class AccessTokenVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(AccessTokenVerifier.class);

  // Anything later than 9999-12-31T23:59:59Z is not a date we issue.
  private static final long MAX_EPOCH_SECOND = 253_402_300_799L;

  private final SigningKeys keys;
  private final AccessTokenSettings settings;
  private final Clock clock;

  /**
   * @param keys the key ring; tokens signed by its current or previous keys verify
   * @param settings issuer, audience, skew and limits; the same as the issuer's
   * @param clock the time source for expiry checks
   * @throws NullPointerException when an argument is null
   */
  public AccessTokenVerifier(SigningKeys keys, AccessTokenSettings settings, Clock clock) {
    this.keys = requireNonNull(keys, "keys");
    this.settings = requireNonNull(settings, "settings");
    this.clock = requireNonNull(clock, "clock");
  }

  /**
   * Verifies a compact JWS access token.
   *
   * @param token the token, without a {@code Bearer } prefix; {@code null} is refused like an empty
   *     token
   * @return the verified claims
   * @throws InvalidTokenException for every kind of invalid token, with one code and message
   */
  public VerifiedAccessToken verify(String token) {
    if (token == null || token.isBlank()) {
      throw reject(Reason.MISSING);
    }
    if (token.length() > settings.maxTokenLength()) {
      throw reject(Reason.OVERSIZED);
    }
    int firstDot = token.indexOf('.');
    int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
    if (secondDot < 0
        || !isBase64Url(token, 0, firstDot)
        || !isBase64Url(token, firstDot + 1, secondDot)
        || !isBase64Url(token, secondDot + 1, token.length())) {
      throw reject(Reason.MALFORMED);
    }
    String signaturePart = token.substring(secondDot + 1);
    Map<String, Object> header = parseJson(token.substring(0, firstDot));

    if (header.containsKey("crit")) {
      throw reject(Reason.UNSUPPORTED_CRITICAL_HEADER);
    }
    if (!(header.get("typ") instanceof String typ)
        || !(typ.equalsIgnoreCase(AccessTokenIssuer.TYPE)
            || typ.equalsIgnoreCase("application/" + AccessTokenIssuer.TYPE))) {
      throw reject(Reason.WRONG_TYPE);
    }
    if (!(header.get("kid") instanceof String kid) || kid.isEmpty()) {
      throw reject(Reason.MISSING_KEY_ID);
    }
    TokenKey key = keys.find(kid).orElseThrow(() -> reject(Reason.UNKNOWN_KEY_ID));
    if (!key.algorithm().joseName().equals(header.get("alg"))) {
      throw reject(Reason.ALGORITHM_MISMATCH);
    }
    Base64URL signature = new Base64URL(signaturePart);
    // Only one encoding of a signature is accepted, so one token has one spelling.
    if (!Base64URL.encode(signature.decode()).toString().equals(signaturePart)) {
      throw reject(Reason.MALFORMED);
    }
    byte[] signingInput = token.substring(0, secondDot).getBytes(StandardCharsets.US_ASCII);
    if (!key.verifySignature(signingInput, signature)) {
      throw reject(Reason.BAD_SIGNATURE);
    }

    Map<String, Object> claims = parseJson(token.substring(firstDot + 1, secondDot));
    if (!settings.issuer().equals(claims.get("iss"))) {
      throw reject(Reason.WRONG_ISSUER);
    }
    Object aud = claims.get("aud");
    boolean audienceMatches =
        settings.audience().equals(aud)
            || (aud instanceof List<?> list
                && list.size() == 1
                && settings.audience().equals(list.get(0)));
    if (!audienceMatches) {
      throw reject(Reason.WRONG_AUDIENCE);
    }
    Instant now = clock.instant();
    Instant latestAcceptable = now.plus(settings.maxClockSkew());
    Instant exp = requiredTime(claims, "exp");
    if (!now.isBefore(exp.plus(settings.maxClockSkew()))) {
      throw reject(Reason.EXPIRED);
    }
    Optional<Instant> nbf = optionalTime(claims, "nbf");
    if (nbf.isPresent() && nbf.get().isAfter(latestAcceptable)) {
      throw reject(Reason.NOT_YET_VALID);
    }
    Instant iat = requiredTime(claims, "iat");
    if (iat.isAfter(latestAcceptable)) {
      throw reject(Reason.ISSUED_IN_FUTURE);
    }
    String sub = requiredString(claims, "sub");
    // Gatehouse subjects are public UUIDs; anything else is a malformed claim, not a crash later.
    UUID subject = uuid(sub);
    String sid = requiredString(claims, "sid");
    String jti = requiredString(claims, "jti");
    Object clientId = claims.get("client_id");
    // Tokens issued before client_id existed carry none; one that carries another is refused.
    if (clientId != null && !settings.clientId().equals(clientId)) {
      throw reject(Reason.INVALID_CLAIM);
    }
    Optional<Instant> authTime = optionalTime(claims, "auth_time");
    if (authTime.isPresent() && authTime.get().isAfter(latestAcceptable)) {
      throw reject(Reason.INVALID_CLAIM);
    }
    List<String> amr = stringList(claims, "amr");
    Object profile = claims.get(settings.profileClaim());
    if (profile instanceof Long || profile instanceof Integer) {
      // Written as a number with simplejwt's claims (gatehouse.token.simplejwt-claims).
      profile = profile.toString();
    }
    if (profile != null && !(profile instanceof String)) {
      throw reject(Reason.INVALID_CLAIM);
    }
    return new VerifiedAccessToken(
        subject,
        sid,
        amr,
        (String) profile,
        iat,
        exp,
        jti,
        key.kid(),
        authTime.orElse(null),
        Map.copyOf(simpleValuesOnly(claims)));
  }

  private static boolean isBase64Url(String s, int from, int to) {
    int len = to - from;
    // A length of 1 mod 4 cannot be unpadded base64.
    if (len <= 0 || len % 4 == 1) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private Map<String, Object> parseJson(String base64UrlPart) {
    String json = new String(Base64.getUrlDecoder().decode(base64UrlPart), StandardCharsets.UTF_8);
    try {
      return JSONObjectUtils.parse(json, settings.maxTokenLength());
    } catch (ParseException e) {
      throw reject(Reason.MALFORMED);
    }
  }

  private Instant requiredTime(Map<String, Object> claims, String name) {
    return optionalTime(claims, name).orElseThrow(() -> reject(Reason.MISSING_CLAIM));
  }

  private Optional<Instant> optionalTime(Map<String, Object> claims, String name) {
    Object v = claims.get(name);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof Number n)) {
      throw reject(Reason.INVALID_CLAIM);
    }
    double seconds = n.doubleValue();
    if (!(seconds >= 0 && seconds <= MAX_EPOCH_SECOND)) {
      throw reject(Reason.INVALID_CLAIM);
    }
    return Optional.of(Instant.ofEpochSecond((long) Math.floor(seconds)));
  }

  private String requiredString(Map<String, Object> claims, String name) {
    Object v = claims.get(name);
    if (v == null) {
      throw reject(Reason.MISSING_CLAIM);
    }
    if (!(v instanceof String s) || s.isEmpty()) {
      throw reject(Reason.INVALID_CLAIM);
    }
    return s;
  }

  private List<String> stringList(Map<String, Object> claims, String name) {
    Object v = claims.get(name);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof List<?> list)) {
      throw reject(Reason.INVALID_CLAIM);
    }
    List<String> out = new ArrayList<>(list.size());
    for (Object o : list) {
      if (!(o instanceof String s)) {
        throw reject(Reason.INVALID_CLAIM);
      }
      out.add(s);
    }
    return out;
  }

  private UUID uuid(String value) {
    // UUID.fromString accepts short forms such as "1-1-1-1-1"; only the canonical form is ours.
    if (value.length() != 36) {
      throw reject(Reason.INVALID_CLAIM);
    }
    try {
      UUID id = UUID.fromString(value);
      if (!id.toString().equalsIgnoreCase(value)) {
        throw reject(Reason.INVALID_CLAIM);
      }
      return id;
    } catch (IllegalArgumentException e) {
      throw reject(Reason.INVALID_CLAIM);
    }
  }

  /**
   * Strings, booleans, integral numbers, lists of strings and flat objects of strings: what custom
   * claims can be.
   */
  private static Map<String, Object> simpleValuesOnly(Map<String, Object> claims) {
    Map<String, Object> out = new HashMap<>();
    claims.forEach(
        (k, v) -> {
          if (v instanceof String || v instanceof Boolean) {
            out.put(k, v);
          } else if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
            out.put(k, n.longValue());
          } else if (v instanceof List<?> list
              && list.stream().allMatch(String.class::isInstance)) {
            out.put(k, List.copyOf(list));
          } else if (v instanceof Map<?, ?> map
              && map.entrySet().stream()
                  .allMatch(e -> e.getKey() instanceof String && e.getValue() instanceof String)) {
            // A flat object of strings, such as RFC 8693's act.
            out.put(k, Map.copyOf(map));
          }
        });
    return out;
  }

  private static InvalidTokenException reject(Reason reason) {
    LOG.debug("Access token rejected: {}", reason);
    return new InvalidTokenException(reason);
  }

  /**
   * An access token was refused. Every cause, from a truncated string to a forged signature or an
   * expired token, produces this one type with code {@code invalid_token} and the same {@link
   * #getMessage() message}, so a caller who sees the error (or its timing class) learns nothing
   * about which check failed. Map it to HTTP 401 with {@code WWW-Authenticate: Bearer
   * error="invalid_token"}.
   *
   * <p>{@link #reason()} tells operators why, for debug logging and metrics; it is not secret but
   * should not be sent to the client. The token itself is never part of this exception.
   */
  public static final class InvalidTokenException extends RejectedInputException {
    private static final long serialVersionUID = 1L;

    /** The message of every instance. */
    public static final String MESSAGE = "The access token is invalid or expired";

    /** Why a token was refused. For logs and metrics, never for the client. */
    public enum Reason {
      /** The token was null, empty or blank. */
      MISSING,
      /** The token was longer than the configured maximum; it was not parsed. */
      OVERSIZED,
      /** Not three non-empty base64url parts, or the header or claims are not valid JSON. */
      MALFORMED,
      /** The header has no {@code kid}, or a {@code kid} that is not a string. */
      MISSING_KEY_ID,
      /** The {@code kid} names no configured key. */
      UNKNOWN_KEY_ID,
      /**
       * The header {@code alg} is not the one fixed for the selected key (including {@code none}).
       */
      ALGORITHM_MISMATCH,
      /** The header {@code typ} is not {@code at+jwt}. */
      WRONG_TYPE,
      /** The header carries {@code crit}; no critical extension is understood. */
      UNSUPPORTED_CRITICAL_HEADER,
      /** The signature does not verify with the selected key. */
      BAD_SIGNATURE,
      /** {@code iss} is not the configured issuer. */
      WRONG_ISSUER,
      /** {@code aud} is not exactly the configured audience. */
      WRONG_AUDIENCE,
      /** {@code exp} has passed by more than the allowed clock skew. */
      EXPIRED,
      /** {@code nbf} is further in the future than the allowed clock skew. */
      NOT_YET_VALID,
      /** {@code iat} is further in the future than the allowed clock skew. */
      ISSUED_IN_FUTURE,
      /**
       * A required claim ({@code sub}, {@code sid}, {@code jti}, {@code iat}, {@code exp}) is
       * absent.
       */
      MISSING_CLAIM,
      /**
       * A claim has the wrong JSON type or shape (e.g. {@code exp} not a number, {@code amr} not
       * strings, {@code sub} not a UUID).
       */
      INVALID_CLAIM,
      /**
       * The token is valid but its session has ended (logout, revocation, expiry); only the live
       * check of {@code SessionService.verifyLiveAccessToken} reports it.
       */
      SESSION_ENDED,
      /** A legacy system's token presented as a bearer was refused, or none is taken now. */
      LEGACY_REFUSED
    }

    /** Why the token was refused; never {@code null}. */
    private final Reason reason;

    /**
     * Creates the exception for one refused token; the code and message are the same for every
     * reason.
     *
     * @param reason why the token was refused
     * @throws NullPointerException when {@code reason} is null
     */
    public InvalidTokenException(Reason reason) {
      super(ErrorCode.INVALID_TOKEN, MESSAGE);
      this.reason = requireNonNull(reason, "reason");
    }

    /** {@return why the token was refused. Never null} */
    public Reason reason() {
      return reason;
    }
  }

  /**
   * The claims of an access token that passed every check of {@link AccessTokenVerifier}. Nothing
   * in it was looked up in a database: a token stays valid until it expires even if its session was
   * revoked in the meantime, which is why access tokens are short-lived.
   *
   * <pre>{@code
   * VerifiedAccessToken at = verifier.verify(bearer);
   * UUID user = at.userPublicId();
   * boolean stepUp = at.amr().contains("otp");
   * }</pre>
   *
   * <p>Immutable and thread-safe. It does not keep the token string; {@link #toString()} shows the
   * jti, kid, subject and times only.
   */
  public static final class VerifiedAccessToken {
    private final UUID subject;
    private final String sessionId;
    private final List<String> amr;
    private final String profileId;
    private final Instant issuedAt;
    private final Instant expiresAt;
    private final String jwtId;
    private final String keyId;
    private final Instant authTime;
    private final Map<String, Object> claims;

    VerifiedAccessToken(
        UUID subject,
        String sessionId,
        List<String> amr,
        String profileId,
        Instant issuedAt,
        Instant expiresAt,
        String jwtId,
        String keyId,
        Instant authTime,
        Map<String, Object> claims) {
      this.subject = requireNonNull(subject, "subject");
      this.sessionId = requireNonNull(sessionId, "sessionId");
      this.amr = List.copyOf(amr);
      this.profileId = profileId;
      this.issuedAt = requireNonNull(issuedAt, "issuedAt");
      this.expiresAt = requireNonNull(expiresAt, "expiresAt");
      this.jwtId = requireNonNull(jwtId, "jwtId");
      this.keyId = requireNonNull(keyId, "keyId");
      this.authTime = authTime;
      this.claims = Map.copyOf(claims);
    }

    /** {@return the user's public UUID ({@code sub}) as a string. Never null} */
    public String subject() {
      return subject.toString();
    }

    /**
     * {@return the user's public UUID ({@code sub}); the verifier refuses a token whose subject is
     * not one. Never null}
     */
    public UUID userPublicId() {
      return subject;
    }

    /**
     * {@return when the user signed in to the session ({@code auth_time}), or empty for a token
     * issued without it}
     */
    public Optional<Instant> authTime() {
      return Optional.ofNullable(authTime);
    }

    /**
     * {@return every claim whose value is a string, a boolean, an integral number (as {@link
     * Long}), a list of strings or a flat object of strings (RFC 8693's {@code act}), by name;
     * custom claims such as {@code roles} included. Unmodifiable, never null}
     */
    public Map<String, Object> claims() {
      return claims;
    }

    /** {@return the session id ({@code sid}). Never null} */
    public String sessionId() {
      return sessionId;
    }

    /**
     * {@return the authentication methods ({@code amr}); empty when absent. Unmodifiable, never
     * null}
     */
    public List<String> amr() {
      return amr;
    }

    /** {@return the active profile id (the configured profile claim), or empty} */
    public Optional<String> profileId() {
      return Optional.ofNullable(profileId);
    }

    /** {@return {@code iat}. Never null} */
    public Instant issuedAt() {
      return issuedAt;
    }

    /** {@return {@code exp}. Never null} */
    public Instant expiresAt() {
      return expiresAt;
    }

    /** {@return {@code jti}. Never null} */
    public String jwtId() {
      return jwtId;
    }

    /** {@return the {@code kid} of the key that verified the signature. Never null} */
    public String keyId() {
      return keyId;
    }

    /**
     * A string-valued claim by name, such as an extra claim given at issue time.
     *
     * @param name the claim name
     * @return the value, or empty when absent or not a JSON string
     * @throws NullPointerException when {@code name} is null
     */
    public Optional<String> claim(String name) {
      requireNonNull(name, "name");
      Object v = claims.get(name);
      return v instanceof String s ? Optional.of(s) : Optional.empty();
    }

    @Override
    public String toString() {
      return "VerifiedAccessToken[jti="
          + jwtId
          + ", kid="
          + keyId
          + ", sub="
          + subject
          + ", iat="
          + issuedAt
          + ", exp="
          + expiresAt
          + "]";
    }
  }
}
