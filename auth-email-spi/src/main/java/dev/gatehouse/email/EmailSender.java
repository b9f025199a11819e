package dev.gatehouse.email;

/**
 * Sends one email through a provider (SMTP, an HTTP API, a console for development).
 *
 * <p>Implementations must be thread-safe and send exactly once per call; retries and fail-over are
 * decided by the caller from {@link EmailDeliveryException#retryable()}.
 */
public interface EmailSender {

  /**
   * Short provider name written to the email log, e.g. {@code smtp}.
   *
   * @return the provider name
   */
  String providerName();

  /**
   * Sends a message.
   *
   * @param message the message; its bodies may contain a code or a link with a token, so
   *     implementations never log them
   * @return what the provider answered
   * @throws EmailDeliveryException when the provider refused the message or could not be reached
   */
  EmailReceipt send(EmailMessage message);

  /**
   * Whether this sender only pretends to deliver. Gatehouse refuses to start in production mode
   * with such a sender.
   *
   * @return whether this sender is for development only
   */
  default boolean developmentOnly() {
    return false;
  }

  /**
   * A development sender that writes each message to the log.
   *
   * @return a logging sender
   */
  static EmailSender logging() {
    return new LoggingEmailSender();
  }
}
