package dev.gatehouse.delivery;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Entries (texts, or sets of texts) per purpose and locale, with the application name and a lookup
 * that falls back from {@code es-MX} to {@code es}, then to the default locale, then to English.
 * Shared mechanism behind {@code SmsTemplates} and {@code EmailTemplates}; not an API for hosts.
 *
 * <pre>{@code
 * TemplateCatalog<Template> catalog = TemplateCatalog.builder(builtInEnglish)
 *     .appName("Acme")
 *     .put("login", Locale.forLanguageTag("es"), where -> Template.parse(text, KNOWN, "text for " + where))
 *     .build();
 * catalog.find("login", Locale.forLanguageTag("es-MX"), Map.of("code", "123456"))
 *     .map(match -> match.entry().render(match.values(), UnaryOperator.identity()));
 * }</pre>
 *
 * <p>Immutable and thread-safe once built, when the entries are.
 *
 * @param <T> the entry type, e.g. a {@link Template}
 */
public final class TemplateCatalog<T> {
  private final Map<String, T> english; // the built-in English entries, by purpose
  private final Map<String, T> overrides; // key: purpose + '|' + language tag
  private final Map<String, T> entries; // key: purpose + '|' + language tag
  private final Set<String> purposes;
  private final Locale defaultLocale;
  private final String appName;

  private TemplateCatalog(
      Map<String, T> english, Map<String, T> overrides, Locale defaultLocale, String appName) {
    this.english = Map.copyOf(english);
    this.overrides = Map.copyOf(overrides);
    Map<String, T> all = new HashMap<>();
    english.forEach((purpose, entry) -> all.put(key(purpose, Locale.ENGLISH), entry));
    all.putAll(overrides);
    this.entries = Map.copyOf(all);
    Set<String> names = new TreeSet<>();
    all.keySet().forEach(k -> names.add(k.substring(0, k.indexOf('|'))));
    this.purposes = Set.copyOf(names);
    this.defaultLocale = defaultLocale;
    this.appName = appName;
  }

  /**
   * A builder starting from built-in English entries, which stay reachable as the last resort.
   *
   * @param english purpose to built-in English entry; copied
   * @param <T> the entry type
   * @return a new builder
   */
  public static <T> Builder<T> builder(Map<String, T> english) {
    return new Builder<>(Map.copyOf(english));
  }

  /**
   * The values for a one-time code: {@code code} and {@code minutes}, the validity rounded up to
   * whole minutes.
   *
   * @param code the one-time code
   * @param validity how long the code stays valid; positive
   * @return an immutable map with {@code code} and {@code minutes}
   * @throws IllegalArgumentException when the validity is not positive
   * @throws NullPointerException when an argument is null
   */
  public static Map<String, String> codeValues(String code, Duration validity) {
    requireNonNull(code, "code");
    requireNonNull(validity, "validity");
    if (validity.isNegative() || validity.isZero()) {
      throw new IllegalArgumentException("validity must be positive but was " + validity);
    }
    long minutes = (validity.toSeconds() + 59) / 60;
    return Map.of("code", code, "minutes", Long.toString(minutes));
  }

  /**
   * Every purpose that has an entry in at least one locale; unmodifiable.
   *
   * @return the purposes
   */
  public Set<String> purposes() {
    return purposes;
  }

  /**
   * This catalogue with one more built-in English entry, for a purpose a feature module brings: the
   * host's entries (its overrides and translations, in any locale, English included) still win, and
   * the lookup falls back to it as to the others.
   *
   * @param purpose a non-blank purpose without {@code |} that has no built-in English entry yet
   * @param entry the English entry
   * @return the new catalogue; this one is unchanged
   * @throws IllegalArgumentException when the purpose is invalid or already has a built-in entry
   */
  public TemplateCatalog<T> withEnglish(String purpose, T entry) {
    requireNonNull(purpose, "purpose");
    requireNonNull(entry, "entry");
    if (purpose.isBlank() || purpose.indexOf('|') >= 0) {
      throw new IllegalArgumentException(
          "purpose must be a non-blank word but was '" + purpose + "'");
    }
    if (english.containsKey(purpose)) {
      throw new IllegalArgumentException("the purpose " + purpose + " is built in already");
    }
    Map<String, T> more = new HashMap<>(english);
    more.put(purpose, entry);
    return new TemplateCatalog<>(more, overrides, defaultLocale, appName);
  }

