package dev.gatehouse.spring.web.internal.shared;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.SignInResult.SecondFactorChallenge;

/**
 * A sign-in that needs a second step, on its way from a route to the contract's error answer
 * ({@code mfa_required} or {@code mfa_enrolment_required} with the challenge): each contract's
 * resolver renders it in its own shape, as it renders a refusal. Never leaves the web module; its
 * message never shows the challenge token.
 */
public final class SecondStepAnswer extends RuntimeException {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial")
  private final SecondFactorChallenge challenge;

  private SecondStepAnswer(SecondFactorChallenge challenge) {
    super(
        challenge.enrolmentOnly()
            ? "the account must enrol a second factor; enrol one with the challenge"
            : "the account has a second factor; complete the login with the challenge",
        null,
        false,
        false);
    this.challenge = challenge;
  }

  /**
   * {@return a completed sign-in}
   *
   * @param result a password, code, link or passkey sign-in's answer
   * @throws SecondStepAnswer when the sign-in waits for a second step
   */
  public static SignInResult.SignedIn signedIn(SignInResult result) {
    if (result instanceof SignInResult.SecondStepRequired step) {
      throw new SecondStepAnswer(step.challenge());
    }
    return result.orElseThrow();
  }

  /** {@return the catalogue code the answer carries} */
  public ErrorCode error() {
    return challenge.enrolmentOnly() ? ErrorCode.MFA_ENROLMENT_REQUIRED : ErrorCode.MFA_REQUIRED;
  }

  /** {@return the challenge the client completes the sign-in with} */
  public SecondFactorChallenge challenge() {
    return challenge;
  }
}
