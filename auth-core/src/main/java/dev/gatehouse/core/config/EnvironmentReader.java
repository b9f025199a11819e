package dev.gatehouse.core.config;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * Reads settings from {@code GATEHOUSE_*} environment variables for {@link
 * GatehouseConfig.Builder#putEnvironment(Map, Collection)}. Stateless.
 */
final class EnvironmentReader {
  private EnvironmentReader() {}

  /**
   * The variables Kubernetes injects into every pod of a namespace for each Service ({@code
   * <NAME>_SERVICE_HOST}, {@code _SERVICE_PORT}, {@code _SERVICE_PORT_<port name>}, {@code _PORT},
   * {@code _PORT_<n>_<protocol>} and its {@code _PROTO}, {@code _PORT}, {@code _ADDR}): a Service
   * named {@code gatehouse} or {@code gatehouse-*} gives {@code GATEHOUSE_*} names that are no
   * setting's.
   */
  private static final Pattern SERVICE_LINK =
      Pattern.compile(
          "[A-Z0-9_]+_(?:SERVICE_HOST|SERVICE_PORT(?:_[A-Z0-9_]+)?"
              + "|PORT(?:_[0-9]+_(?:TCP|UDP|SCTP)(?:_(?:PROTO|PORT|ADDR))?)?)");

  /**
   * Refuses the first {@code GATEHOUSE_*} variable (in name order) of {@link #unknown}, then hands
   * every present setting's raw value to {@code put}, in setting order. Nothing is handed over when
   * a variable is refused.
   *
   * @throws ConfigurationException naming the unknown variable and the nearest setting's variable
   */
  static void read(
      Map<String, String> environment,
      Collection<String> hostVariables,
      BiConsumer<Setting<?>, String> put) {
    requireNonNull(environment, "environment");
    Collection<Setting<?>> settings = GatehouseConfig.settings().values();
    SortedSet<String> unknown = unknown(environment.keySet(), hostVariables);
    if (!unknown.isEmpty()) {
      String name = unknown.first();
      String nearest = VariableTypos.nearest(name, settings);
      throw new ConfigurationException(
          "unknown environment variable "
              + name
              + (nearest == null ? "" : " (did you mean " + nearest + "?)")
              + "; a host's own GATEHOUSE_* variables are declared with"
              + " GatehouseConfig.fromEnvironment(environment, hostVariables)");
    }
    for (Setting<?> s : settings) {
      String v = environment.get(s.environmentVariable());
      if (v != null) {
        put.accept(s, v);
      }
    }
  }

  /**
   * {@return the {@code GATEHOUSE_*} names among {@code names}, in name order, that are neither a
   * setting's variable, reserved, declared by the host, nor a Kubernetes service link}
   */
  static SortedSet<String> unknown(Collection<String> names, Collection<String> hostVariables) {
    requireNonNull(names, "names");
    requireNonNull(hostVariables, "hostVariables");
    Set<String> settingVariables = new HashSet<>();
    for (Setting<?> s : GatehouseConfig.settings().values()) {
      settingVariables.add(s.environmentVariable());
    }
    SortedSet<String> unknown = new TreeSet<>();
    for (String name : names) {
      if (name.startsWith("GATEHOUSE_")
          && !settingVariables.contains(name)
          && !declared(name, GatehouseConfig.RESERVED_ENVIRONMENT_VARIABLES)
          && !declared(name, hostVariables)
          && !SERVICE_LINK.matcher(name).matches()) {
        unknown.add(name);
      }
    }
    return unknown;
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