  /**
   * The locale tried when neither the asked locale nor its language has an entry.
   *
   * @return the fallback locale
   */
  public Locale defaultLocale() {
    return defaultLocale;
  }

  /**
   * Finds the entry for a purpose, trying the locale, its language and country, its language, then
   * the same for the default locale, then English.
   *
   * @param purpose the purpose
   * @param locale the recipient's locale
   * @param values placeholder values; {@code app} defaults to the application name
   * @return the entry found with the language tag it was found under and the completed values, or
   *     empty when the purpose has no entry in any of those locales
   * @throws NullPointerException when an argument is null
   */
  public Optional<Match<T>> find(String purpose, Locale locale, Map<String, String> values) {
    requireNonNull(purpose, "purpose");
    requireNonNull(locale, "locale");
    requireNonNull(values, "values");
    for (String tag : candidates(locale)) {
      T entry = entries.get(purpose + '|' + tag);
      if (entry != null) {
        Map<String, String> all = new HashMap<>(values);
        all.putIfAbsent("app", appName);
        return Optional.of(new Match<>(tag, entry, Collections.unmodifiableMap(all)));
      }
    }
    return Optional.empty();
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

  /**
   * An entry found by {@link #find}.
   *
   * @param languageTag the language tag the entry was found under, e.g. {@code es}
   * @param entry the entry
   * @param values the placeholder values, with {@code app} filled in when absent
   * @param <T> the entry type
   */
  public record Match<T>(String languageTag, T entry, Map<String, String> values) {}

  /**
   * Collects the application name, the default locale and overrides; not thread-safe.
   *
   * @param <T> the entry type
   */
  public static final class Builder<T> {
    private final Map<String, T> english;
    private final Map<String, T> entries = new HashMap<>();
    private Locale defaultLocale = Locale.ENGLISH;
    private String appName;

    private Builder(Map<String, T> english) {
      this.english = english;
    }

    /**
     * Sets the value of <code>{app}</code>. Required.
     *
     * @param appName a non-blank name
     * @return this builder
     * @throws IllegalArgumentException when blank
     */
    public Builder<T> appName(String appName) {
      requireNonNull(appName, "appName");
      if (appName.isBlank()) {
        throw new IllegalArgumentException("appName must not be blank");
      }
      this.appName = appName;
      return this;
    }

    /**
     * Sets the last-resort locale; English by default.
     *
     * @param defaultLocale a locale with a language
     * @return this builder
     * @throws IllegalArgumentException when the locale has no language
     */
    public Builder<T> defaultLocale(Locale defaultLocale) {
      requireNonNull(defaultLocale, "defaultLocale");
      if (defaultLocale.getLanguage().isEmpty()) {
        throw new IllegalArgumentException("defaultLocale must have a language");
      }
      this.defaultLocale = defaultLocale;
      return this;
    }

    /**
     * Sets or overrides the entry for a purpose in a locale, after checking both.
     *
     * @param purpose a non-blank purpose without {@code |}
     * @param locale a locale with a language
     * @param entry makes the entry from {@code purpose/languageTag} (for error messages); may throw
     *     {@link IllegalArgumentException} to reject its input
     * @return this builder
     * @throws IllegalArgumentException when the purpose or locale is invalid, or {@code entry}
     *     rejects its input
     */
    public Builder<T> put(String purpose, Locale locale, Function<String, ? extends T> entry) {
      requireNonNull(purpose, "purpose");
      requireNonNull(locale, "locale");
      requireNonNull(entry, "entry");
      if (purpose.isBlank() || purpose.indexOf('|') >= 0) {
        throw new IllegalArgumentException(
            "purpose must be a non-blank word but was '" + purpose + "'");
      }
      if (locale.getLanguage().isEmpty()) {
        throw new IllegalArgumentException("locale must have a language for purpose " + purpose);
      }
      T made = requireNonNull(entry.apply(purpose + "/" + locale.toLanguageTag()), "entry");
      entries.put(key(purpose, locale), made);
      return this;
    }

    /**
     * Builds the immutable catalog.
     *
     * @return the catalog
     * @throws IllegalStateException when the app name was not set
     */
    public TemplateCatalog<T> build() {
      if (appName == null) {
        throw new IllegalStateException("appName was not set");
      }
      return new TemplateCatalog<>(english, entries, defaultLocale, appName);
    }
  }

  /**
   * A text with {@code {name}} placeholders, parsed once. Shared mechanism behind {@code
   * SmsTemplates} and {@code EmailTemplates}; not an API for hosts.
   *
   * <pre>{@code
   * Template t = Template.parse("{code} is your {app} code", Set.of("code", "app"), "text for login/en");
   * String s = t.render(Map.of("code", "123456", "app", "Acme"), UnaryOperator.identity());
   * }</pre>
   *
   * <p>Immutable and thread-safe.
   */
  public static final class Template {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9_]*)}");

    private final List<String> literals; // one more than names
    private final List<String> names;

    private Template(List<String> literals, List<String> names) {
      this.literals = literals;
      this.names = names;
    }

    /**
     * Parses a text; every {@code {lower_case_word}} is a placeholder, anything else is literal.
     *
     * @param text the text, not null
     * @return the parsed template
     */
    public static Template parse(String text) {
      requireNonNull(text, "text");
      List<String> literals = new ArrayList<>();
      List<String> names = new ArrayList<>();
      Matcher m = PLACEHOLDER.matcher(text);
      int from = 0;
      while (m.find()) {
        literals.add(text.substring(from, m.start()));
        names.add(m.group(1));
        from = m.end();
      }
      literals.add(text.substring(from));
      return new Template(List.copyOf(literals), List.copyOf(names));
    }

    /**
     * Parses a text that may use only the given placeholders.
     *
     * @param text the text, not null
     * @param known the placeholders the text may use
     * @param what names the text in the error message, e.g. {@code text for login/es}
     * @return the parsed template
     * @throws IllegalArgumentException naming {@code what}, the first unknown placeholder and the
     *     known ones
     */
    public static Template parse(String text, Set<String> known, String what) {
      requireNonNull(known, "known");
      Template template = parse(text);
      for (String name : template.placeholders()) {
        if (!known.contains(name)) {
          throw new IllegalArgumentException(
              what + " uses unknown placeholder {" + name + "}; known: " + new TreeSet<>(known));
        }
      }
      return template;
    }

    /**
     * The placeholder names this template uses, in order of first use; unmodifiable.
     *
     * @return the placeholder names
     */
    public Set<String> placeholders() {
      return Collections.unmodifiableSet(new LinkedHashSet<>(names));
    }

    /**
     * Replaces each placeholder by its value passed through {@code escape}.
     *
     * @param values placeholder name to raw value
     * @param escape applied to each value before it is inserted, e.g. HTML escaping
     * @return the rendered text
     * @throws IllegalArgumentException naming the first placeholder without a value
     */
    public String render(Map<String, String> values, UnaryOperator<String> escape) {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < names.size(); i++) {
        out.append(literals.get(i));
        String value = values.get(names.get(i));
        if (value == null) {
          throw new IllegalArgumentException("no value for placeholder {" + names.get(i) + "}");
        }
        out.append(escape.apply(value));
      }
      return out.append(literals.get(names.size())).toString();
    }
  }
}
