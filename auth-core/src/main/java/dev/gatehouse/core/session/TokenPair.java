package dev.gatehouse.core.session;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What a successful login or refresh answers: a JWT access token and an opaque refresh token.
 *
 * @param accessToken the signed access token
 * @param refreshToken the opaque refresh token (shown once; only its hash is stored)
 * @param accessTokenExpiresAt when the access token expires
 * @param sessionId the session ({@code sid}) both belong to
 * @param userId the account's public id, the access token's {@code sub}: what a caller needs to
 *     show the signed-in user without verifying the token it was just handed
 * @param profileId the active profile's id as the token carries it (the profile claim), or {@code
 *     null} when the token names none
 * @param secondFactorEnrolmentDue for a login of an account the second-factor policy covers that
 *     has no factor yet, inside its grace period: when the grace ends (after it, logins answer
 *     {@code mfa_enrolment_required}); otherwise {@code null}
 */
public record TokenPair(
    String accessToken,
    String refreshToken,
    Instant accessTokenExpiresAt,
    String sessionId,
    UUID userId,
    @Nullable String profileId,
    @Nullable Instant secondFactorEnrolmentDue) {

  /**
   * @param due when the account's second-factor enrolment grace ends
   * @return this pair saying enrolment is due by {@code due}
   */
  public TokenPair withSecondFactorEnrolmentDue(Instant due) {
    return new TokenPair(
        accessToken, refreshToken, accessTokenExpiresAt, sessionId, userId, profileId, due);
  }

  @Override
  public String toString() {
    return "TokenPair[sessionId="
        + sessionId
        + ", accessTokenExpiresAt="
        + accessTokenExpiresAt
        + (secondFactorEnrolmentDue == null
            ? ""
            : ", secondFactorEnrolmentDue=" + secondFactorEnrolmentDue)
        + "]";
  }
}
