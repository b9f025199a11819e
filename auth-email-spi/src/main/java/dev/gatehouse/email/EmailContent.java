package dev.gatehouse.email;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * A rendered email: subject and bodies, without addresses.
 *
 * <p>Immutable and thread-safe. The bodies usually carry a code or a link with a token, so {@link
 * #toString()} shows only the subject.
 *
 * @param subject the subject line, free of line breaks
 * @param textBody the plain-text body
 * @param htmlBody the HTML body, or {@code null} for a text-only email
 */
public record EmailContent(String subject, String textBody, @Nullable String htmlBody) {
  /**
   * Checks that subject and text body are present.
   *
   * @param subject the subject line, free of line breaks
   * @param textBody the plain-text body
   * @param htmlBody the HTML body, or {@code null} for a text-only email
   */
  public EmailContent {
    requireNonNull(subject, "subject");
    requireNonNull(textBody, "textBody");
  }

  /**
   * Addresses this content.
   *
   * @param to destination address
   * @param from sender address
   * @return the message to hand to an {@link EmailSender}
   */
  public EmailMessage toMessage(String to, String from) {
    return new EmailMessage(to, from, subject, textBody, htmlBody);
  }

  @Override
  public String toString() {
    return "EmailContent[subject="
        + subject
        + ", text=<"
        + textBody.length()
        + " chars>, html="
        + (htmlBody == null ? "none" : "<" + htmlBody.length() + " chars>")
        + "]";
  }
}
