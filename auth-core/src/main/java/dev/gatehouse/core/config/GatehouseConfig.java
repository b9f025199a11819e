package dev.gatehouse.core.config;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedSet;

/**
 * Gatehouse's whole configuration: one immutable object, built once by a fail-fast builder — the
 * equivalent of jb-drf-auth's {@code JB_DRF_AUTH} settings dictionary.
 *
 * <pre>{@code
 * GatehouseConfig config = GatehouseConfig.builder()
 *     .set(GatehouseConfig.ENVIRONMENT, Environment.PRODUCTION)
 *     .set(GatehouseConfig.FRONTEND_URL, URI.create("https://app.example.com"))
 *     .set(GatehouseConfig.SECRET_KEY, System.getenv("GATEHOUSE_SECRET_KEY"))
 *     .set(OtpSettings.OTP_LENGTH, 6)
 *     .build();
 * // or, for a twelve-factor host:
 * GatehouseConfig config = GatehouseConfig.fromEnvironment(System.getenv());
 * }</pre>
 *
 * <p>Every setting is a {@link Setting} constant with its key ({@code gatehouse.otp.ttl}), its
 * environment variable ({@code GATEHOUSE_OTP_TTL}), its default and its allowed range. The general
 * ones and housekeeping are declared below; the rest in the class of their concern: {@link
 * AccountSettings}, {@link PasswordSettings}, {@link OtpSettings}, {@link PhoneSettings}, {@link
 * TokenSettings}, {@link AuditSettings}, {@link SecondFactorSettings}, {@link ProfileSettings},
 * {@link ThrottleSettings} and {@link DeliverySettings}; a feature module's in its own class
 * ({@link ModuleSettings}: the passkeys', magic link's, social sign-in's, organisations' and the
 * legacy cut-over's), known whenever the module is on the class path. An invalid value, an unknown
 * {@code gatehouse.*} key, or an inconsistent combination fails when it is set or at {@link
 * Builder#build()}, with a {@link ConfigurationException} naming the key. Durations accept ISO-8601
 * ({@code PT5M}) or {@code 300s}/{@code 5m}/{@code 12h}/{@code 7d}.
 *
 * <p>Immutable and thread-safe; {@link #toString()} never prints a secret.
 */
public final class GatehouseConfig {
  // ---- general ----------------------------------------------------------------------------
  /** Development or production mode. */
  public static final Setting<Environment> ENVIRONMENT =
      Setting.ofEnum("gatehouse.environment", Environment.class, Environment.DEVELOPMENT);

  /** The application's name, used in messages. */
  public static final Setting<String> APP_NAME =
      Setting.ofString(
          "gatehouse.app-name",
          "Gatehouse",
          s -> !s.isBlank() && s.length() <= 64,
          "must be 1 to 64 characters");

  /**
   * The server key (at least 32 characters) under which OTP codes, refresh tokens and link tokens
   * are hashed (HMAC), and from which the keys that seal outbox messages, sign-in states, emailed
   * links and TOTP seeds are derived. Required in production; generated per process in development.
   * Rotated with {@link #PREVIOUS_SECRET_KEYS}.
   */
  public static final Setting<String> SECRET_KEY = Setting.ofSecret("gatehouse.secret-key", 32);

  /**
   * Server keys that {@code gatehouse.secret-key} replaced, newest first, separated by commas: what
   * Gatehouse sealed under them (outbox messages, sign-in states, emailed links, TOTP seeds) still
   * opens, while only the current key seals. Hashes made under them (refresh tokens, codes,
   * recovery codes) do not match any more. Drop a key once nothing sealed under it is left.
   */
  public static final Setting<List<String>> PREVIOUS_SECRET_KEYS =
      Setting.ofSecretList("gatehouse.previous-secret-keys", 32);

  /**
   * The frontend base URL that confirmation and reset links point to (never the request's Host).
   */
  public static final Setting<URI> FRONTEND_URL =
      Setting.ofUri("gatehouse.frontend-url", URI.create("http://localhost:3000"));

  /** The address emails are sent from. */
  public static final Setting<String> DEFAULT_FROM_EMAIL =
      Setting.ofString(
          "gatehouse.email.from",
          "no-reply@example.com",
          ValueShapes::email,
          "must be an email address");

  // ---- housekeeping -----------------------------------------------------------------------
  /** How long delivery logs and used codes are kept. */
  public static final Setting<Duration> LOG_RETENTION =
      Setting.ofDuration(
          "gatehouse.cleanup.retention",
          Duration.ofDays(30),
          Duration.ofHours(1),
          Duration.ofDays(3650));

