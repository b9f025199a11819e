package dev.gatehouse.core.error;

import org.jspecify.annotations.Nullable;

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
   * @param error a code of kind {@link ErrorCode.Kind#UNAVAILABLE}, e.g. {@link
   *     ErrorCode#STORAGE_FAILED}
   * @param message developer-facing message, never containing a secret
   * @param retryable whether the same request may succeed later
   * @param cause the underlying cause, or {@code null}
   * @throws IllegalArgumentException when the code is of another kind
   */
  public AuthInfrastructureException(
      ErrorCode error, String message, boolean retryable, @Nullable Throwable cause) {
    super(
        requireKind(error, error.kind() == ErrorCode.Kind.UNAVAILABLE, "an unavailability"),
        message,
        cause);
    this.retryable = retryable;
  }

  /** {@return whether the same request may succeed if retried later} */
  public boolean retryable() {
    return retryable;
  }
}
