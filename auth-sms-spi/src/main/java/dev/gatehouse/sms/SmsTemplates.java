package dev.gatehouse.sms;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.delivery.TemplateCatalog;
import dev.gatehouse.delivery.TemplateCatalog.Template;
import dev.gatehouse.delivery.TemplateNames;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SMS texts per purpose and locale, with <code>{code}</code>, <code>{minutes}</code> and <code>
 * {app}</code> placeholders.
 *
 * <p>Purposes are plain strings; English texts are built in for {@value TemplateNames#LOGIN},
 * {@value TemplateNames#VERIFY_EMAIL}, {@value TemplateNames#VERIFY_PHONE}, {@value
 * TemplateNames#RESET_PASSWORD}, {@value TemplateNames#CHANGE_PHONE}, {@value
 * TemplateNames#EMAIL_CONFIRMATION}, {@value TemplateNames#PASSWORD_RESET} and {@value
 * TemplateNames#REAUTHENTICATE}, notices that carry no code for {@value
 * TemplateNames#PASSWORD_CHANGED}, {@value TemplateNames#PHONE_CHANGED}, {@value
 * TemplateNames#EMAIL_CHANGED} and {@value TemplateNames#NEW_SIGN_IN}; a feature module's texts
 * join them with {@link #withDefault} when the module is installed. A host may override any of them
 * or add its own purposes and locales. A lookup for {@code es-MX} tries {@code es-MX}, then {@code
 * es}, then the default locale (English unless set).
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

  /** The placeholders a template may use. */
  public static final Set<String> PLACEHOLDERS = Set.of("code", "minutes", "app");

  private static final Logger LOG = LoggerFactory.getLogger(SmsTemplates.class);

  private static final Map<String, String> ENGLISH_TEXTS =
      Map.ofEntries(
          Map.entry(
              TemplateNames.REAUTHENTICATE,
              "{code} is your {app} code to confirm it is you. It expires in {minutes} minutes."),
          Map.entry(
              TemplateNames.PASSWORD_CHANGED,
              "Your {app} password was changed. If this was not you, reset your password now."),
          Map.entry(
              TemplateNames.PHONE_CHANGED,
              "Your {app} account no longer uses this phone number. If this was not you, contact"
                  + " support."),
          Map.entry(
              TemplateNames.EMAIL_CHANGED,
              "Your {app} email address was changed. If this was not you, contact support."),
          Map.entry(
              TemplateNames.NEW_SIGN_IN,
              "New sign-in to your {app} account. If this was not you, change your password."),
          Map.entry(
              TemplateNames.LOGIN,
              "{code} is your {app} sign-in code. It expires in {minutes} minutes."),
          Map.entry(
              TemplateNames.VERIFY_EMAIL,
              "{code} is your {app} email verification code. It expires in {minutes} minutes."),
          Map.entry(
              TemplateNames.VERIFY_PHONE,
              "{code} is your {app} phone verification code. It expires in {minutes} minutes."),
          Map.entry(
              TemplateNames.RESET_PASSWORD,
              "{code} is your {app} password reset code. It expires in {minutes} minutes."
                  + " Ignore this message if you did not ask for it."),
          Map.entry(
              TemplateNames.CHANGE_PHONE,
              "{code} is your {app} code to confirm your new phone number. It expires in {minutes}"
                  + " minutes."),
          Map.entry(
              TemplateNames.EMAIL_CONFIRMATION,
              "{code} is your {app} email verification code. It expires in {minutes} minutes."),
          Map.entry(
              TemplateNames.PASSWORD_RESET,
              "{code} is your {app} password reset code. It expires in {minutes} minutes."
                  + " Ignore this message if you did not ask for it."));

  private static final Map<String, Template> ENGLISH = parseAll(ENGLISH_TEXTS);

  private final TemplateCatalog<Template> catalog;

  private SmsTemplates(TemplateCatalog<Template> catalog) {
    this.catalog = catalog;
  }

  private static Map<String, Template> parseAll(Map<String, String> texts) {
    Map<String, Template> parsed = new HashMap<>();
    texts.forEach((purpose, text) -> parsed.put(purpose, Template.parse(text)));
    return parsed;
  }

  /**
   * A builder starting from the built-in English texts.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * These templates with the English text of a purpose a feature module brings (its {@code
   * ModuleTemplate}), reached as a built-in one is: the host's texts for the purpose, in any
   * locale, still win, and a lookup in another locale falls back to it.
   *
   * @param purpose the module's template name, not built in yet
   * @param text the English text
   * @return the new templates; these are unchanged
   * @throws IllegalArgumentException when the purpose is built in already, the text is blank, or it
   *     uses an unknown placeholder
   */
  public SmsTemplates withDefault(String purpose, String text) {
    requireNonNull(purpose, "purpose");
    requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new IllegalArgumentException("text for " + purpose + "/en must not be blank");
    }
    return new SmsTemplates(
        catalog.withEnglish(
            purpose, Template.parse(text, PLACEHOLDERS, "text for " + purpose + "/en")));
  }

  /**
   * Every purpose that has a text in at least one locale.
   *
   * @return the purposes
   */
  public Set<String> purposes() {
    return catalog.purposes();
  }

  /**
   * The locale used when neither the asked locale nor its language has a text.
   *
   * @return the fallback locale
   */
  public Locale defaultLocale() {
    return catalog.defaultLocale();
  }

  /**
   * Renders the text for a purpose, filling <code>{code}</code>, <code>{minutes}</code> (the
   * validity rounded up to whole minutes) and <code>{app}</code>.
   *
   * @param purpose e.g. {@value TemplateNames#LOGIN}
   * @param locale the recipient's locale; falls back to its language, then the default locale
   * @param code the one-time code
   * @param validity how long the code stays valid; positive
   * @return the rendered, measured text
   * @throws IllegalArgumentException when no text exists for the purpose, or the validity is not
   *     positive
   * @throws NullPointerException when an argument is null
   */
  public SmsText render(String purpose, Locale locale, String code, Duration validity) {
    return render(purpose, locale, TemplateCatalog.codeValues(code, validity));
  }

  /**
   * Renders the text for a purpose with the given placeholder values; <code>{app}</code> defaults
   * to the builder's {@linkplain Builder#appName(String) app name}.
   *
   * @param purpose e.g. {@value TemplateNames#LOGIN}
   * @param locale the recipient's locale; falls back to its language, then the default locale
   * @param values placeholder name to value, e.g. {@code code -> 123456}
   * @return the rendered, measured text
   * @throws IllegalArgumentException when no text exists for the purpose, or the text uses a
   *     placeholder without a value
   * @throws NullPointerException when an argument is null
   */
  public SmsText render(String purpose, Locale locale, Map<String, String> values) {
    TemplateCatalog.Match<Template> match =
        catalog
            .find(purpose, locale, values)
            .orElseThrow(
                () -> new IllegalArgumentException("no SMS text for purpose '" + purpose + "'"));
    SmsText text = SmsText.of(match.entry().render(match.values(), UnaryOperator.identity()));
    if (text.exceedsOneSegment()) {
      LOG.warn(
          "SMS text for purpose {} locale {} takes {} segments ({} {} units)",
          purpose,
          match.languageTag(),
          text.segments(),
          text.length(),
          text.encoding());
    }
    return text;
  }

  @Override
  public String toString() {
    return "SmsTemplates[purposes="
        + catalog.purposes()
        + ", defaultLocale="
        + catalog.defaultLocale()
        + "]";
  }

  /** Collects overrides; not thread-safe, build once at start-up. */
  public static final class Builder {
    private final TemplateCatalog.Builder<Template> catalog = TemplateCatalog.builder(ENGLISH);

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
     * Sets the last-resort locale; English by default. The built-in English texts stay reachable
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
      catalog.put(
          purpose,
          locale,
          where -> {
            if (text.isBlank()) {
              throw new IllegalArgumentException("text for " + where + " is blank");
            }
            return Template.parse(text, PLACEHOLDERS, "text for " + where);
          });
      return this;
    }

    /**
     * Builds the immutable templates.
     *
     * @return the templates
     * @throws IllegalStateException when the app name was not set
     */
    public SmsTemplates build() {
      return new SmsTemplates(catalog.build());
    }
  }

  /**
   * A rendered SMS text with its encoding and segment count.
   *
   * <p>Immutable and thread-safe. The text usually carries a one-time code, so {@link #toString()}
   * shows only its size.
   *
   * <pre>{@code
   * SmsText text = templates.render("login", locale, code, Duration.ofMinutes(10));
   * if (text.segments() > 1) { ... } // costs more than one message
   * sender.send(new SmsMessage(phone, text.text(), null));
   * }</pre>
   */
  public static final class SmsText {
    private final String text;
    private final SmsEncoding encoding;
    private final int length;
    private final int segments;

    private SmsText(String text) {
      this.text = text;
      this.encoding = SmsEncoding.of(text);
      this.length = encoding.length(text);
      this.segments = encoding.segments(length);
    }

    /**
     * Measures a text.
     *
     * @param text the text, not null
     * @return the measured text
     */
    public static SmsText of(String text) {
      return new SmsText(requireNonNull(text, "text"));
    }

    /**
     * The text itself; may contain a secret, so never log it.
     *
     * @return the text
     */
    public String text() {
      return text;
    }

    /**
     * The encoding the text needs.
     *
     * @return the encoding
     */
    public SmsEncoding encoding() {
      return encoding;
    }

    /**
     * The length in the encoding's units (GSM-7 septets or UTF-16 code units).
     *
     * @return the length in encoding units
     */
    public int length() {
      return length;
    }

    /**
     * How many SMS segments the text takes: 1 up to 160 GSM-7 septets or 70 UCS-2 units, beyond
     * that {@code ceil(length / 153)} or {@code ceil(length / 67)}.
     *
     * @return the number of segments, at least 1
     */
    public int segments() {
      return segments;
    }

    /**
     * Whether the text needs more than one segment.
     *
     * @return whether {@link #segments()} is more than 1
     */
    public boolean exceedsOneSegment() {
      return segments > 1;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SmsText && ((SmsText) o).text.equals(text);
    }

    @Override
    public int hashCode() {
      return text.hashCode();
    }

    @Override
    public String toString() {
      return "SmsText[" + length + " " + encoding + " units, " + segments + " segment(s)]";
    }
  }

  /**
   * How a text travels over the air, which decides how many characters fit in one SMS segment.
   *
   * <p>See 3GPP TS 23.038: a text made only of the GSM 7-bit default alphabet and its extension
   * table is sent as GSM-7; any other character forces UCS-2 (UTF-16) for the whole message.
   */
  public enum SmsEncoding {
    /** The GSM 03.38 7-bit default alphabet: 160 characters in one segment, 153 per part beyond. */
    GSM_7(160, 153),
    /** UCS-2 / UTF-16: 70 code units in one segment, 67 per part beyond. */
    UCS_2(70, 67);

    private final int singleSegmentCapacity;
    private final int multipartSegmentCapacity;

    SmsEncoding(int singleSegmentCapacity, int multipartSegmentCapacity) {
      this.singleSegmentCapacity = singleSegmentCapacity;
      this.multipartSegmentCapacity = multipartSegmentCapacity;
    }

    /**
     * Units (septets or UTF-16 code units) that fit in a message sent as one segment.
     *
     * @return the capacity of a single-segment message
     */
    public int singleSegmentCapacity() {
      return singleSegmentCapacity;
    }

    /**
     * Units per segment when the message is split, the rest of each segment holding the
     * concatenation header.
     *
     * @return the capacity of each segment of a split message
     */
    public int multipartSegmentCapacity() {
      return multipartSegmentCapacity;
    }

    /**
     * The encoding a text needs: {@link #GSM_7} when every character is in the GSM 7-bit default
     * alphabet or its extension table, else {@link #UCS_2}.
     *
     * @param text the text, not null
     * @return the encoding
     */
    public static SmsEncoding of(String text) {
      return Gsm7.septets(text) >= 0 ? GSM_7 : UCS_2;
    }

    /**
     * The length of a text in this encoding's units: septets for {@link #GSM_7} (extension
     * characters such as {@code €} or <code>{</code> take two), UTF-16 code units for {@link
     * #UCS_2} (characters outside the Basic Multilingual Plane, such as most emoji, take two).
     *
     * @param text the text, not null
     * @return the length in units
     * @throws IllegalArgumentException when this is {@link #GSM_7} and the text has a character
     *     outside the GSM 7-bit alphabet
     */
    public int length(String text) {
      if (this == UCS_2) {
        return text.length();
      }
      int septets = Gsm7.septets(text);
      if (septets < 0) {
        throw new IllegalArgumentException("text is not GSM-7 encodable");
      }
      return septets;
    }

    /**
     * How many segments a text of {@code length} units takes in this encoding.
     *
     * @param length the length in units, from {@link #length(String)}
     * @return 1 for an empty or short text, more when it must be split
     */
    public int segments(int length) {
      if (length <= singleSegmentCapacity) {
        return 1;
      }
      return (length + multipartSegmentCapacity - 1) / multipartSegmentCapacity;
    }

    /** The GSM 03.38 default alphabet, its extension table and the septet count. */
    private static final class Gsm7 {
      // 0x1B (escape to the extension table) is deliberately absent: it is not a character.
      private static final String BASIC =
          "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
              + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
      private static final String EXTENSION = "\f^{}\\[~]|€";

      /** Septets needed for {@code text}, or -1 when a character is not in the alphabet. */
      static int septets(String text) {
        int septets = 0;
        for (int i = 0; i < text.length(); i++) {
          char c = text.charAt(i);
          if (BASIC.indexOf(c) >= 0) {
            septets += 1;
          } else if (EXTENSION.indexOf(c) >= 0) {
            septets += 2;
          } else {
            return -1;
          }
        }
        return septets;
      }
    }
  }
}
