package dev.gatehouse.sms;

import org.jspecify.annotations.Nullable;

/**
 * A provider refused a message or could not be reached.
 *
 * <p>{@link #retryable()} tells whether the same message may go through later or through another
 * provider (timeouts, HTTP 429 and 5xx) as opposed to a permanent refusal (invalid number,
 * unauthorised account).
 */
public class SmsDeliveryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Whether the same message may succeed later or through another provider. */
  private final boolean retryable;

  /** The provider's own error code, or {@code null}. */
  private final String providerErrorCode;

  /**
   * @param message what failed, never containing the message body
   * @param retryable whether the same message may succeed later
   * @param providerErrorCode the provider's own error code, or {@code null}
   * @param cause the underlying cause, or {@code null}
   */
  public SmsDeliveryException(
      String message,
      boolean retryable,
      @Nullable String providerErrorCode,
      @Nullable Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
    this.providerErrorCode = providerErrorCode;
  }

  /**
   * Whether the same message may succeed later or through another provider.
   *
   * @return whether a retry may succeed
   */
  public boolean retryable() {
    return retryable;
  }

  /**
   * The provider's own error code (e.g. Twilio's {@code 21211}), or {@code null}.
   *
   * @return the provider's error code, or {@code null}
   */
  public @Nullable String providerErrorCode() {
    return providerErrorCode;
  }
}
