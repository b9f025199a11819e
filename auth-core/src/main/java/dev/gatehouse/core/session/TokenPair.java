package dev.gatehouse.core.session;

import java.time.Instant;

/**
 * What a successful login or refresh answers: a JWT access token and an opaque refresh token.
 *
 * @param accessToken the signed access token
 * @param refreshToken the opaque refresh token (shown once; only its hash is stored)
 * @param accessTokenExpiresAt when the access token expires
 * @param sessionId the session ({@code sid}) both belong to
 */
public record TokenPair(
    String accessToken, String refreshToken, Instant accessTokenExpiresAt, String sessionId) {
  @Override
  public String toString() {
    return "TokenPair[sessionId="
        + sessionId
        + ", accessTokenExpiresAt="
        + accessTokenExpiresAt
        + "]";
  }
}
