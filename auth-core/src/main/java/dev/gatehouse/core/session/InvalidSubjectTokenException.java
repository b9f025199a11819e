package dev.gatehouse.core.session;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.RejectedInputException;

/**
 * A legacy token presented for exchange ({@link SessionService#exchangeLegacyToken}) was refused. A
 * malformed, wrongly signed, expired, unmapped, already exchanged or unconfigured token, and one
 * presented after the transition window, all produce this one type with code {@code
 * invalid_subject_token} and the same message (the reason is logged at INFO, without the token).
 * Map it to HTTP 400 (RFC 8693 answers a bad subject token as a bad request, and the caller is not
 * using a bearer token it should drop).
 */
public final class InvalidSubjectTokenException extends RejectedInputException {
  private static final long serialVersionUID = 1L;

  /** The message of every instance. */
  public static final String MESSAGE = "The subject token is invalid, expired or already exchanged";

  /** Creates the one outward form of a refused subject token. */
  public InvalidSubjectTokenException() {
    super(ErrorCode.INVALID_SUBJECT_TOKEN, MESSAGE);
  }
}
