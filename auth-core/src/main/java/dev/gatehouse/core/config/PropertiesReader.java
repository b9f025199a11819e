package dev.gatehouse.core.config;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Reads settings from {@code gatehouse.*} properties for {@link GatehouseConfig.Builder#set(String,
 * String)} and {@link GatehouseConfig.Builder#putAll(Map)}. Stateless.
 */
final class PropertiesReader {
  /** The namespaces of the feature modules' settings ({@link ModuleSettings}), by module. */
  private static final Map<String, String> MODULE_KEYS =
      Map.of(
          "gatehouse.passkeys.", "auth-passkeys",
          "gatehouse.magic-link.", "auth-magic-link",
          "gatehouse.legacy.", "auth-legacy",
          "gatehouse.social.", "auth-social",
          "gatehouse.organizations.", "auth-organizations");

  private PropertiesReader() {}

  /**
   * The setting of a key.
   *
   * @throws ConfigurationException when no setting has this key
   */
  static Setting<?> setting(String key) {
    Map<String, Setting<?>> all = GatehouseConfig.settings();
    Setting<?> s = all.get(key);
    if (s == null) {
      for (Map.Entry<String, String> m : MODULE_KEYS.entrySet()) {
        if (key.startsWith(m.getKey())) {
          throw new ConfigurationException(
              "unknown setting "
                  + key
                  + ": a setting of "
                  + m.getValue()
                  + ", not on the class path");
        }
      }
      String nearest = VariableTypos.nearestKey(key, all.values());
      throw new ConfigurationException(
          "unknown setting "
              + key
              + (nearest == null
                  ? " (GatehouseConfig's constants list every setting and its key)"
                  : " (did you mean " + nearest + "?)"));
    }
    return s;
  }

  /**
   * Hands every {@code gatehouse.*} key of {@code properties} and its value, as text, to {@code
   * set}, in the properties' iteration order; other keys are skipped.
   */
  static void read(Map<?, ?> properties, BiConsumer<String, String> set) {
    for (Map.Entry<?, ?> e : properties.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (key.startsWith("gatehouse.")) {
        set.accept(key, String.valueOf(e.getValue()));
      }
    }
  }
}
