package dev.gatehouse.core.session;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.RejectedInputException;

/**
 * The typed {@code mfa_enrolment_required} outcome of a login: the first factor was right, but the
 * host's second-factor policy ({@code gatehouse.mfa.required}) covers the account, it has no
 * factor, and its enrolment grace period is over. {@link #challenge()} is short-lived and
 * single-use and permits only enrolling an authenticator app ({@code
 * SecondFactorService.beginRequiredEnrolment}, then {@code completeRequiredEnrolment}, which signs
 * the user in); it is no access token, refresh token or {@code mfa_required} challenge. {@link
 * #getMessage()} and {@link #toString()} never show the challenge token.
 *
 * <pre>{@code
 * try {
 *   return accounts.login(request);
 * } catch (SecondFactorEnrolmentRequiredException e) {
 *   TotpEnrolment qr = secondFactors.beginRequiredEnrolment(e.challenge().token(), client);
 *   // show qr.qrPng(), then with the app's first code:
 *   return secondFactors.completeRequiredEnrolment(e.challenge().token(), code, client).tokens();
 * }
 * }</pre>
 */
public final class SecondFactorEnrolmentRequiredException extends RejectedInputException {
  private static final long serialVersionUID = 1L;

  /** The enrolment-only challenge the login issued (a record of serializable parts). */
  @SuppressWarnings("serial")
  private final SecondFactorChallenge challenge;

  /**
   * @param challenge the enrolment-only challenge the login issued
   */
  public SecondFactorEnrolmentRequiredException(SecondFactorChallenge challenge) {
    super(
        ErrorCode.MFA_ENROLMENT_REQUIRED,
        "the account must enrol a second factor; enrol one with the challenge");
    this.challenge = requireNonNull(challenge, "challenge");
  }

  /** {@return the enrolment-only challenge} */
  public SecondFactorChallenge challenge() {
    return challenge;
  }
}
