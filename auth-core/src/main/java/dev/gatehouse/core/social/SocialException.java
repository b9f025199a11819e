package dev.gatehouse.core.social;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.RejectedInputException;

/**
 * A social sign-in, link or unlink was refused. Codes: {@code unknown_provider}, {@code
 * invalid_state} (unknown, altered, expired, replayed or for another provider), {@code
 * invalid_id_token} (signature, issuer, audience, expiry, nonce or another claim check failed),
 * {@code provider_refused} (the provider refused the code or token), {@code
 * social_signup_disabled}, {@code account_disabled}, {@code social_account_taken} (linked to
 * another user), {@code provider_already_linked}, {@code social_account_not_found}, {@code
 * last_sign_in_method}, {@code invalid_link_token}, {@code unsupported_flow}.
 */
public class SocialException extends RejectedInputException {
  private static final long serialVersionUID = 1L;

  /**
   * @param error the code of the catalogue
   * @param message what was refused, never containing a token or personal data
   */
  public SocialException(ErrorCode error, String message) {
    super(error, message);
  }

  /**
   * @param error the code of the catalogue
   * @param message what was refused
   * @param cause the underlying failure
   */
  public SocialException(ErrorCode error, String message, Throwable cause) {
    super(error, message, cause);
  }
}
