package dev.gatehouse.email;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.delivery.TemplateCatalog;
import dev.gatehouse.delivery.TemplateCatalog.Template;
import dev.gatehouse.delivery.TemplateNames;
import dev.gatehouse.email.EmailRenderer.EmailContent;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Email subjects and bodies (plain text and HTML) per purpose and locale, with <code>{code}</code>,
 * <code>{minutes}</code>, <code>{app}</code> and <code>{link}</code> placeholders.
 *
 * <p>Purposes are plain strings; English emails are built in for {@value TemplateNames#LOGIN},
 * {@value TemplateNames#VERIFY_EMAIL}, {@value TemplateNames#VERIFY_PHONE}, {@value
 * TemplateNames#RESET_PASSWORD}, {@value TemplateNames#CHANGE_PHONE}, {@value
 * TemplateNames#REAUTHENTICATE} and {@value TemplateNames#CHANGE_EMAIL}, using <code>{code}</code>;
 * for the link emails {@value TemplateNames#EMAIL_CONFIRMATION} and {@value
 * TemplateNames#PASSWORD_RESET}, using <code>{link}</code> (a clickable link in the HTML part); and
 * notices that carry no code for {@value TemplateNames#PASSWORD_CHANGED}, {@value
 * TemplateNames#EMAIL_CHANGED}, {@value TemplateNames#PHONE_CHANGED} and {@value
 * TemplateNames#NEW_SIGN_IN}. A feature module's emails (a sign-in link, an invitation, its
 * notices) join them with {@link #withDefault} when the module is installed. A host may override
 * any of them or add purposes and locales. A lookup for {@code es-MX} tries {@code es-MX}, then
 * {@code es}, then the default locale (English unless set). Values inserted into the HTML body are
 * HTML-escaped; line breaks in values inserted into the subject become spaces, so a value cannot
 * add a mail header.
 *
 * <p>Immutable and thread-safe once built.
 *
 * <pre>{@code
 * EmailTemplates templates = EmailTemplates.builder()
 *     .appName("Acme")
 *     .template("login", Locale.forLanguageTag("es"),
 *         "Tu código de {app}", "Tu código es {code}.", "<p>Tu código es <b>{code}</b>.</p>")
 *     .build();
 * EmailMessage message = templates
 *     .render("login", Locale.forLanguageTag("es-MX"), "123456", Duration.ofMinutes(10))
 *     .toMessage("alice@example.com", "no-reply@acme.example");
 * }</pre>
 */
public final class EmailTemplates implements EmailRenderer {

  /** The placeholders a template may use. */
  public static final Set<String> PLACEHOLDERS = Set.of("code", "minutes", "app", "link");

  private static final Map<String, Parts> ENGLISH =
      Map.ofEntries(
          Map.entry(
              TemplateNames.LOGIN, english("sign-in code", "Use this code to sign in to {app}")),
          Map.entry(
              TemplateNames.VERIFY_EMAIL,
              english(
                  "email verification code",
                  "Use this code to verify your email address for {app}")),
          Map.entry(
              TemplateNames.VERIFY_PHONE,
              english(
                  "phone verification code",
                  "Use this code to verify your phone number for {app}")),
          Map.entry(
              TemplateNames.RESET_PASSWORD,
              english("password reset code", "Use this code to reset your {app} password")),
          Map.entry(
              TemplateNames.CHANGE_PHONE,
              english(
                  "code to confirm your new phone number",
                  "Use this code to confirm your new phone number for {app}")),
          Map.entry(
              TemplateNames.EMAIL_CONFIRMATION,
              englishLink(
                  "Confirm your email address for {app}",
                  "Open this link to confirm your email address for {app}")),
          Map.entry(
              TemplateNames.PASSWORD_RESET,
              englishLink(
                  "Reset your {app} password", "Open this link to choose a new {app} password")),
          Map.entry(
              TemplateNames.REAUTHENTICATE,
              english("code to confirm it is you", "Use this code to confirm it is you on {app}")),
          Map.entry(
              TemplateNames.CHANGE_EMAIL,
              english(
                  "code to confirm your new email address",
                  "Use this code to confirm your new email address for {app}")),
          Map.entry(
              TemplateNames.PASSWORD_CHANGED,
              notice(
                  "Your {app} password was changed",
                  "The password of your {app} account was just changed.")),
          Map.entry(
              TemplateNames.EMAIL_CHANGED,
              notice(
                  "Your {app} email address was changed",
                  "Your {app} account no longer uses this email address.")),
          Map.entry(
              TemplateNames.PHONE_CHANGED,
              notice(
                  "Your {app} phone number was changed",
                  "The phone number of your {app} account was just changed.")),
          Map.entry(
              TemplateNames.NEW_SIGN_IN,
              notice(
                  "New sign-in to your {app} account",
                  "Your {app} account was just signed in to from a device it had not used"
                      + " before.")));

  private static final String CODE_PARAGRAPH =
      "<p style=\"font-size:24px;font-weight:bold;letter-spacing:4px\">";

  private final TemplateCatalog<Parts> catalog;

  private EmailTemplates(TemplateCatalog<Parts> catalog) {
    this.catalog = catalog;
  }

  private static Parts english(String what, String lead) {
    return new Parts(
        Template.parse("Your {app} " + what),
        Template.parse(
            lead
                + ":\n\n    {code}\n\nIt expires in {minutes} minutes."
                + " If you did not ask for it, you can ignore this email.\n\n{app}\n"),
        Template.parse(
            "<!DOCTYPE html>\n<html><body>\n<p>"
                + lead
                + ":</p>\n<p style=\"font-size:24px;font-weight:bold;letter-spacing:4px\">{code}</p>\n"
                + "<p>It expires in {minutes} minutes."
                + " If you did not ask for it, you can ignore this email.</p>\n<p>{app}</p>\n"
                + "</body></html>\n"));
  }

  /** A link email: the text says "link", and the HTML link is clickable. */
  private static Parts englishLink(String subject, String lead) {
    String expiry =
        "The link works for {minutes} minutes. If you did not ask for it, you can ignore this email.";
    return new Parts(
        Template.parse(subject),
        Template.parse(lead + ":\n\n    {link}\n\n" + expiry + "\n\n{app}\n"),
        Template.parse(
            "<!DOCTYPE html>\n<html><body>\n<p>"
                + lead
                + ":</p>\n<p><a href=\"{link}\">{link}</a></p>\n<p>"
                + expiry
                + "</p>\n<p>{app}</p>\n</body></html>\n"));
  }

  private static Parts notice(String subject, String what) {
    String advice =
        "If this was you, there is nothing to do. If it was not, secure your account now.";
    return new Parts(
        Template.parse(subject),
        Template.parse(what + "\n\n" + advice + "\n\n{app}\n"),
        Template.parse(
            "<!DOCTYPE html>\n<html><body>\n<p>"
                + what
                + "</p>\n<p>"
                + advice
                + "</p>\n<p>{app}</p>\n</body></html>\n"));
  }

  /**
   * A builder starting from the built-in English emails.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * These templates with the English email of a purpose a feature module brings (its {@code
   * ModuleTemplate}), reached as a built-in one is: the host's emails for the purpose, in any
   * locale, still win, and a lookup in another locale falls back to it. The HTML part is made from
   * the text as the built-in ones are: each paragraph (separated by a blank line) a {@code <p>}, an
   * indented <code>{link}</code> a clickable link and an indented <code>{code}</code> the code in
   * large type.
   *
   * @param purpose the module's template name, not built in yet
   * @param subject the English subject line, one line
   * @param text the English plain text
   * @return the new templates; these are unchanged
   * @throws IllegalArgumentException when the purpose is built in already, the subject or text is
   *     blank, the subject has a line break, or a part uses an unknown placeholder
   */
  public EmailTemplates withDefault(String purpose, String subject, String text) {
    requireNonNull(purpose, "purpose");
    return new EmailTemplates(
        catalog.withEnglish(purpose, parts(purpose + "/en", subject, text, html(text))));
  }

  /** The HTML part of a text written as the built-in ones are. */
  private static String html(String text) {
    StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><body>\n");
    String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    for (String paragraph : body.split("\n\n")) {
      boolean indented = paragraph.startsWith(" ");
      String word = paragraph.strip();
      if (indented && word.equals("{link}")) {
        html.append("<p><a href=\"{link}\">{link}</a></p>\n");
      } else if (indented && word.equals("{code}")) {
        html.append(CODE_PARAGRAPH).append("{code}</p>\n");
      } else {
        String literal = paragraph.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        html.append("<p>").append(literal.replace("\n", "<br>\n")).append("</p>\n");
      }
    }
    return html.append("</body></html>\n").toString();
  }

  /**
   * Every purpose that has an email in at least one locale.
   *
   * @return the purposes
   */
  public Set<String> purposes() {
    return catalog.purposes();
  }

  /**
   * The locale used when neither the asked locale nor its language has an email.
   *
   * @return the fallback locale
   */
  public Locale defaultLocale() {
    return catalog.defaultLocale();
  }

  /**
   * Renders the email for a purpose, filling <code>{code}</code>, <code>{minutes}</code> (the
   * validity rounded up to whole minutes) and <code>{app}</code>.
   *
   * @param purpose e.g. {@value TemplateNames#LOGIN}
   * @param locale the recipient's locale; falls back to its language, then the default locale
   * @param code the one-time code
   * @param validity how long the code stays valid; positive
   * @return the rendered email
   * @throws IllegalArgumentException when no email exists for the purpose, the template needs a
   *     value not given here (such as <code>{link}</code>), or the validity is not positive
   * @throws NullPointerException when an argument is null
   */
  public EmailContent render(String purpose, Locale locale, String code, Duration validity) {
    return render(purpose, locale, TemplateCatalog.codeValues(code, validity));
  }

  /**
   * Renders the email for a purpose with the given placeholder values; <code>{app}</code> defaults
   * to the builder's {@linkplain Builder#appName(String) app name}.
   *
   * @param purpose e.g. {@value TemplateNames#PASSWORD_RESET}
   * @param locale the recipient's locale; falls back to its language, then the default locale
   * @param values placeholder name to raw (unescaped) value, e.g. {@code link -> https://...}
   * @return the rendered email
   * @throws IllegalArgumentException when no email exists for the purpose, or a template uses a
   *     placeholder without a value
   * @throws NullPointerException when an argument is null
   */
  @Override
  public EmailContent render(String purpose, Locale locale, Map<String, String> values) {
    TemplateCatalog.Match<Parts> match =
        catalog
            .find(purpose, locale, values)
            .orElseThrow(
                () -> new IllegalArgumentException("no email for purpose '" + purpose + "'"));
    Parts parts = match.entry();
    Map<String, String> all = match.values();
    return new EmailContent(
        parts.subject.render(all, EmailTemplates::oneLine),
        parts.text.render(all, UnaryOperator.identity()),
        parts.html == null ? null : parts.html.render(all, EmailTemplates::escapeHtml));
  }

  /**
   * Escapes text for HTML element content and quoted attribute values.
   *
   * @param value raw text, not null
   * @return the text with {@code & < > " '} replaced by entities
   */
  private static String escapeHtml(String value) {
    StringBuilder out = new StringBuilder(value.length() + 16);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Checks and parses the parts of one email; {@code where} names it in a refusal. */
  private static Parts parts(String where, String subject, String text, @Nullable String html) {
    requireNonNull(subject, "subject");
    requireNonNull(text, "text");
    if (subject.isBlank() || text.isBlank()) {
      throw new IllegalArgumentException("subject and text for " + where + " must not be blank");
    }
    if (!oneLine(subject).equals(subject)) {
      throw new IllegalArgumentException("subject for " + where + " has a line break");
    }
    return new Parts(
        Template.parse(subject, PLACEHOLDERS, "subject for " + where),
        Template.parse(text, PLACEHOLDERS, "text for " + where),
        html == null ? null : Template.parse(html, PLACEHOLDERS, "html for " + where));
  }

  private static String oneLine(String value) {
    return value.replaceAll("[\\r\\n\\u0085\\u2028\\u2029]+", " ");
  }

  @Override
  public String toString() {
    return "EmailTemplates[purposes="
        + catalog.purposes()
        + ", defaultLocale="
        + catalog.defaultLocale()
        + "]";
  }

  private static final class Parts {
    final Template subject;
    final Template text;
    final Template html; // null: text-only

    Parts(Template subject, Template text, Template html) {
      this.subject = subject;
      this.text = text;
      this.html = html;
    }
  }

  /** Collects overrides; not thread-safe, build once at start-up. */
  public static final class Builder {
    private final TemplateCatalog.Builder<Parts> catalog = TemplateCatalog.builder(ENGLISH);

    private Builder() {}

    /**
     * Sets the value of <code>{app}</code>, the application name shown to users. Required.
     *
     * @param appName a non-blank name
     * @return this builder
     * @throws IllegalArgumentException when blank
     */
    public Builder appName(String appName) {
      catalog.appName(appName);
      return this;
    }

    /**
     * Sets the last-resort locale; English by default. The built-in English emails stay reachable
     * after it.
     *
     * @param defaultLocale a locale with a language
     * @return this builder
     * @throws IllegalArgumentException when the locale has no language
     */
    public Builder defaultLocale(Locale defaultLocale) {
      catalog.defaultLocale(defaultLocale);
      return this;
    }

    /**
     * Sets or overrides the email for a purpose in a locale.
     *
     * @param purpose a non-blank purpose, built-in or the host's own
     * @param locale the locale, e.g. {@code es} or {@code es-MX}
     * @param subject the subject line, one line
     * @param text the plain-text body
     * @param html the HTML body, or {@code null} for a text-only email; placeholder values are
     *     escaped when inserted, the template itself is trusted markup
     * @return this builder
     * @throws IllegalArgumentException when the purpose, subject or text is blank, the subject has
     *     a line break, or a part uses an unknown placeholder
     */
    public Builder template(
        String purpose, Locale locale, String subject, String text, @Nullable String html) {
      requireNonNull(purpose, "purpose");
      requireNonNull(locale, "locale");
      requireNonNull(subject, "subject");
      requireNonNull(text, "text");
      catalog.put(purpose, locale, where -> parts(where, subject, text, html));
      return this;
    }

    /**
     * Builds the immutable templates.
     *
     * @return the templates
     * @throws IllegalStateException when the app name was not set
     */
    public EmailTemplates build() {
      return new EmailTemplates(catalog.build());
    }
  }
}
