package dev.gatehouse.spring.boot;

import dev.gatehouse.core.config.AccountSettings;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.Setting;
import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.token.SigningKeys;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.boot.origin.SystemEnvironmentOrigin;
import org.springframework.boot.origin.TextResourceOrigin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Reads {@link GatehouseConfig} from a Spring {@link Environment}: each setting under its key with
 * relaxed binding. Every {@code gatehouse.*} key of the host's configuration is checked against
 * everything the starter binds, whichever class binds it: the settings ({@link
 * GatehouseConfig#settings()}, a feature module's while it is on the class path) and the keys of
 * the starter's properties classes ({@link StarterKeys}, from their generated metadata); those that
 * are neither are refused together by {@link GatehouseConfig#unknownKeys}, each named with the
 * nearest known key (or its module, when that is not on the class path) and where it was written.
 * Environment variables are read, not validated (Spring's rule, and a pod's environment holds
 * variables nobody chose, such as Kubernetes' service links): {@code GATEHOUSE_*} variables that
 * name nothing ({@link GatehouseConfig#unknownEnvironmentVariables}, and a {@code GATEHOUSE_JWT_*}
 * that is no {@code gatehouse.jwt.*} key) are named in one warning, each with the variable it
 * probably meant.
 */
final class SpringGatehouseConfig {
  private static final Logger LOG = LoggerFactory.getLogger(SpringGatehouseConfig.class);
  private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("gatehouse");

  /**
   * The host's own {@code GATEHOUSE_*} environment variables (names, or prefixes ending in {@code
   * _}), such as {@code GATEHOUSE_DB_} for its database: not warned about as unknown.
   */
  static final String HOST_VARIABLES_KEY = "gatehouse.host-variables";

  private static final String JWT_VARIABLES = "GATEHOUSE_JWT_";
  private static final String JWT_KEYS = "gatehouse.jwt.";

  private SpringGatehouseConfig() {}

  /**
   * @param environment the host's environment
   * @param clock the clock, or {@code null} for the system UTC clock
   * @return the configuration
   * @throws dev.gatehouse.core.error.AuthException.ConfigurationException naming an invalid or
   *     unknown key
   */
  static GatehouseConfig read(Environment environment, @Nullable Clock clock) {
    GatehouseConfig.Builder builder = GatehouseConfig.builder();
    if (clock != null) {
      builder.clock(clock);
    }
    StarterKeys starter = StarterKeys.on(SpringGatehouseConfig.class.getClassLoader());
    List<String> allowed = new ArrayList<>(starter.variables());
    allowed.addAll(
        Binder.get(environment)
            .bind(HOST_VARIABLES_KEY, Bindable.listOf(String.class))
            .orElse(List.of()));
    Set<String> variables = variableNames(environment);
    SortedSet<String> unknown = GatehouseConfig.unknownEnvironmentVariables(variables, allowed);
    // The signing keys are the starter's gatehouse.jwt.* here: another GATEHOUSE_JWT_* is a typo.
    variables.stream()
        .filter(v -> v.startsWith(JWT_VARIABLES) && !declared(v, allowed))
        .forEach(unknown::add);
    if (!unknown.isEmpty()) {
      LOG.warn(
          "Ignoring environment variables that name no Gatehouse setting: {}"
              + " (a host's own GATEHOUSE_* variables are listed under {})",
          String.join(", ", withSuggestions(unknown, allowed)),
          HOST_VARIABLES_KEY);
    }
    Map<String, String> unknownKeys = unknownKeys(environment, starter);
    if (!unknownKeys.isEmpty()) {
      throw GatehouseConfig.unknownKeys(unknownKeys, starter.keys(), StarterKeys.MODULES);
    }
    Map<String, String> values = settingValues(environment);
    contractDefaults(environment, values);
    builder.putAll(values);
    return builder.build();
  }

  /**
   * The settings the HTTP contract a host chose with {@code gatehouse.http.contract} needs, where
   * the host set none: a jb-drf-auth front end has its pages at {@code /verify-email/} and {@code
   * /reset-password/} and posts back {@code uid} and {@code token}, its clients read simplejwt's
   * claims and know users by integers, and its sign-ups need the terms accepted.
   */
  static void contractDefaults(Environment environment, Map<String, String> values) {
    String contract =
        Binder.get(environment).bind("gatehouse.http.contract", String.class).orElse("");
    if ("jb-drf-auth".equals(contract.strip())) {
      values.putIfAbsent(
          AccountSettings.CONFIRMATION_LINK.key(), "/verify-email/?uid={uid}&token={token}");
      values.putIfAbsent(
          AccountSettings.RESET_LINK.key(), "/reset-password/?uid={uid}&token={token}");
      values.putIfAbsent(TokenSettings.TOKEN_SIMPLEJWT_CLAIMS.key(), "true");
      // Its mobile apps decode the user id as the integer Django gave them.
      values.putIfAbsent(TokenSettings.TOKEN_INTEGER_USER_IDS.key(), "true");
      // jb-drf-auth's TERMS_AND_CONDITIONS_REQUIRED is on by default.
      values.putIfAbsent(AccountSettings.TERMS_REQUIRED.key(), "true");
    }
  }

  /** {@return every setting's value as text, read with relaxed binding, in setting order} */
  static Map<String, String> settingValues(Environment environment) {
    Binder binder = Binder.get(environment);
    Map<String, String> values = new LinkedHashMap<>();
    for (Setting<?> s : GatehouseConfig.settings().values()) {
      ConfigurationPropertyName name = ConfigurationPropertyName.of(s.key());
      if (s.type() == List.class) {
        binder
            .bind(name, Bindable.listOf(String.class))
            .ifBound(list -> values.put(s.key(), String.join(",", list)));
      } else {
        binder.bind(name, Bindable.of(String.class)).ifBound(v -> values.put(s.key(), v));
      }
    }
    return values;
  }

  /**
   * {@return the {@code gatehouse.*} keys of the property sources that are neither a setting nor
   * bound by one of the starter's properties classes, in key order, each with where it was set}
   *
   * <p>The system environment is only warned about (see above), and JVM system properties are bound
   * but not checked: build tools pass their own {@code gatehouse.*} build switches through to test
   * JVMs.
   */
  static SortedMap<String, String> unknownKeys(Environment environment, StarterKeys starter) {
    SortedMap<String, String> unknown = new TreeMap<>();
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
      if (!(source instanceof IterableConfigurationPropertySource iterable)
          || source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource
          || (source.getUnderlyingSource() instanceof PropertySource<?> ps
              && StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME.equals(ps.getName()))) {
        continue;
      }
      iterable.stream()
          .filter(ROOT::isAncestorOf)
          .filter(name -> !setting(name) && !starter.binds(name))
          .forEach(name -> unknown.putIfAbsent(name.toString(), where(iterable, name)));
    }
    return unknown;
  }

  /**
   * Where a key was set, as the person wrote it: a file and its line ({@code class path resource
   * [application.yml] - 3:5}), or the property source's name (the command line's {@code
   * commandLineArgs}, a test's properties).
   */
  private static String where(ConfigurationPropertySource source, ConfigurationPropertyName name) {
    ConfigurationProperty property = source.getConfigurationProperty(name);
    Origin origin = property == null ? null : property.getOrigin();
    // Spring wraps a file's origin in its property source's.
    while (origin instanceof PropertySourceOrigin wrapped && wrapped.getOrigin() != null) {
      origin = wrapped.getOrigin();
    }
    if (origin instanceof TextResourceOrigin text && text.getResource() != null) {
      return origin.toString();
    }
    return source.getUnderlyingSource() instanceof PropertySource<?> ps
        ? "property source " + ps.getName()
        : "";
  }

  /** Each variable, with the variable it probably meant when one is close. */
  private static List<String> withSuggestions(
      SortedSet<String> variables, Collection<String> allowed) {
    List<String> known = new ArrayList<>();
    GatehouseConfig.settings().values().forEach(s -> known.add(s.environmentVariable()));
    allowed.stream().filter(v -> !v.endsWith("_") && !v.endsWith("*")).forEach(known::add);
    return variables.stream()
        .map(
            v ->
                GatehouseConfig.nearestName(v, known)
                    .map(n -> v + " (did you mean " + n + "?)")
                    .orElse(v))
        .toList();
  }

  /** Whether {@code name} is one of {@code declared}, or starts with one ending in _ or *. */
  private static boolean declared(String name, Collection<String> declared) {
    for (String d : declared) {
      if ((d.endsWith("_") || d.endsWith("*"))
          ? name.startsWith(d.substring(0, d.length() - (d.endsWith("*") ? 1 : 0)))
          : name.equals(d)) {
        return true;
      }
    }
    return false;
  }

  /**
   * How a refusal of the signing keys names each of {@link SigningKeys#fromEnvironment(Map)}'s
   * variables: as the person set it. A value from the system environment is named by its variable
   * ({@code GATEHOUSE_JWT_KID}), any other by its key ({@code gatehouse.jwt.kid}, from {@code
   * application.yml} or the command line); one not set, in the form of those that are.
   */
  static UnaryOperator<String> signingKeyNames(Environment environment) {
    Map<String, String> used = new HashMap<>();
    boolean fromVariables = false;
    for (String variable :
        List.of(
            SigningKeys.ENV_JWKS,
            SigningKeys.ENV_CURRENT_KID,
            SigningKeys.ENV_HS256_SECRET,
            SigningKeys.ENV_PRIVATE_KEY_PEM,
            SigningKeys.ENV_ALG,
            SigningKeys.ENV_KID)) {
      ConfigurationPropertyName key = ConfigurationPropertyName.of(signingKey(variable));
      for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
        ConfigurationProperty property = source.getConfigurationProperty(key);
        if (property != null) {
          boolean variableSet =
              source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource;
          fromVariables |= variableSet;
          used.put(
              variable,
              !variableSet
                  ? signingKey(variable)
                  : property.getOrigin() instanceof SystemEnvironmentOrigin o
                      ? o.getProperty()
                      : variable);
          break;
        }
      }
    }
    boolean variables = fromVariables;
    return variable -> used.getOrDefault(variable, variables ? variable : signingKey(variable));
  }

  /**
   * {@code GATEHOUSE_JWT_PRIVATE_KEY_PEM} as the starter's key, {@code
   * gatehouse.jwt.private-key-pem}.
   */
  private static String signingKey(String variable) {
    return JWT_KEYS
        + variable.substring(JWT_VARIABLES.length()).toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static boolean setting(ConfigurationPropertyName name) {
    for (Setting<?> s : GatehouseConfig.settings().values()) {
      ConfigurationPropertyName key = ConfigurationPropertyName.of(s.key());
      if (key.equals(name) || (s.type() == List.class && key.isAncestorOf(name))) {
        return true;
      }
    }
    return false;
  }

  /** {@return the names of the system environment's variables (never their values)} */
  private static Set<String> variableNames(Environment environment) {
    Set<String> names = new TreeSet<>();
    if (environment instanceof ConfigurableEnvironment configurable) {
      for (PropertySource<?> ps : configurable.getPropertySources()) {
        if (ps instanceof SystemEnvironmentPropertySource env) {
          names.addAll(List.of(env.getPropertyNames()));
        }
      }
    }
    return names;
  }
}
