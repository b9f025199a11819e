package dev.gatehouse.core.error;

/**
 * Something Gatehouse depends on failed (the database, an SMS or email provider, a key source). The
 * request was not carried out and left nothing half-written; it may succeed when retried if {@link
 * #retryable()} is true.
 */
public class AuthInfrastructureException extends AuthException {
  private static final long serialVersionUID = 1L;

  /** Whether the same request may succeed when retried later. */
  private final boolean retryable;

  /**
   * @param code stable machine-readable code, e.g. {@code delivery_failed}
   * @param message developer-facing message, never containing a secret
   * @param retryable whether the same request may succeed later
   * @param cause the underlying cause, or {@code null}
   */
  public AuthInfrastructureException(
      String code, String message, boolean retryable, Throwable cause) {
    super(code, message, cause);
    this.retryable = retryable;
  }

  /** {@return whether the same request may succeed if retried later} */
  public boolean retryable() {
    return retryable;
  }
}
