package dev.gatehouse.core.token;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The claims of an access token that passed every check of {@link AccessTokenVerifier}. Nothing in
 * it was looked up in a database: a token stays valid until it expires even if its session was
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
public final class VerifiedAccessToken {
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
   * {@return every claim whose value is a string, a boolean, an integral number (as {@link Long})
   * or a list of strings, by name; custom claims such as {@code roles} included. Unmodifiable,
   * never null}
   */
  public Map<String, Object> claims() {
    return claims;
  }

  /** {@return the session id ({@code sid}). Never null} */
  public String sessionId() {
    return sessionId;
  }

  /**
   * {@return the authentication methods ({@code amr}); empty when absent. Unmodifiable, never null}
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
