package dev.gatehouse.sms;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * Sends one text message through a provider (Twilio, SNS, a console for development).
 *
 * <p>Implementations must be thread-safe: one instance serves every request of the application.
 * They send exactly once per call and do not retry; retries and fail-over are the caller's
 * business, decided from {@link SmsDeliveryException#retryable()}.
 *
 * <pre>{@code
 * Gatehouse.builder(config).smsSender(new TwilioSmsSender(twilioConfig)) ...
 * }</pre>
 */
public interface SmsSender {

  /**
   * Short provider name written to the SMS log, e.g. {@code twilio}.
   *
   * @return the provider name
   */
  String providerName();

  /**
   * Sends a message.
   *
   * @param message the message; its body may contain a one-time code, so implementations never log
   *     it
   * @return what the provider answered
   * @throws SmsDeliveryException when the provider refused the message or could not be reached
   */
  SmsReceipt send(SmsMessage message);

  /**
   * Whether this sender only pretends to deliver (prints the message for a developer). Gatehouse
   * refuses to start in production mode with such a sender.
   *
   * @return whether this sender is for development only
   */
  default boolean developmentOnly() {
    return false;
  }

  /**
   * A development sender that writes each message to the log so a developer can sign in.
   *
   * @return a logging sender
   */
  static SmsSender logging() {
    return new LoggingSmsSender();
  }

  /**
   * One outgoing text message.
   *
   * @param to destination phone number in E.164 form
   * @param body the text; may contain a one-time code and is therefore left out of {@link
   *     #toString()}
   * @param senderId optional sender id or from-number; {@code null} lets the provider choose
   */
  public record SmsMessage(String to, String body, String senderId) {
    /**
     * Checks that destination and body are present.
     *
     * @param to destination phone number in E.164 form
     * @param body the text; may contain a one-time code and is therefore left out of {@link
     *     #toString()}
     * @param senderId optional sender id or from-number; {@code null} lets the provider choose
     */
    public SmsMessage {
      requireNonNull(to, "to");
      requireNonNull(body, "body");
      if (to.isBlank()) {
        throw new IllegalArgumentException("to must not be blank");
      }
    }

    @Override
    public String toString() {
      return "SmsMessage[to=" + PhoneMask.mask(to) + ", body=<" + body.length() + " chars>]";
    }
  }

  /**
   * What a provider answered for an accepted message.
   *
   * @param provider provider name, as {@link SmsSender#providerName()}
   * @param providerMessageId the provider's id for the message (Twilio's SID), or {@code null}
   * @param status the provider's status word (e.g. {@code queued}), or {@code null}
   */
  public record SmsReceipt(
      String provider, @Nullable String providerMessageId, @Nullable String status) {
    /**
     * Checks that the provider is named.
     *
     * @param provider provider name, as {@link SmsSender#providerName()}
     * @param providerMessageId the provider's id for the message (Twilio's SID), or {@code null}
     * @param status the provider's status word (e.g. {@code queued}), or {@code null}
     */
    public SmsReceipt {
      requireNonNull(provider, "provider");
    }
  }

  /**
   * A provider refused a message or could not be reached.
   *
   * <p>{@link #retryable()} tells whether the same message may go through later or through another
   * provider (timeouts, HTTP 429 and 5xx) as opposed to a permanent refusal (invalid number,
   * unauthorised account).
   */
  public static class SmsDeliveryException extends RuntimeException {
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

  /**
   * Masks phone numbers for logs: keeps the leading {@code +} and country digits and the last two.
   */
  public static final class PhoneMask {
    private PhoneMask() {}

    /**
     * Masks a phone number, e.g. {@code +14155550123} becomes {@code +14*******23}.
     *
     * @param phone a phone number, or {@code null}
     * @return the masked form; {@code null} for {@code null}
     */
    public static @Nullable String mask(@Nullable String phone) {
      if (phone == null) {
        return null;
      }
      int n = phone.length();
      if (n <= 5) {
        return "*".repeat(n);
      }
      return phone.substring(0, 3) + "*".repeat(n - 5) + phone.substring(n - 2);
    }
  }
}
