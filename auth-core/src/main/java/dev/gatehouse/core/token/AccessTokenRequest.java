package dev.gatehouse.core.token;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

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
 * @param subject the user's public UUID (canonical lower-case form), never a database key; goes to
 *     {@code sub}
 * @param sessionId the login session (refresh-token family) id; goes to {@code sid}; non-blank
 * @param amr authentication methods (RFC 8176 values such as {@code pwd}, {@code otp}, {@code
 *     sms}); may be empty, elements non-blank
 * @param profileId the active profile's id, or {@code null} for none
 * @param extraClaims further string claims; may be empty, must not use a registered claim name
 * @param authTime when the user last proved who they are (the session's sign-in); goes to {@code
 *     auth_time}; {@code null} for none
 * @param customClaims further claims of any JSON type a host adds ({@link String}, {@link Boolean},
 *     an integral {@link Number}, or a list of strings); may be empty, must not use a registered
 *     claim name nor a name of {@code extraClaims}
 */
public record AccessTokenRequest(
    String subject,
    String sessionId,
    List<String> amr,
    @Nullable String profileId,
    Map<String, String> extraClaims,
    @Nullable Instant authTime,
    Map<String, Object> customClaims) {

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
   *     strings); may be empty
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
    throw new IllegalArgumentException(
        "custom claim '"
            + name
            + "' must be a string, boolean, integral number or list of strings, was "
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
    return UUID.fromString(s).toString().equals(s);
  }
}
