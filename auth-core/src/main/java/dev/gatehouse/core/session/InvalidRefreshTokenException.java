package dev.gatehouse.core.session;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.RejectedInputException;

/**
 * A refresh token was refused. Unknown, malformed, expired (absolute or idle), revoked and reused
 * tokens all produce this one type with code {@code invalid_refresh_token} and the same message, so
 * a caller learns nothing about which check failed. Map it to HTTP 401.
 */
public final class InvalidRefreshTokenException extends RejectedInputException {
  private static final long serialVersionUID = 1L;

  /** The message of every instance. */
  public static final String MESSAGE = "The refresh token is invalid or expired";

  /** Creates the one outward form of a refused refresh token. */
  public InvalidRefreshTokenException() {
    super(ErrorCode.INVALID_REFRESH_TOKEN, MESSAGE);
  }
}
