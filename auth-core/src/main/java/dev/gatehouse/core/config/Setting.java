package dev.gatehouse.core.config;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One typed configuration key: its property name, its default, how to parse it from text and which
 * values are allowed. The constants live on {@link GatehouseConfig}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> the value type
 */
public final class Setting<T> {
  private final String key;
  private final Class<?> type;
  private final T defaultValue;
  private final Function<String, T> parser;
  private final Predicate<T> valid;
  private final String rule;
  private final boolean secret;

  private Setting(
      String key,
      Class<?> type,
      T defaultValue,
      Function<String, T> parser,
      Predicate<T> valid,
      String rule,
      boolean secret) {
    this.key = key;
    this.type = type;
    this.defaultValue = defaultValue;
    this.parser = parser;
    this.valid = valid;
    this.rule = rule;
    this.secret = secret;
  }

  /** {@return the property name, e.g. {@code gatehouse.otp.length}} */
  public String key() {
    return key;
  }

  /** {@return the environment variable name, e.g. {@code GATEHOUSE_OTP_LENGTH}} */
  public String environmentVariable() {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** {@return the value used when nothing is set; may be {@code null} for optional settings} */
  public @Nullable T defaultValue() {
    return defaultValue;
  }

  /** {@return whether the value is a secret that must never be printed} */
  public boolean secret() {
    return secret;
  }

  /** {@return the Java type of the value} */
  public Class<?> type() {
    return type;
  }

  /**
   * Checks a value.
   *
   * @param value the value, or {@code null} to unset an optional setting
   * @return the value
   * @throws ConfigurationException naming the key and the rule when the value is not allowed
   */
  T check(@Nullable T value) {
    if (value == null) {
      if (defaultValue != null) {
        throw new ConfigurationException(key + " must not be empty");
      }
      return null;
    }
    if (!valid.test(value)) {
      throw new ConfigurationException(
          key + " " + rule + ", was " + (secret ? "<secret>" : String.valueOf(value)));
    }
    return value;
  }

  /**
   * Parses and checks a textual value.
   *
   * @param raw the text
   * @return the value
   * @throws ConfigurationException naming the key when the text cannot be parsed or is not allowed
   */
  T parse(String raw) {
    requireNonNull(raw, key);
    T value;
    try {
      value = raw.isBlank() ? null : parser.apply(raw.trim());
    } catch (RuntimeException e) {
      throw new ConfigurationException(
          key
              + " could not be read as "
              + type.getSimpleName()
              + ": '"
              + (secret ? "<secret>" : raw)
              + "'",
          e);
    }
    return check(value);
  }

  /**
   * An integer between {@code min} and {@code max}.
   *
   * @param key the property name
   * @param def the default
   * @param min the smallest value allowed
   * @param max the largest value allowed
   * @return the setting
   */
  public static Setting<Integer> ofInt(String key, int def, int min, int max) {
    return new Setting<>(
        key,
        Integer.class,
        def,
        Integer::valueOf,
        v -> v >= min && v <= max,
        "must be between " + min + " and " + max,
        false);
  }

  /**
   * A duration between {@code min} and {@code max} (ISO-8601, or {@code 300s}, {@code 5m}, ...).
   *
   * @param key the property name
   * @param def the default
   * @param min the shortest allowed
   * @param max the longest allowed
   * @return the setting
   */
  public static Setting<Duration> ofDuration(String key, Duration def, Duration min, Duration max) {
    return new Setting<>(
        key,
        Duration.class,
        def,
        Setting::parseDuration,
        v -> v.compareTo(min) >= 0 && v.compareTo(max) <= 0,
        "must be between " + min + " and " + max,
        false);
  }

  /**
   * A switch.
   *
   * @param key the property name
   * @param def the default
   * @return the setting
   */
  public static Setting<Boolean> ofBoolean(String key, boolean def) {
    return new Setting<>(key, Boolean.class, def, Setting::parseBoolean, v -> true, "", false);
  }

  /**
   * A text.
   *
   * @param key the property name
   * @param def the default, or {@code null} for an optional setting
   * @param valid which values are allowed
   * @param rule the rule an error names ("must be ...")
   * @return the setting
   */
  public static Setting<String> ofString(
      String key, String def, Predicate<String> valid, String rule) {
    return new Setting<>(key, String.class, def, s -> s, valid, rule, false);
  }

  /**
   * A link template relative to the frontend URL: a path starting with one {@code /} that contains
   * {@code {token}} (and may contain {@code {uid}}).
   *
   * @param key the property name
   * @param def the default
   * @return the setting
   */
  public static Setting<String> ofLinkTemplate(String key, String def) {
    return ofString(
        key,
        def,
        ValueShapes::linkTemplate,
        "must be a path starting with / that contains {token}");
  }

  /**
   * An optional secret of at least {@code minLength} characters, never printed.
   *
   * @param key the property name
   * @param minLength its shortest length
   * @return the setting
   */
  public static Setting<String> ofSecret(String key, int minLength) {
    return new Setting<>(
        key,
        String.class,
        null,
        s -> s,
        v -> v.length() >= minLength,
        "must be at least " + minLength + " characters long",
        true);
  }

  /**
   * An optional secret, never printed.
   *
   * @param key the property name
   * @param valid which values are allowed
   * @param rule the rule an error names ("must be ...")
   * @return the setting
   */
  public static Setting<String> ofSecret(String key, Predicate<String> valid, String rule) {
    return new Setting<>(key, String.class, null, s -> s, valid, rule, true);
  }

  /**
   * An absolute http(s) URL.
   *
   * @param key the property name
   * @param def the default, or {@code null} for an optional setting
   * @return the setting
   */
  public static Setting<URI> ofUri(String key, URI def) {
    return new Setting<>(
        key,
        URI.class,
        def,
        URI::create,
        v -> v.isAbsolute() && ("https".equals(v.getScheme()) || "http".equals(v.getScheme())),
        "must be an absolute http(s) URL",
        false);
  }

  /**
   * An optional ISO-8601 instant.
   *
   * @param key the property name
   * @return the setting
   */
  public static Setting<java.time.Instant> ofInstant(String key) {
    return new Setting<>(
        key,
        java.time.Instant.class,
        null,
        java.time.Instant::parse,
        v -> true,
        "must be an ISO-8601 instant such as 2027-03-31T00:00:00Z",
        false);
  }

  /**
   * A comma-separated list.
   *
   * @param key the property name
   * @param def the default
   * @param valid which lists are allowed
   * @param rule the rule an error names ("must be ...")
   * @return the setting
   */
  public static Setting<List<String>> ofList(
      String key, List<String> def, Predicate<List<String>> valid, String rule) {
    return new Setting<>(key, List.class, def, Setting::parseList, valid, rule, false);
  }

  /**
   * A comma-separated list of secrets of at least {@code minLength} characters each, never printed;
   * empty by default.
   *
   * @param key the property name
   * @param minLength the shortest length of each
   * @return the setting
   */
  public static Setting<List<String>> ofSecretList(String key, int minLength) {
    return new Setting<>(
        key,
        List.class,
        List.of(),
        Setting::parseList,
        l -> l.stream().allMatch(s -> s.length() >= minLength),
        "must list secrets of at least " + minLength + " characters each, separated by commas",
        true);
  }

  private static List<String> parseList(String s) {
    return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
  }

  /**
   * One of an enum's constants, read case-insensitively with {@code -} for {@code _}.
   *
   * @param key the property name
   * @param type the enum
   * @param def the default
   * @param <E> the enum
   * @return the setting
   */
  public static <E extends Enum<E>> Setting<E> ofEnum(String key, Class<E> type, E def) {
    return new Setting<>(
        key,
        type,
        def,
        s -> Enum.valueOf(type, s.toUpperCase(Locale.ROOT).replace('-', '_')),
        v -> true,
        "",
        false);
  }

  /**
   * Accepts ISO-8601 ({@code PT5M}) or a number with a unit suffix: {@code 300s}, {@code 5m},
   * {@code 1h}, {@code 7d}.
   */
  static Duration parseDuration(String s) {
    if (s.startsWith("P") || s.startsWith("p")) {
      try {
        return Duration.parse(s);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(e);
      }
    }
    char unit = s.charAt(s.length() - 1);
    if (Character.isDigit(unit)) {
      return Duration.ofSeconds(Long.parseLong(s));
    }
    long n = Long.parseLong(s.substring(0, s.length() - 1).trim());
    return switch (Character.toLowerCase(unit)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      case 'd' -> Duration.ofDays(n);
      default -> throw new IllegalArgumentException("unknown unit " + unit);
    };
  }

  private static Boolean parseBoolean(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw new IllegalArgumentException("not a boolean: " + s);
    };
  }

  @Override
  public String toString() {
    return key;
  }
}
