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
   * @param code stable machine-readable code
   * @param message developer-facing message, never containing a secret
   */
  public RejectedInputException(String code, String message) {
    super(code, message, null);
  }

  /**
   * @param code stable machine-readable code
   * @param message developer-facing message, never containing a secret
   * @param cause the underlying cause
   */
  public RejectedInputException(String code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
