package dev.gatehouse.core.token;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

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
