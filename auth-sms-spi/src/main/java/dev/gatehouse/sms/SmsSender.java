package dev.gatehouse.sms;

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
}
