package dev.gatehouse.email;

import java.util.Locale;
import java.util.Map;

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
}
