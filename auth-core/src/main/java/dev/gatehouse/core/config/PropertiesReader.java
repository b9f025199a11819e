package dev.gatehouse.core.config;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Reads settings from {@code gatehouse.*} properties for {@link GatehouseConfig.Builder#set(String,
 * String)} and {@link GatehouseConfig.Builder#putAll(Map)}, and words the refusal of a key that
 * names nothing ({@link GatehouseConfig#unknownKey}). Stateless.
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
    Setting<?> s = GatehouseConfig.settings().get(key);
    if (s == null) {
      throw unknown(key, List.of(), Map.of());
    }
    return s;
  }

  /**
   * The refusal of {@code key}, which is neither a setting nor one of {@code otherKeys}: when the
   * key is in the namespace of a module none of whose keys is known (a feature module's looked up
   * in the settings classes of the modules on the class path, another module's among {@code
   * otherKeys}), it names that module as not on the class path; otherwise it suggests the nearest
   * known key, if one is close.
   */
  static ConfigurationException unknown(
      String key, Collection<String> otherKeys, Map<String, String> otherModules) {
    return new ConfigurationException(reason(key, otherKeys, otherModules));
  }

  /**
   * The refusal of every key of {@code keys} in one message: one key as {@link #unknown} words it,
   * followed by where it was set; several, one a line, each with where it was set.
   *
   * @param keys each unknown key with where it was set, or an empty text when that is not known
   */
  static ConfigurationException unknown(
      Map<String, String> keys, Collection<String> otherKeys, Map<String, String> otherModules) {
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, String> k : keys.entrySet()) {
      String where = k.getValue().isBlank() ? "" : ", set in " + k.getValue().strip();
      lines.add(reason(k.getKey(), otherKeys, otherModules) + where);
    }
    if (lines.size() == 1) {
      return new ConfigurationException(lines.get(0));
    }
    return new ConfigurationException(
        lines.size() + " unknown settings, none applied:\n  - " + String.join("\n  - ", lines));
  }

  /** The sentence that refuses one key: the key, and its module or the nearest known key. */
  private static String reason(
      String key, Collection<String> otherKeys, Map<String, String> otherModules) {
    Collection<String> settingKeys = GatehouseConfig.settings().keySet();
    // The modules' own settings classes, not the catalogue: the core holds a few keys in a
    // module's namespace itself (the magic link's wrong-code limits).
    String absent =
        absentModule(
            key, MODULE_KEYS, SettingFields.collect(GatehouseConfig.moduleSettings()).keySet());
    if (absent == null) {
      absent = absentModule(key, otherModules, otherKeys);
    }
    if (absent != null) {
      return "unknown setting " + key + ": a setting of " + absent + ", not on the class path";
    }
    List<String> known = new ArrayList<>(settingKeys);
    known.addAll(otherKeys);
    String nearest = VariableTypos.nearestKey(key, known);
    return "unknown setting "
        + key
        + presentModule(key).map(m -> ": the module " + m + " has no such setting").orElse("")
        + (nearest == null
            ? " (no known key is close to it; docs/SPRING.md and GatehouseConfig.settings()"
                + " list them)"
            : " (did you mean " + nearest + "?)");
  }

  /**
   * {@return the module on the class path whose settings share {@code key}'s namespace ({@code
   * gatehouse.api-keys.}), whether Gatehouse's or a team's own, as its {@link ModuleSettings} names
   * it}
   */
  private static Optional<String> presentModule(String key) {
    int dot = key.indexOf('.', "gatehouse.".length());
    String namespace = dot < 0 ? key + "." : key.substring(0, dot + 1);
    return GatehouseConfig.moduleSettings().stream()
        .filter(
            m ->
                SettingFields.collect(List.of(m)).keySet().stream()
                    .anyMatch(k -> k.startsWith(namespace)))
        .map(ModuleSettings::module)
        .findFirst();
  }

  /**
   * {@return the module of the namespace {@code key} is in, when none of {@code present} is in that
   * namespace; otherwise {@code null}}
   */
  private static String absentModule(
      String key, Map<String, String> namespaces, Collection<String> present) {
    for (Map.Entry<String, String> m : namespaces.entrySet()) {
      String namespace = m.getKey();
      if (key.startsWith(namespace) && present.stream().noneMatch(k -> k.startsWith(namespace))) {
        return m.getValue();
      }
    }
    return null;
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
