package dev.gatehouse.email;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

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
   * @param textBody plain-text body; may contain a secret, so it is left out of {@link #toString()}
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
