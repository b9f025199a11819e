package dev.gatehouse.email;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

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

  /**
   * One outgoing email.
   *
   * @param to destination address
   * @param from sender address
   * @param subject subject line
   * @param textBody plain-text body; may contain a secret, so it is left out of {@link #toString()}
   * @param htmlBody HTML body, or {@code null} for text only; left out of {@link #toString()}
   */
  public record EmailMessage(
      String to, String from, String subject, String textBody, @Nullable String htmlBody) {
    /**
     * Checks that the required parts are present.
     *
     * @param to destination address
     * @param from sender address
     * @param subject subject line
     * @param textBody plain-text body; may contain a secret, so it is left out of {@link
     *     #toString()}
     * @param htmlBody HTML body, or {@code null} for text only; left out of {@link #toString()}
     */
    public EmailMessage {
      requireNonNull(to, "to");
      requireNonNull(from, "from");
      requireNonNull(subject, "subject");
      requireNonNull(textBody, "textBody");
    }

    @Override
    public String toString() {
      return "EmailMessage[to=" + EmailMask.mask(to) + ", subject=" + subject + "]";
    }
  }

  /**
   * What a provider answered for an accepted email.
   *
   * @param provider provider name, as {@link EmailSender#providerName()}
   * @param providerMessageId the provider's message id (SMTP Message-ID), or {@code null}
   */
  public record EmailReceipt(String provider, @Nullable String providerMessageId) {
    /**
     * Checks that the provider is named.
     *
     * @param provider provider name, as {@link EmailSender#providerName()}
     * @param providerMessageId the provider's message id (SMTP Message-ID), or {@code null}
     */
    public EmailReceipt {
      requireNonNull(provider, "provider");
    }
  }

  /** A provider refused an email or could not be reached. */
  public static class EmailDeliveryException extends RuntimeException {
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

  /** Masks email addresses for logs: {@code alice@example.com} becomes {@code a***@example.com}. */
  public static final class EmailMask {
    private EmailMask() {}

    /**
     * @param email an address, or {@code null}
     * @return the masked form; {@code null} for {@code null}
     */
    public static @Nullable String mask(@Nullable String email) {
      if (email == null) {
        return null;
      }
      int at = email.indexOf('@');
      if (at <= 0) {
        return "***";
      }
      return email.charAt(0) + "***" + email.substring(at);
    }
  }
}
