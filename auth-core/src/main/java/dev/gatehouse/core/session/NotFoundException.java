package dev.gatehouse.core.session;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.RejectedInputException;

/**
 * A session, profile or device the caller named does not exist <em>for this caller</em>: one that
 * belongs to another user gets exactly the same error as one that never existed. Map it to HTTP
 * 404.
 *
 * <p>Codes: those of kind {@link ErrorCode.Kind#NOT_FOUND}, e.g. {@link
 * ErrorCode#SESSION_NOT_FOUND}.
 */
public final class NotFoundException extends RejectedInputException {
  private static final long serialVersionUID = 1L;

  /**
   * @param error a code of kind {@link ErrorCode.Kind#NOT_FOUND}, e.g. {@link
   *     ErrorCode#SESSION_NOT_FOUND}
   * @throws IllegalArgumentException when the code is of another kind
   */
  public NotFoundException(ErrorCode error) {
    super(notFound(error), error.description());
  }

  private static ErrorCode notFound(ErrorCode error) {
    if (error.kind() != ErrorCode.Kind.NOT_FOUND) {
      throw new IllegalArgumentException(error.code() + " is not a code of a missing thing");
    }
    return error;
  }
}
