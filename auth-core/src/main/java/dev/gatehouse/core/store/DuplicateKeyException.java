package dev.gatehouse.core.store;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.RejectedInputException;

/**
 * A write violated a unique constraint (an email, phone or username already taken, a second default
 * profile). Code {@code duplicate}.
 */
public class DuplicateKeyException extends RejectedInputException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what collided, never containing a secret
   * @param cause the database's exception
   */
  public DuplicateKeyException(String message, Throwable cause) {
    super(ErrorCode.DUPLICATE, message, cause);
  }
}
