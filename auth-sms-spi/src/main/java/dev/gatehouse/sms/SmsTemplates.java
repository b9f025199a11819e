package dev.gatehouse.sms;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMS texts per purpose and locale, with <code>{code}</code>, <code>{minutes}</code> and <code>
 * {app}</code> placeholders.
 *
 * <p>Purposes are plain strings; English texts are built in for {@value #LOGIN}, {@value
 * #VERIFY_EMAIL}, {@value #VERIFY_PHONE}, {@value #RESET_PASSWORD}, {@value #CHANGE_PHONE}, {@value
 * #EMAIL_CONFIRMATION} and {@value #PASSWORD_RESET}, and a host may override any of them or add its
 * own purposes and locales. A lookup for {@code es-MX} tries {@code es-MX}, then {@code es}, then
 * the default locale (English unless set).
 *
 * <p>Immutable and thread-safe once built. When a rendered text needs more than one SMS segment
 * (160 GSM-7 or 70 UCS-2 characters), a warning naming the purpose and locale, never the text, is
 * logged and {@link SmsText#segments()} reports the count.
 *
 * <pre>{@code
 * SmsTemplates templates = SmsTemplates.builder()
 *     .appName("Acme")
 *     .template("login", Locale.forLanguageTag("es"), "{code} es tu código de {app}")
 *     .build();
 * SmsText text = templates.render("login", Locale.forLanguageTag("es-MX"), "123456",
 *     Duration.ofMinutes(10));
 * }</pre>
 */
public final class SmsTemplates {
  /** Signing in with a one-time code. */
  public static final String LOGIN = "login";

  /** Verifying an email address (when the code goes by SMS). */
  public static final String VERIFY_EMAIL = "verify_email";

  /** Verifying a phone number. */
  public static final String VERIFY_PHONE = "verify_phone";

  /** Resetting a password. */
  public static final String RESET_PASSWORD = "reset_password";

  /** Confirming a new phone number. */
  public static final String CHANGE_PHONE = "change_phone";

  /** Confirming an email address; the seed library's name for {@link #VERIFY_EMAIL}. */
  public static final String EMAIL_CONFIRMATION = "email_confirmation";

  /** Resetting a password; the seed library's name for {@link #RESET_PASSWORD}. */
  public static final String PASSWORD_RESET = "password_reset";

  /** The placeholders a template may use. */
  public static final Set<String> PLACEHOLDERS = Set.of("code", "minutes", "app");

  private static final Logger LOG = LoggerFactory.getLogger(SmsTemplates.class);

  private static final Map<String, String> ENGLISH =
      Map.of(
          LOGIN, "{code} is your {app} sign-in code. It expires in {minutes} minutes.",
          VERIFY_EMAIL,
              "{code} is your {app} email verification code. It expires in {minutes} minutes.",
          VERIFY_PHONE,
              "{code} is your {app} phone verification code. It expires in {minutes} minutes.",
          RESET_PASSWORD,
              "{code} is your {app} password reset code. It expires in {minutes} minutes."
                  + " Ignore this message if you did not ask for it.",
          CHANGE_PHONE,
              "{code} is your {app} code to confirm your new phone number. It expires in {minutes}"
                  + " minutes.",
          EMAIL_CONFIRMATION,
              "{code} is your {app} email verification code. It expires in {minutes} minutes.",
          PASSWORD_RESET,
              "{code} is your {app} password reset code. It expires in {minutes} minutes."
                  + " Ignore this message if you did not ask for it.");

  private final Map<String, Template> templates; // key: purpose + '|' + language tag
  private final Set<String> purposes;
  private final Locale defaultLocale;
  private final String appName;

  private SmsTemplates(Builder b) {
    Map<String, Template> all = new HashMap<>();
    ENGLISH.forEach((purpose, text) -> all.put(key(purpose, Locale.ENGLISH), Template.parse(text)));
    all.putAll(b.templates);
    this.templates = Map.copyOf(all);
    Set<String> names = new TreeSet<>();
    all.keySet().forEach(k -> names.add(k.substring(0, k.indexOf('|'))));
    this.purposes = Set.copyOf(names);
    this.defaultLocale = b.defaultLocale;
    this.appName = b.appName;
  }

  /** A builder starting from the built-in English texts. */
  public static Builder builder() {
    return new Builder();
  }

  /** Every purpose that has a text in at least one locale. */
  public Set<String> purposes() {
    return purposes;
  }

  /** The locale used when neither the asked locale nor its language has a text. */
  public Locale defaultLocale() {
    return defaultLocale;
  }

  /**
   * Renders the text for a purpose, filling <code>{code}</code>, <code>{minutes}</code> (the
   * validity rounded up to whole minutes) and <code>{app}</code>.
   *
   * @param purpose e.g. {@value #LOGIN}
   * @param locale the recipient's locale; falls back to its language, then the default locale
   * @param code the one-time code
   * @param validity how long the code stays valid; positive
   * @return the rendered, measured text
   * @throws IllegalArgumentException when no text exists for the purpose, or the validity is not
   *     positive
   * @throws NullPointerException when an argument is null
   */
  public SmsText render(String purpose, Locale locale, String code, Duration validity) {
    requireNonNull(code, "code");
    requireNonNull(validity, "validity");
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive but was " + validity);
    }
    long minutes = (validity.toSeconds() + 59) / 60;
    return render(purpose, locale, Map.of("code", code, "minutes", Long.toString(minutes)));
  }

  /**
   * Renders the text for a purpose with the given placeholder values; <code>{app}</code> defaults
   * to the builder's {@linkplain Builder#appName(String) app name}.
   *
   * @param purpose e.g. {@value #LOGIN}
   * @param locale the recipient's locale; falls back to its language, then the default locale
   * @param values placeholder name to value, e.g. {@code code -> 123456}
   * @return the rendered, measured text
   * @throws IllegalArgumentException when no text exists for the purpose, or the text uses a
   *     placeholder without a value
   * @throws NullPointerException when an argument is null
   */
  public SmsText render(String purpose, Locale locale, Map<String, String> values) {
    requireNonNull(purpose, "purpose");
    requireNonNull(locale, "locale");
    requireNonNull(values, "values");
    for (String tag : candidates(locale)) {
      Template template = templates.get(purpose + '|' + tag);
      if (template != null) {
        Map<String, String> all = new HashMap<>(values);
        all.putIfAbsent("app", appName);
        SmsText text = SmsText.of(template.render(all, UnaryOperator.identity()));
        if (text.exceedsOneSegment()) {
          LOG.warn(
              "SMS text for purpose {} locale {} takes {} segments ({} {} units)",
              purpose,
              tag,
              text.segments(),
              text.length(),
              text.encoding());
        }
        return text;
      }
    }
    throw new IllegalArgumentException("no SMS text for purpose '" + purpose + "'");
  }

  private Set<String> candidates(Locale locale) {
    Set<String> tags = new LinkedHashSet<>();
    for (Locale l : List.of(locale, defaultLocale)) {
      if (!l.getLanguage().isEmpty()) {
        tags.add(l.toLanguageTag());
        if (!l.getCountry().isEmpty()) {
          tags.add(l.getLanguage() + "-" + l.getCountry());
        }
        tags.add(l.getLanguage());
      }
    }
    tags.add(Locale.ENGLISH.getLanguage());
    return tags;
  }

  private static String key(String purpose, Locale locale) {
    return purpose + '|' + locale.toLanguageTag();
  }

  @Override
  public String toString() {
    return "SmsTemplates[purposes=" + purposes + ", defaultLocale=" + defaultLocale + "]";
  }

  /** Collects overrides; not thread-safe, build once at start-up. */
  public static final class Builder {
    private final Map<String, Template> templates = new HashMap<>();
    private Locale defaultLocale = Locale.ENGLISH;
    private String appName;

    private Builder() {}

    /**
     * Sets the value of <code>{app}</code>, the application name shown to users. Required.
     *
     * @param appName a non-blank name
     * @return this builder
     * @throws IllegalArgumentException when blank
     */
    public Builder appName(String appName) {
      requireNonNull(appName, "appName");
      if (appName.isBlank()) {
        throw new IllegalArgumentException("appName must not be blank");
      }
      this.appName = appName;
      return this;
    }

    /**
     * Sets the last-resort locale; English by default. The built-in English texts stay reachable
     * after it.
     *
     * @param defaultLocale a locale with a language
     * @return this builder
     * @throws IllegalArgumentException when the locale has no language
     */
    public Builder defaultLocale(Locale defaultLocale) {
      requireNonNull(defaultLocale, "defaultLocale");
      if (defaultLocale.getLanguage().isEmpty()) {
        throw new IllegalArgumentException("defaultLocale must have a language");
      }
      this.defaultLocale = defaultLocale;
      return this;
    }

    /**
     * Sets or overrides the text for a purpose in a locale.
     *
     * @param purpose a non-blank purpose, built-in or the host's own
     * @param locale the locale, e.g. {@code es} or {@code es-MX}
     * @param text the text; may use only the {@linkplain #PLACEHOLDERS known placeholders}
     * @return this builder
     * @throws IllegalArgumentException when the purpose is blank or the text is blank or uses an
     *     unknown placeholder
     */
    public Builder template(String purpose, Locale locale, String text) {
      requireNonNull(purpose, "purpose");
      requireNonNull(locale, "locale");
      requireNonNull(text, "text");
      if (purpose.isBlank() || purpose.indexOf('|') >= 0) {
        throw new IllegalArgumentException(
            "purpose must be a non-blank word but was '" + purpose + "'");
      }
      if (locale.getLanguage().isEmpty()) {
        throw new IllegalArgumentException("locale must have a language for purpose " + purpose);
      }
      if (text.isBlank()) {
        throw new IllegalArgumentException(
            "text for " + purpose + "/" + locale.toLanguageTag() + " is blank");
      }
      Template template = Template.parse(text);
      for (String name : template.placeholders()) {
        if (!PLACEHOLDERS.contains(name)) {
          throw new IllegalArgumentException(
              "text for "
                  + purpose
                  + "/"
                  + locale.toLanguageTag()
                  + " uses unknown placeholder {"
                  + name
                  + "}; known: "
                  + new TreeSet<>(PLACEHOLDERS));
        }
      }
      templates.put(key(purpose, locale), template);
      return this;
    }

    /**
     * Builds the immutable templates.
     *
     * @throws IllegalStateException when the app name was not set
     */
    public SmsTemplates build() {
      if (appName == null) {
        throw new IllegalStateException("appName was not set");
      }
      return new SmsTemplates(this);
    }
  }
}
