package dev.gatehouse.email;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.email.EmailSender.EmailMessage;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns a purpose, a locale and placeholder values into an email: the seam through which a host
 * renders Gatehouse's emails with a template engine of its own (the Spring Boot starter plugs in
 * Thymeleaf). {@link EmailTemplates} is the built-in implementation.
 *
 * <pre>{@code
 * EmailRenderer renderer = (purpose, locale, values) ->
 *     purpose.equals(TemplateNames.PASSWORD_RESET)
 *         ? new EmailContent("Reset your password", "Open " + values.get("link"), null)
 *         : builtIn.render(purpose, locale, values);
 * }</pre>
 *
 * <p>Values are raw: an implementation escapes them for HTML itself. Gatehouse always passes {@code
 * app} (the application's name) and {@code minutes} (how long the code or link stays valid), and
 * either {@code code} (a one-time code; for a link email, the built-in templates also receive the
 * link under this name) or {@code link} (an absolute URL the recipient opens). Called on the thread
 * of the flow that causes the email, inside its transaction; implementations must be thread-safe
 * and must not send anything themselves.
 */
@FunctionalInterface
public interface EmailRenderer {
  /**
   * Renders one email.
   *
   * @param purpose e.g. {@value dev.gatehouse.delivery.TemplateNames#PASSWORD_RESET}
   * @param locale the recipient's locale
   * @param values placeholder name to raw value
   * @return the subject and bodies
   * @throws IllegalArgumentException when the renderer has no email for the purpose
   */
  EmailContent render(String purpose, Locale locale, Map<String, String> values);

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
}