  /** Rows deleted per cleanup batch. */
  public static final Setting<Integer> CLEANUP_BATCH_SIZE =
      Setting.ofInt("gatehouse.cleanup.batch-size", 500, 1, 100000);

  /** The settings of the feature modules on the class path, each read like the core's. */
  private static final List<ModuleSettings> MODULES = SettingFields.modules();

  private static final Map<String, Setting<?>> ALL =
      SettingFields.collect(
          MODULES,
          GatehouseConfig.class,
          AccountSettings.class,
          PasswordSettings.class,
          OtpSettings.class,
          PhoneSettings.class,
          TokenSettings.class,
          AuditSettings.class,
          SecondFactorSettings.class,
          ProfileSettings.class,
          ThrottleSettings.class,
          DeliverySettings.class);

  private final Map<Setting<?>, Object> values;
  private final Clock clock;

  private GatehouseConfig(Map<Setting<?>, Object> values, Clock clock) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.clock = clock;
  }

  /**
   * {@return every setting Gatehouse knows, by key, the feature modules' on the class path ({@link
   * ModuleSettings}) included; unmodifiable}
   */
  public static Map<String, Setting<?>> settings() {
    return ALL;
  }

  /** {@return the settings classes of the feature modules on the class path, by class name} */
  public static List<ModuleSettings> moduleSettings() {
    return MODULES;
  }

  /** {@return a builder with every setting at its default and the system UTC clock} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the configuration with every setting at its default (development mode)} */
  public static GatehouseConfig defaults() {
    return builder().build();
  }

  /**
   * Reads {@code gatehouse.*} keys from properties; other keys are ignored.
   *
   * @param properties e.g. the contents of {@code gatehouse.properties}
   * @return the configuration
   * @throws ConfigurationException naming the first invalid or unknown key
   */
  public static GatehouseConfig fromProperties(Map<?, ?> properties) {
    return builder().putAll(properties).build();
  }

  /**
   * The {@code GATEHOUSE_*} variables that are Gatehouse's own but name no setting, so every
   * environment reader leaves them alone: the signing keys read by {@code
   * SigningKeys.fromEnvironment} ({@code GATEHOUSE_JWT_*}) and the test databases of {@code
   * auth-testing} ({@code GATEHOUSE_TEST_*}, {@code GATEHOUSE_REQUIRE_DBS}). An entry ending in
   * {@code _} is a prefix.
   */
  public static final List<String> RESERVED_ENVIRONMENT_VARIABLES =
      List.of("GATEHOUSE_JWT_", "GATEHOUSE_TEST_", "GATEHOUSE_REQUIRE_DBS");

  /**
   * Reads {@code GATEHOUSE_*} variables (e.g. {@code GATEHOUSE_OTP_TTL=5m}); variables without that
   * prefix are ignored. A {@code GATEHOUSE_*} variable that names no setting is refused like an
   * unknown {@code gatehouse.*} key, so a typo ({@code GATEHOUSE_OTP_TTLL}) fails at start-up
   * instead of being silently ignored; {@link #RESERVED_ENVIRONMENT_VARIABLES} are Gatehouse's own
   * and always allowed, and so are the variables Kubernetes injects for a Service named {@code
   * gatehouse} ({@code GATEHOUSE_SERVICE_HOST}, {@code GATEHOUSE_PORT_8080_TCP}, ...; see {@link
   * #unknownEnvironmentVariables}). A host that names its own variables {@code GATEHOUSE_*}
   * declares them with {@link #fromEnvironment(Map, Collection)}.
   *
   * @param environment usually {@code System.getenv()}
   * @return the configuration
   * @throws ConfigurationException naming the first invalid key, or an unknown {@code GATEHOUSE_*}
   *     variable (and the nearest setting's variable, when one is close)
   */
  public static GatehouseConfig fromEnvironment(Map<String, String> environment) {
    return builder().putEnvironment(environment).build();
  }

  /**
   * Reads {@code GATEHOUSE_*} variables like {@link #fromEnvironment(Map)}, allowing the host's own
   * {@code GATEHOUSE_*} variables as well.
   *
   * <pre>{@code
   * GatehouseConfig config = GatehouseConfig.fromEnvironment(
   *     System.getenv(), List.of("GATEHOUSE_DB_", "GATEHOUSE_SMTP_", "GATEHOUSE_CLEANUP_INTERVAL"));
   * }</pre>
   *
   * @param environment usually {@code System.getenv()}
   * @param hostVariables the names the host reads itself; an entry ending in {@code _} or {@code *}
   *     is a prefix ({@code GATEHOUSE_SMTP_} or {@code GATEHOUSE_SMTP_*} covers {@code
   *     GATEHOUSE_SMTP_HOST}); a name that is also a setting's variable is still read as the
   *     setting
   * @return the configuration
   * @throws ConfigurationException naming the first invalid key, or a {@code GATEHOUSE_*} variable
   *     that is neither a setting, reserved, nor declared
   */
  public static GatehouseConfig fromEnvironment(
      Map<String, String> environment, Collection<String> hostVariables) {
    return builder().putEnvironment(environment, hostVariables).build();
  }

  /**
   * The {@code GATEHOUSE_*} names among {@code variableNames} that Gatehouse does not know: neither
   * a setting's variable, nor one of {@link #RESERVED_ENVIRONMENT_VARIABLES}, nor declared in
   * {@code hostVariables}, nor a Kubernetes service link ({@code <NAME>_SERVICE_HOST}, {@code
   * <NAME>_SERVICE_PORT[_<port name>]}, {@code <NAME>_PORT[_<n>_<protocol>[_PROTO|_PORT|_ADDR]]}),
   * which Kubernetes injects into every pod of a namespace with a Service named {@code gatehouse}.
   * These are the variables {@link #fromEnvironment(Map, Collection)} refuses; a Spring Boot host
   * logs them instead.
   *
   * @param variableNames names of environment variables, usually {@code System.getenv().keySet()}
   * @param hostVariables the names the host reads itself, as for {@link #fromEnvironment(Map,
   *     Collection)}
   * @return the unknown names, in name order
   */
  public static SortedSet<String> unknownEnvironmentVariables(
      Collection<String> variableNames, Collection<String> hostVariables) {
    return EnvironmentReader.unknown(variableNames, hostVariables);
  }

  /**
   * The refusal of a {@code gatehouse.*} key that is neither a setting nor one of {@code
   * otherKeys}: the one wording of every such refusal, whoever reads the key ({@link
   * Builder#set(String, String)} with no other keys; the Spring Boot starter with the keys its
   * properties classes bind). It names the key and:
   *
   * <ul>
   *   <li>when the key is in the namespace of a module none of whose keys is known (a feature
   *       module's, such as {@code gatehouse.passkeys.}, looked up in {@link #settings()}; one of
   *       {@code otherModules}, looked up in {@code otherKeys}): that the module is not on the
   *       class path;
   *   <li>otherwise the nearest known key, when one is close ({@code did you mean
   *       gatehouse.otp.length?}).
   * </ul>
   *
   * @param key the unknown key, e.g. {@code gatehouse.otp.lenght}
   * @param otherKeys the keys known beside the settings
   * @param otherModules namespaces ending in {@code .} (e.g. {@code gatehouse.pages.}) of the keys
   *     of modules outside this catalogue, each with the module's name
   * @return the exception to throw
   */
  public static ConfigurationException unknownKey(
      String key, Collection<String> otherKeys, Map<String, String> otherModules) {
    requireNonNull(key, "key");
    requireNonNull(otherKeys, "otherKeys");
    requireNonNull(otherModules, "otherModules");
    return PropertiesReader.unknown(key, otherKeys, otherModules);
  }

  /**
   * The refusal of several {@code gatehouse.*} keys at once, each worded as {@link #unknownKey}
   * words it and followed by where it was set, so that a host's every mistyped key is named in one
   * start instead of one per start.
   *
   * <pre>{@code
   * 2 unknown settings, none applied:
   *   - unknown setting gatehouse.otp.lenght (did you mean gatehouse.otp.length?), set in class path resource [application.yml] - 4:5
   *   - unknown setting gatehouse.pages.hom (did you mean gatehouse.pages.home?), set in class path resource [application.yml] - 9:5
   * }</pre>
   *
   * <p>One key is refused with {@link #unknownKey}'s message, followed by where it was set.
   *
   * @param keys each unknown key, in the order to report them, with where it was set (such as a
   *     file and line), or an empty text when that is not known; not empty
   * @param otherKeys the keys known beside the settings
   * @param otherModules as for {@link #unknownKey}
   * @return the exception to throw
   * @throws IllegalArgumentException when {@code keys} is empty
   */
  public static ConfigurationException unknownKeys(
      Map<String, String> keys, Collection<String> otherKeys, Map<String, String> otherModules) {
    requireNonNull(keys, "keys");
    requireNonNull(otherKeys, "otherKeys");
    requireNonNull(otherModules, "otherModules");
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no unknown key to refuse");
    }
    return PropertiesReader.unknown(keys, otherKeys, otherModules);
  }

  /**
   * The name among {@code names} that a mistyped name probably meant ({@code
   * GATEHOUSE_HTTP_OPEN_HELTH} → {@code GATEHOUSE_HTTP_OPEN_HEALTH}), by the rule that suggests a
   * setting for a mistyped key or variable.
   *
   * @param name the mistyped name
   * @param names the names it may have meant
   * @return the nearest name, when one is close enough
   */
  public static Optional<String> nearestName(String name, Collection<String> names) {
    requireNonNull(name, "name");
    requireNonNull(names, "names");
    return Optional.ofNullable(VariableTypos.nearestKey(name, names));
  }

  /**
   * The value of a setting.
   *
   * @param setting a constant of this class or of a settings class of this package
   * @param <T> its type
   * @return the value; {@code null} only for an unset optional setting
   */
  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> setting) {
    requireNonNull(setting, "setting");
    return values.containsKey(setting) ? (T) values.get(setting) : setting.defaultValue();
  }

  /** {@return the clock every time-dependent decision reads} */
  public Clock clock() {
    return clock;
  }

  /** {@return whether this is production mode} */
  public boolean production() {
    return get(ENVIRONMENT) == Environment.PRODUCTION;
  }

  /** {@return a builder starting from this configuration} */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.values.putAll(values);
    b.clock = clock;
    return b;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("GatehouseConfig[");
    for (Setting<?> s : ALL.values()) {
      if (values.containsKey(s)) {
        b.append(s.key()).append('=').append(s.secret() ? "<secret>" : values.get(s)).append(", ");
      }
    }
    return b.append("]").toString();
  }

  /** Fail-fast builder: each {@code set} checks its value at once. Not thread-safe. */
  public static final class Builder {
    private final Map<Setting<?>, Object> values = new LinkedHashMap<>();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Sets a value.
     *
     * @param setting the setting
     * @param value its value; {@code null} unsets an optional setting
     * @param <T> its type
     * @return this builder
     * @throws ConfigurationException naming the key when the value is not allowed
     */
    public <T> Builder set(Setting<T> setting, T value) {
      requireNonNull(setting, "setting");
      values.put(setting, setting.check(value));
      return this;
    }

    /**
     * Sets a value from text, as read from a properties file.
     *
     * @param key e.g. {@code gatehouse.otp.ttl}
     * @param raw e.g. {@code 5m}
     * @return this builder
     * @throws ConfigurationException when the key is unknown or the value invalid
     */
    public Builder set(String key, String raw) {
      Setting<?> s = PropertiesReader.setting(key);
      values.put(s, s.parse(raw));
      return this;
    }

    /**
     * Sets every {@code gatehouse.*} key of {@code properties}.
     *
     * @param properties keys and textual values
     * @return this builder
     */
    public Builder putAll(Map<?, ?> properties) {
      PropertiesReader.read(properties, this::set);
      return this;
    }

    /**
     * Sets every setting whose environment variable is present, refusing a {@code GATEHOUSE_*}
     * variable that names no setting (see {@link GatehouseConfig#fromEnvironment(Map)}).
     *
     * @param environment variables
     * @return this builder
     * @throws ConfigurationException naming an invalid value's key or an unknown variable
     */
    public Builder putEnvironment(Map<String, String> environment) {
      return putEnvironment(environment, List.of());
    }

    /**
     * Sets every setting whose environment variable is present, allowing the host's own {@code
     * GATEHOUSE_*} variables (see {@link GatehouseConfig#fromEnvironment(Map, Collection)}).
     *
     * @param environment variables
     * @param hostVariables names, or prefixes ending in {@code _} or {@code *}, the host reads
     *     itself
     * @return this builder
     * @throws ConfigurationException naming an invalid value's key or an unknown variable
     */
    public Builder putEnvironment(
        Map<String, String> environment, Collection<String> hostVariables) {
      EnvironmentReader.read(environment, hostVariables, (s, v) -> values.put(s, s.parse(v)));
      return this;
    }

    /**
     * @param clock the clock every time-dependent decision reads (inject one in tests)
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Checks the combination and freezes it.
     *
     * @return the configuration
     * @throws ConfigurationException naming the keys of an inconsistent combination
     */
    public GatehouseConfig build() {
      GatehouseConfig c = new GatehouseConfig(values, clock);
      CombinationChecks.check(c);
      return c;
    }
  }

  /**
   * Loads {@code gatehouse.*} keys from a {@link Properties} object and the {@code GATEHOUSE_*}
   * environment on top (environment wins).
   *
   * @param properties file properties
   * @param environment variables
   * @return the configuration
   */
  public static GatehouseConfig load(Properties properties, Map<String, String> environment) {
    return builder().putAll(properties).putEnvironment(environment).build();
  }

  /** Whether Gatehouse runs for a developer or for real users. */
  public enum Environment {
    /** Development: ephemeral keys and printing senders are allowed, with warnings. */
    DEVELOPMENT,
    /** Production: configured keys, a secret key and real providers are required. */
    PRODUCTION
  }
}
