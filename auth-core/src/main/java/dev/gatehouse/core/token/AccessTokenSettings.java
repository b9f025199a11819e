package dev.gatehouse.core.token;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import java.time.Duration;
import java.util.Set;

/**
 * Settings shared by {@link AccessTokenIssuer} and {@link AccessTokenVerifier}.
 *
 * <pre>{@code
 * AccessTokenSettings settings =
 *     AccessTokenSettings.of("https://auth.example.com", "https://api.example.com")
 *         .withAccessTokenTtl(Duration.ofMinutes(10));
 * }</pre>
 *
 * <p>Immutable and thread-safe. The constructor validates every value and throws {@link
 * ConfigurationException} naming the setting at fault.
 *
 * @param issuer the {@code iss} value written and required, compared exactly; non-blank
 * @param audience the single {@code aud} value written and required, compared exactly; non-blank
 * @param accessTokenTtl lifetime of an access token; more than zero, at most 24 hours (default 5
 *     minutes)
 * @param maxClockSkew leeway for {@code exp}, {@code nbf} and {@code iat} between hosts; zero to 5
 *     minutes (default 30 seconds)
 * @param profileClaim name of the claim holding the profile id (default {@code profile_id}, as
 *     jb-drf-auth's {@code PROFILE_ID_CLAIM}); must not be a registered claim name
 * @param maxTokenLength longest token accepted, in characters, checked before any parsing; 1 KiB to
 *     64 KiB (default 8 KiB)
 * @param clientId the {@code client_id} written (RFC 9068 requires it) and, when a token carries
 *     one, required; non-blank (default {@value #DEFAULT_CLIENT_ID})
 * @param simplejwtClaims whether tokens also carry djangorestframework-simplejwt's claims for
 *     clients that read them: {@code token_type} ({@code "access"}), {@code user_id} (the subject,
 *     or the request's integer {@link AccessTokenIssuer.AccessTokenRequest#userId()}) and the
 *     profile claim as a number (default {@code false}: the profile claim is a string)
 */
