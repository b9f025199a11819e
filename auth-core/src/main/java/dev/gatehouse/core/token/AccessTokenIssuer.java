package dev.gatehouse.core.token;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import dev.gatehouse.core.error.AuthException.AuthInfrastructureException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

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
      claims.put("user_id", request.userId() != null ? request.userId() : request.subject());
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
    String token = key.signCompact(h.header(), h.encoded(), claims);
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

  /**
   * A freshly signed access token and the facts a token response needs ({@code expires_in}).
   *
   * <p>Immutable and thread-safe. {@link #toString()} omits the token.
   *
   * @param token the compact JWS; a bearer credential, never log it
   * @param jwtId the {@code jti}
   * @param keyId the {@code kid} it was signed with
   * @param issuedAt {@code iat} (whole seconds)
   * @param expiresAt {@code exp} (whole seconds)
   */
  public record IssuedAccessToken(
      String token, String jwtId, String keyId, Instant issuedAt, Instant expiresAt) {

    /**
     * Checks that every component is present.
     *
     * @param token the compact JWS; a bearer credential, never log it
     * @param jwtId the {@code jti}
     * @param keyId the {@code kid} it was signed with
     * @param issuedAt {@code iat} (whole seconds)
     * @param expiresAt {@code exp} (whole seconds)
     * @throws NullPointerException when any component is null
     */
    public IssuedAccessToken {
      requireNonNull(token, "token");
      requireNonNull(jwtId, "jwtId");
      requireNonNull(keyId, "keyId");
      requireNonNull(issuedAt, "issuedAt");
      requireNonNull(expiresAt, "expiresAt");
    }

    @Override
    public String toString() {
      return "IssuedAccessToken[jwtId="
          + jwtId
          + ", keyId="
          + keyId
          + ", issuedAt="
          + issuedAt
          + ", expiresAt="
          + expiresAt
          + ", token=<redacted>]";
    }
  }

  /**
   * What an access token states about a signed-in user.
   *
   * <pre>{@code
   * new AccessTokenRequest(user.getPublicId().toString(), session.id(), List.of("pwd", "otp"),
   *     profile == null ? null : profile.getPublicId().toString(), Map.of("locale", "en"));
   * }</pre>
   *
   * <p>Immutable and thread-safe; lists and maps are copied.
   *
   * @param subject the user's public UUID (canonical lower-case form), never a database key; goes
   *     to {@code sub}
   * @param sessionId the login session (refresh-token family) id; goes to {@code sid}; non-blank
   * @param amr authentication methods (RFC 8176 values such as {@code pwd}, {@code otp}, {@code
   *     sms}); may be empty, elements non-blank
   * @param profileId the active profile's id, or {@code null} for none
   * @param extraClaims further string claims; may be empty, must not use a registered claim name
   * @param authTime when the user last proved who they are (the session's sign-in); goes to {@code
   *     auth_time}; {@code null} for none
   * @param customClaims further claims of any JSON type a host adds ({@link String}, {@link
   *     Boolean}, an integral {@link Number}, or a list of strings); may be empty, must not use a
   *     registered claim name nor a name of {@code extraClaims}
   * @param userId the integer a legacy client knows the user by, written as simplejwt's {@code
   *     user_id} instead of the subject ({@code gatehouse.token.integer-user-ids}); {@code null}
   *     for none. Shown to clients only: {@code sub} stays the public id
   */
  public record AccessTokenRequest(
      String subject,
      String sessionId,
      List<String> amr,
      @Nullable String profileId,
      Map<String, String> extraClaims,
      @Nullable Instant authTime,
      Map<String, Object> customClaims,
      @Nullable Long userId) {

    /**
     * Validates and copies.
     *
     * @param subject the user's public UUID (canonical lower-case form), never a database key; goes
     *     to {@code sub}
     * @param sessionId the login session (refresh-token family) id; goes to {@code sid}; non-blank
     * @param amr authentication methods (RFC 8176 values such as {@code pwd}, {@code otp}, {@code
     *     sms}); may be empty, elements non-blank
     * @param profileId the active profile's id, or {@code null} for none
     * @param extraClaims further string claims; may be empty, must not use a registered claim name
     * @param authTime when the user last proved who they are; {@code null} for none
     * @param customClaims further claims of a host (strings, booleans, integral numbers, lists of
     *     strings, flat objects of strings); may be empty
     * @param userId the integer written as simplejwt's {@code user_id}, or {@code null}
     * @throws NullPointerException when {@code subject}, {@code sessionId}, {@code amr}, {@code
     *     extraClaims}, {@code customClaims} or an element is null
     * @throws IllegalArgumentException when {@code subject} is not a canonical UUID, {@code
     *     sessionId} or an amr value is blank, {@code profileId} is blank, an extra or custom claim
     *     uses a registered name, or a custom claim has a value of another type
     */
    public AccessTokenRequest {
      requireNonNull(subject, "subject");
      requireNonNull(sessionId, "sessionId");
      requireNonNull(amr, "amr");
      requireNonNull(extraClaims, "extraClaims");
      requireNonNull(customClaims, "customClaims");
      if (!isCanonicalUuid(subject)) {
        throw new IllegalArgumentException(
            "subject must be the user's public UUID in canonical form, not a database key");
      }
      if (sessionId.isBlank()) {
        throw new IllegalArgumentException("sessionId must not be blank");
      }
      if (profileId != null && profileId.isBlank()) {
        throw new IllegalArgumentException("profileId must be null or non-blank");
      }
      amr = List.copyOf(amr);
      for (String m : amr) {
        if (m.isBlank()) {
          throw new IllegalArgumentException("amr values must not be blank");
        }
      }
      extraClaims = Map.copyOf(extraClaims);
      for (String name : extraClaims.keySet()) {
        if (AccessTokenSettings.REGISTERED_CLAIMS.contains(name)) {
          throw new IllegalArgumentException("extra claim '" + name + "' is a registered claim");
        }
      }
      customClaims = copyCustomClaims(customClaims, extraClaims.keySet());
    }

    /**
     * A request without an integer user id (the form before it existed).
     *
     * @param subject the user's public UUID
     * @param sessionId the session id
     * @param amr authentication methods
     * @param profileId the profile id, or {@code null}
     * @param extraClaims further string claims
     * @param authTime when the user last proved who they are, or {@code null}
     * @param customClaims further claims of a host
     * @throws IllegalArgumentException as the canonical constructor
     */
    public AccessTokenRequest(
        String subject,
        String sessionId,
        List<String> amr,
        @Nullable String profileId,
        Map<String, String> extraClaims,
        @Nullable Instant authTime,
        Map<String, Object> customClaims) {
      this(subject, sessionId, amr, profileId, extraClaims, authTime, customClaims, null);
    }

    /**
     * A request without {@code auth_time} or custom claims (the form before they existed).
     *
     * @param subject the user's public UUID
     * @param sessionId the session id
     * @param amr authentication methods
     * @param profileId the profile id, or {@code null}
     * @param extraClaims further string claims
     * @throws IllegalArgumentException as the canonical constructor
     */
    public AccessTokenRequest(
        String subject,
        String sessionId,
        List<String> amr,
        @Nullable String profileId,
        Map<String, String> extraClaims) {
      this(subject, sessionId, amr, profileId, extraClaims, null, Map.of());
    }

    private static Map<String, Object> copyCustomClaims(
        Map<String, Object> claims, Set<String> extraNames) {
      Map<String, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : claims.entrySet()) {
        String name = requireNonNull(e.getKey(), "custom claim name");
        Object value = requireNonNull(e.getValue(), () -> "value of custom claim '" + name + "'");
        if (name.isBlank()
            || AccessTokenSettings.REGISTERED_CLAIMS.contains(name)
            || extraNames.contains(name)) {
          throw new IllegalArgumentException(
              "custom claim '" + name + "' is blank, registered or already an extra claim");
        }
        copy.put(name, copyValue(name, value));
      }
      return Collections.unmodifiableMap(copy);
    }

    private static Object copyValue(String name, Object value) {
      if (value instanceof String || value instanceof Boolean) {
        return value;
      }
      if (value instanceof Long || value instanceof Integer || value instanceof Short) {
        return ((Number) value).longValue();
      }
      if (value instanceof Collection<?> list) {
        for (Object o : list) {
          if (!(o instanceof String)) {
            throw new IllegalArgumentException(
                "custom claim '" + name + "' must be a list of strings only");
          }
        }
        return List.copyOf(list);
      }
      if (value instanceof Map<?, ?> map
          && map.entrySet().stream()
              .allMatch(e -> e.getKey() instanceof String && e.getValue() instanceof String)) {
        // A flat object of strings, such as RFC 8693's act ({"sub": "..."}).
        return Map.copyOf(map);
      }
      throw new IllegalArgumentException(
          "custom claim '"
              + name
              + "' must be a string, boolean, integral number, list of strings or object of"
              + " strings, was "
              + value.getClass().getSimpleName());
    }

    /**
     * A request without extra claims.
     *
     * @param subject the user's public UUID
     * @param sessionId the session id
     * @param amr authentication methods
     * @param profileId the profile id, or {@code null}
     * @return the request
     */
    public static AccessTokenRequest of(
        String subject, String sessionId, List<String> amr, @Nullable String profileId) {
      return new AccessTokenRequest(subject, sessionId, amr, profileId, Map.of());
    }

    private static boolean isCanonicalUuid(String s) {
      if (s.length() != 36) {
        return false;
      }
      for (int i = 0; i < 36; i++) {
        char c = s.charAt(i);
        boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
          return false;
        }
      }
      // Every string of this shape is its UUID's canonical form: no parse needed.
      return true;
    }
  }
}
