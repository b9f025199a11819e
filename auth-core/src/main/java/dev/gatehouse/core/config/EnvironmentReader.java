package dev.gatehouse.core.config;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Reads settings from {@code GATEHOUSE_*} environment variables for {@link
 * GatehouseConfig.Builder#putEnvironment(Map, Collection)}. Stateless.
 */
final class EnvironmentReader {
  private EnvironmentReader() {}

  /**
   * Refuses the first {@code GATEHOUSE_*} variable (in name order) that is neither a setting's,
   * reserved nor declared by the host, then hands every present setting's raw value to {@code put},
   * in setting order. Nothing is handed over when a variable is refused.
   *
   * @throws ConfigurationException naming the unknown variable and the nearest setting's variable
   */
  static void read(
      Map<String, String> environment,
      Collection<String> hostVariables,
      BiConsumer<Setting<?>, String> put) {
    requireNonNull(environment, "environment");
    requireNonNull(hostVariables, "hostVariables");
    Collection<Setting<?>> settings = GatehouseConfig.settings().values();
    Map<String, Setting<?>> byVariable = new LinkedHashMap<>();
    for (Setting<?> s : settings) {
      byVariable.put(s.environmentVariable(), s);
    }
    for (String name : new TreeSet<>(environment.keySet())) {
      if (name.startsWith("GATEHOUSE_")
          && !byVariable.containsKey(name)
          && !declared(name, GatehouseConfig.RESERVED_ENVIRONMENT_VARIABLES)
          && !declared(name, hostVariables)) {
        String nearest = VariableTypos.nearest(name, settings);
        throw new ConfigurationException(
            "unknown environment variable "
                + name
                + (nearest == null ? "" : " (did you mean " + nearest + "?)")
                + "; a host's own GATEHOUSE_* variables are declared with"
                + " GatehouseConfig.fromEnvironment(environment, hostVariables)");
      }
    }
    for (Setting<?> s : settings) {
      String v = environment.get(s.environmentVariable());
      if (v != null) {
        put.accept(s, v);
      }
    }
  }

  /** Whether {@code name} is one of {@code declared}, or starts with one that is a prefix. */
  private static boolean declared(String name, Collection<String> declared) {
    for (String d : declared) {
      if (d.endsWith("*") || d.endsWith("_")) {
        String prefix = d.endsWith("*") ? d.substring(0, d.length() - 1) : d;
        if (name.startsWith(prefix)) {
          return true;
        }
      } else if (name.equals(d)) {
        return true;
      }
    }
    return false;
  }
}
