package dev.gatehouse.core.config;

import java.util.List;

/**
 * A feature module's own settings: the module's class of {@link Setting} constants, found with
 * {@link java.util.ServiceLoader} (listed in {@code
 * META-INF/services/dev.gatehouse.core.config.ModuleSettings}), so that the one catalogue knows
 * them whenever the module is on the class path: {@link GatehouseConfig#settings()} lists them,
 * properties and the environment set them, and an invalid value or combination fails like the
 * core's. The settings class implements this itself, with a public constructor for the service
 * loader; its constants are read with {@link GatehouseConfig#get(Setting)} like any other.
 */
public interface ModuleSettings {
  /** {@return the name the module installs under, its {@code GatehouseModule#name()}} */
  String module();

  /**
   * The settings that only the installed module acts on: one set to anything but its default while
   * the module is not installed fails {@code Gatehouse.Builder#build()} naming the module.
   *
   * @return those settings; none by default
   */
  default List<Setting<?>> needModule() {
    return List.of();
  }

  /**
   * Checks the combination of the module's settings, as {@link GatehouseConfig.Builder#build()}
   * checks the core's.
   *
   * @param config the configuration being built
   * @return what is inconsistent, each naming its keys; empty when nothing is
   */
  default List<String> problems(GatehouseConfig config) {
    return List.of();
  }
}
