package dev.gatehouse.core.error;

/**
 * The caller's input or the state it refers to was refused: a malformed identifier, a wrong
 * password, an expired code, a configuration value out of range. Nothing was changed by the call
 * that threw it. Retrying the same request unchanged fails the same way.
 *
 * <p>Subclasses exist where a caller needs to react differently (for example {@link
 * RateLimitedException} carries a retry-after); otherwise the {@link #code()} tells cases apart.
 */
public class RejectedInputException extends AuthException {
  private static final long serialVersionUID = 1L;

  /**
   * @param error the code: any kind but {@link ErrorCode.Kind#UNAVAILABLE} and {@link
   *     ErrorCode.Kind#MISCONFIGURED}, which are not the caller's doing
   * @param message developer-facing message, never containing a secret
   * @throws IllegalArgumentException when the code is of such a kind
   */
  public RejectedInputException(ErrorCode error, String message) {
    this(error, message, null);
  }

  /**
   * @param error the code: any kind but {@link ErrorCode.Kind#UNAVAILABLE} and {@link
   *     ErrorCode.Kind#MISCONFIGURED}
   * @param message developer-facing message, never containing a secret
   * @param cause the underlying cause
   * @throws IllegalArgumentException when the code is of such a kind
   */
  public RejectedInputException(ErrorCode error, String message, Throwable cause) {
    super(
        requireKind(
            error,
            error.kind() != ErrorCode.Kind.UNAVAILABLE
                && error.kind() != ErrorCode.Kind.MISCONFIGURED,
            "a refusal of the caller's input"),
        message,
        cause);
  }
}
