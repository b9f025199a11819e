package dev.gatehouse.sms.twilio;

import dev.gatehouse.sms.SmsSender.SmsDeliveryException;
import java.time.Duration;
import java.util.Optional;

/**
 * Twilio refused a message or could not be reached, with the details of Twilio's error answer.
 *
 * <p>{@link #getMessage()} names the masked destination, the HTTP status and Twilio's error code;
 * Twilio's own error text is kept apart in {@link #twilioMessage()} because it may repeat the full
 * phone number. Neither ever holds the message body.
 */
public final class TwilioDeliveryException extends SmsDeliveryException {
  private static final long serialVersionUID = 1L;

  /** The HTTP status Twilio answered, or 0 when no answer arrived. */
  private final int httpStatus;

  /** Twilio's error text, or {@code null}. */
  private final String twilioMessage;

  /** Twilio's documentation link for the error, or {@code null}. */
  private final String moreInfo;

  /** The wait Twilio asked for, or {@code null}. */
  private final Duration retryAfter;

  TwilioDeliveryException(
      String message,
      boolean retryable,
      String providerErrorCode,
      int httpStatus,
      String twilioMessage,
      String moreInfo,
      Duration retryAfter,
      Throwable cause) {
    super(message, retryable, providerErrorCode, cause);
    this.httpStatus = httpStatus;
    this.twilioMessage = twilioMessage;
    this.moreInfo = moreInfo;
    this.retryAfter = retryAfter;
  }

  /**
   * The HTTP status Twilio answered, or 0 when no answer arrived (timeout, connection error).
   *
   * @return the HTTP status, or 0
   */
  public int httpStatus() {
    return httpStatus;
  }

  /**
   * Twilio's {@code message}, which may contain the destination number in full.
   *
   * @return Twilio's error text, or empty
   */
  public Optional<String> twilioMessage() {
    return Optional.ofNullable(twilioMessage);
  }

  /**
   * Twilio's {@code more_info} link to the error's documentation.
   *
   * @return the documentation link, or empty
   */
  public Optional<String> moreInfo() {
    return Optional.ofNullable(moreInfo);
  }

  /**
   * The wait Twilio asked for in a {@code Retry-After} header (usually with HTTP 429).
   *
   * @return the requested wait, or empty
   */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
