package dev.gatehouse.core.session;

import java.time.Instant;

/**
 * What a successful login or refresh answers: a JWT access token and an opaque refresh token.
 *
 * @param accessToken the signed access token
 * @param refreshToken the opaque refresh token (shown once; only its hash is stored)
 * @param accessTokenExpiresAt when the access token expires
 * @param sessionId the session ({@code sid}) both belong to
 * @param secondFactorEnrolmentDue for a login of an account the second-factor policy covers that
 *     has no factor yet, inside its grace period: when the grace ends (after it, logins answer
 *     {@code mfa_enrolment_required}); otherwise {@code null}
 */
public record TokenPair(
    String accessToken,
    String refreshToken,
    Instant accessTokenExpiresAt,
    String sessionId,
    Instant secondFactorEnrolmentDue) {
  /**
   * A pair with no enrolment due.
   *
   * @param accessToken the signed access token
   * @param refreshToken the opaque refresh token
   * @param accessTokenExpiresAt when the access token expires
   * @param sessionId the session both belong to
   */
  public TokenPair(
      String accessToken, String refreshToken, Instant accessTokenExpiresAt, String sessionId) {
    this(accessToken, refreshToken, accessTokenExpiresAt, sessionId, null);
  }

  /**
   * @param due when the account's second-factor enrolment grace ends
   * @return this pair saying enrolment is due by {@code due}
   */
  public TokenPair withSecondFactorEnrolmentDue(Instant due) {
    return new TokenPair(accessToken, refreshToken, accessTokenExpiresAt, sessionId, due);
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
