package dev.gatehouse.core.session;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.RejectedInputException;

/**
 * The typed {@code mfa_required} outcome of a login: the first factor was right, and the account
 * has a second factor, so no session started yet. {@link #challenge()} carries what the client
 * sends back with the second factor. Accounts without a second factor never see it. {@link
 * #getMessage()} and {@link #toString()} never show the challenge token.
 *
 * <pre>{@code
 * try {
 *   return accounts.login(request);
 * } catch (SecondFactorRequiredException e) {
 *   // show the code form; keep e.challenge().token() for the next request
 * }
 * TokenPair tokens = secondFactors.completeLogin(challenge, SecondFactorProof.totp(code), client);
 * }</pre>
 */
public final class SecondFactorRequiredException extends RejectedInputException {
  private static final long serialVersionUID = 1L;

  /** The challenge the login issued (a record of serializable parts). */
  @SuppressWarnings("serial")
  private final SecondFactorChallenge challenge;

  /**
   * @param challenge the challenge the login issued
   */
  public SecondFactorRequiredException(SecondFactorChallenge challenge) {
    super(
        ErrorCode.MFA_REQUIRED,
        "the account has a second factor; complete the login with the challenge");
    this.challenge = requireNonNull(challenge, "challenge");
  }

  /** {@return the challenge to complete the login with} */
  public SecondFactorChallenge challenge() {
    return challenge;
  }
}
