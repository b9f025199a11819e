package dev.gatehouse.core.mfa;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.session.TokenPair;

/**
 * What completing a required enrolment answers ({@code
 * SecondFactorService.completeRequiredEnrolment}): the session the login was waiting for, and the
 * new recovery codes to show once. {@link #toString()} shows neither tokens nor codes.
 *
 * @param tokens the new session's tokens ({@code amr}: the first factor's, {@code totp}, {@code
 *     mfa})
 * @param recoveryCodes the account's new recovery codes
 */
public record EnrolledLogin(TokenPair tokens, RecoveryCodes recoveryCodes) {
  /**
   * @param tokens the new session's tokens
   * @param recoveryCodes the new recovery codes
   */
  public EnrolledLogin {
    requireNonNull(tokens, "tokens");
    requireNonNull(recoveryCodes, "recoveryCodes");
  }
}
