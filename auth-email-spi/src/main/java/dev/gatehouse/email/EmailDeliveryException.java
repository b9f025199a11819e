package dev.gatehouse.email;

import org.jspecify.annotations.Nullable;

/** A provider refused an email or could not be reached. */
public class EmailDeliveryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Whether the same email may succeed later or through another provider. */
  private final boolean retryable;

  /**
   * @param message what failed, never containing the body
   * @param retryable whether the same email may succeed later
   * @param cause the underlying cause, or {@code null}
   */
  public EmailDeliveryException(String message, boolean retryable, @Nullable Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /**
   * Whether the same email may succeed later or through another provider.
   *
   * @return whether a retry may succeed
   */
  public boolean retryable() {
    return retryable;
  }
}
