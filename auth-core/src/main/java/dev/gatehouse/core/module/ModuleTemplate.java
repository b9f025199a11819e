package dev.gatehouse.core.module;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A mail or SMS template a module sends, with its English default: the providers' template
 * catalogues offer it beside the core's, a host may translate or replace it like the core's, and
 * the same placeholders ({@code {code}}, {@code {minutes}}, {@code {app}}, {@code {link}}) apply.
 *
 * @param name the template's name, unique among the core's and every module's ({@code api_key})
 * @param emailSubject the English subject of its mail, or {@code null} when it is never mailed
 * @param emailText the English plain text of its mail, or {@code null} when it is never mailed
 * @param smsText the English text of its SMS, or {@code null} when it is never texted
 */
public record ModuleTemplate(
    String name,
    @Nullable String emailSubject,
    @Nullable String emailText,
    @Nullable String smsText) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  /**
   * Checks the name's shape and that the template is sent at all.
   *
   * @param name the template's name
   * @param emailSubject the mail's subject, or {@code null}
   * @param emailText the mail's text, or {@code null}
   * @param smsText the SMS's text, or {@code null}
   */
  public ModuleTemplate {
    requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a template's name is lower-case letters, digits and '_', starting with a letter: "
              + name);
    }
    if ((emailSubject == null) != (emailText == null)) {
      throw new IllegalArgumentException(
          "the template " + name + " needs both a mail subject and text, or neither");
    }
    if (emailText == null && smsText == null) {
      throw new IllegalArgumentException("the template " + name + " is neither mailed nor texted");
    }
  }

  /**
   * A template sent by mail only.
   *
   * @param name the template's name
   * @param subject the English subject
   * @param text the English plain text
   * @return the template
   */
  public static ModuleTemplate mail(String name, String subject, String text) {
    return new ModuleTemplate(name, subject, text, null);
  }

  /**
   * A template sent by SMS only.
   *
   * @param name the template's name
   * @param text the English text
   * @return the template
   */
  public static ModuleTemplate sms(String name, String text) {
    return new ModuleTemplate(name, null, null, text);
  }
}