public record AccessTokenSettings(
    String issuer,
    String audience,
    Duration accessTokenTtl,
    Duration maxClockSkew,
    String profileClaim,
    int maxTokenLength,
    String clientId,
    boolean simplejwtClaims) {

  /** Default {@link #accessTokenTtl()}: 5 minutes. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

  /** Default {@link #maxClockSkew()}: 30 seconds. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

  /** Upper bound of {@link #maxClockSkew()}: 5 minutes. */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  /** Upper bound of {@link #accessTokenTtl()}: 24 hours. */
  public static final Duration MAX_TTL = Duration.ofHours(24);

  /** Default {@link #profileClaim()}. */
  public static final String DEFAULT_PROFILE_CLAIM = "profile_id";

  /** Default {@link #clientId()}. */
  public static final String DEFAULT_CLIENT_ID = "gatehouse";

  /** Default {@link #maxTokenLength()}: 8 KiB. */
  public static final int DEFAULT_MAX_TOKEN_LENGTH = 8 * 1024;

  /**
   * Claims the library writes itself; neither the profile claim, extra claims nor a module's
   * session claims may use them.
   */
  public static final Set<String> REGISTERED_CLAIMS =
      Set.of(
          "iss",
          "aud",
          "sub",
          "sid",
          "iat",
          "nbf",
          "exp",
          "jti",
          "amr",
          "typ",
          "cnf",
          "scope",
          "client_id",
          "azp",
          "auth_time",
          "acr");

  /**
   * Validates every setting.
   *
   * @param issuer the {@code iss} value written and required, compared exactly; non-blank
   * @param audience the single {@code aud} value written and required, compared exactly; non-blank
   * @param accessTokenTtl lifetime of an access token; more than zero, at most 24 hours (default 5
   *     minutes)
   * @param maxClockSkew leeway for {@code exp}, {@code nbf} and {@code iat} between hosts; zero to
   *     5 minutes (default 30 seconds)
   * @param profileClaim name of the claim holding the profile id (default {@code profile_id}, as
   *     jb-drf-auth's {@code PROFILE_ID_CLAIM}); must not be a registered claim name
   * @param maxTokenLength longest token accepted, in characters, checked before any parsing; 1 KiB
   *     to 64 KiB (default 8 KiB)
   * @param clientId the {@code client_id}; non-blank
   * @param simplejwtClaims whether tokens also carry simplejwt's claims
   * @throws ConfigurationException naming the invalid setting
   */
  public AccessTokenSettings {
    issuer = nonBlank(issuer, "issuer");
    clientId = nonBlank(clientId, "clientId");
    audience = nonBlank(audience, "audience");
    if (accessTokenTtl == null
        || accessTokenTtl.isNegative()
        || accessTokenTtl.isZero()
        || accessTokenTtl.compareTo(MAX_TTL) > 0) {
      throw new ConfigurationException(
          "accessTokenTtl must be more than zero and at most "
              + MAX_TTL
              + ", was "
              + accessTokenTtl);
    }
    if (maxClockSkew == null
        || maxClockSkew.isNegative()
        || maxClockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
      throw new ConfigurationException(
          "maxClockSkew must be between zero and " + MAX_CLOCK_SKEW + ", was " + maxClockSkew);
    }
    profileClaim = nonBlank(profileClaim, "profileClaim");
    if (REGISTERED_CLAIMS.contains(profileClaim)) {
      throw new ConfigurationException(
          "profileClaim must not be a registered claim name, was '" + profileClaim + "'");
    }
    if (simplejwtClaims && (profileClaim.equals("token_type") || profileClaim.equals("user_id"))) {
      throw new ConfigurationException(
          "profileClaim must not be one of simplejwt's claims, was '" + profileClaim + "'");
    }
    if (maxTokenLength < 1024 || maxTokenLength > 64 * 1024) {
      throw new ConfigurationException(
          "maxTokenLength must be between 1024 and 65536, was " + maxTokenLength);
    }
  }

  /**
   * Settings without simplejwt's claims (the form before they existed).
   *
   * @param issuer the {@code iss} value
   * @param audience the {@code aud} value
   * @param accessTokenTtl lifetime of an access token
   * @param maxClockSkew leeway between hosts
   * @param profileClaim name of the profile claim
   * @param maxTokenLength longest token accepted, in characters
   * @param clientId the {@code client_id}
   * @throws ConfigurationException naming the invalid setting
   */
  public AccessTokenSettings(
      String issuer,
      String audience,
      Duration accessTokenTtl,
      Duration maxClockSkew,
      String profileClaim,
      int maxTokenLength,
      String clientId) {
    this(
        issuer,
        audience,
        accessTokenTtl,
        maxClockSkew,
        profileClaim,
        maxTokenLength,
        clientId,
        false);
  }

  /**
   * Settings with the default {@link #clientId()} (the form before it existed).
   *
   * @param issuer the {@code iss} value
   * @param audience the {@code aud} value
   * @param accessTokenTtl lifetime of an access token
   * @param maxClockSkew leeway between hosts
   * @param profileClaim name of the profile claim
   * @param maxTokenLength longest token accepted, in characters
   * @throws ConfigurationException naming the invalid setting
   */
  public AccessTokenSettings(
      String issuer,
      String audience,
      Duration accessTokenTtl,
      Duration maxClockSkew,
      String profileClaim,
      int maxTokenLength) {
    this(
        issuer,
        audience,
        accessTokenTtl,
        maxClockSkew,
        profileClaim,
        maxTokenLength,
        DEFAULT_CLIENT_ID);
  }

  /**
   * Settings with every default and the given issuer and audience.
   *
   * @param issuer the {@code iss} value
   * @param audience the {@code aud} value
   * @return the settings
   * @throws ConfigurationException when either is null or blank
   */
  public static AccessTokenSettings of(String issuer, String audience) {
    return new AccessTokenSettings(
        issuer,
        audience,
        DEFAULT_TTL,
        DEFAULT_CLOCK_SKEW,
        DEFAULT_PROFILE_CLAIM,
        DEFAULT_MAX_TOKEN_LENGTH);
  }

  /**
   * A copy with another access-token lifetime.
   *
   * @param ttl the lifetime
   * @return the new settings
   * @throws ConfigurationException when out of range
   */
  public AccessTokenSettings withAccessTokenTtl(Duration ttl) {
    return new AccessTokenSettings(
        issuer,
        audience,
        ttl,
        maxClockSkew,
        profileClaim,
        maxTokenLength,
        clientId,
        simplejwtClaims);
  }

  /**
   * A copy with another clock skew.
   *
   * @param skew the skew
   * @return the new settings
   * @throws ConfigurationException when out of range
   */
  public AccessTokenSettings withMaxClockSkew(Duration skew) {
    return new AccessTokenSettings(
        issuer,
        audience,
        accessTokenTtl,
        skew,
        profileClaim,
        maxTokenLength,
        clientId,
        simplejwtClaims);
  }

  /**
   * A copy with another profile claim name.
   *
   * @param claim the claim name
   * @return the new settings
   * @throws ConfigurationException when blank or a registered claim
   */
  public AccessTokenSettings withProfileClaim(String claim) {
    return new AccessTokenSettings(
        issuer,
        audience,
        accessTokenTtl,
        maxClockSkew,
        claim,
        maxTokenLength,
        clientId,
        simplejwtClaims);
  }

  /**
   * A copy with another maximum token length.
   *
   * @param length the length in characters
   * @return the new settings
   * @throws ConfigurationException when out of range
   */
  public AccessTokenSettings withMaxTokenLength(int length) {
    return new AccessTokenSettings(
        issuer,
        audience,
        accessTokenTtl,
        maxClockSkew,
        profileClaim,
        length,
        clientId,
        simplejwtClaims);
  }

  /**
   * A copy with another {@code client_id}.
   *
   * @param id the client id
   * @return the new settings
   * @throws ConfigurationException when blank
   */
  public AccessTokenSettings withClientId(String id) {
    return new AccessTokenSettings(
        issuer,
        audience,
        accessTokenTtl,
        maxClockSkew,
        profileClaim,
        maxTokenLength,
        id,
        simplejwtClaims);
  }

  /**
   * A copy that does or does not write simplejwt's claims.
   *
   * @param on whether tokens carry {@code token_type}, {@code user_id} and a numeric profile claim
   * @return the new settings
   */
  public AccessTokenSettings withSimplejwtClaims(boolean on) {
    return new AccessTokenSettings(
        issuer, audience, accessTokenTtl, maxClockSkew, profileClaim, maxTokenLength, clientId, on);
  }

  private static String nonBlank(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new ConfigurationException(name + " must not be blank");
    }
    return value;
  }
}
