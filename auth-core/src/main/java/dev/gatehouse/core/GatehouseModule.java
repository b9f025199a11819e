package dev.gatehouse.core;

import dev.gatehouse.core.module.ModuleManifest;

/**
 * A feature that lives in a module of its own (sign-in by emailed link in {@code auth-magic-link},
 * passkeys on webauthn4j in {@code auth-passkeys}), installed with one explicit call, {@link
 * Gatehouse.Builder#install(GatehouseModule)}. The module hands the builder the parts it provides
 * through the builder's own setters — a sign-in method its service with {@link
 * Gatehouse.Builder#feature}, built on the sign-in SPI ({@code dev.gatehouse.core.signin}) — so
 * what a module sets, the builder checks as it checks a host's settings, and a part set twice fails
 * the build.
 *
 * <p>The Spring Boot starter installs every module found through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.gatehouse.core.GatehouseModule}); a host without Spring calls
 * {@code install} itself.
 */
public interface GatehouseModule {
  /**
   * {@return the module's name, for messages: {@code passkeys}}; two modules of one name cannot
   * both be installed
   */
  String name();

  /**
   * {@return everything the module brings (its error codes, counters and limits, templates,
   * settings, changelog and tables, events, and contributions such as its routes)}, read once by
   * {@link Gatehouse.Builder#build()}; each entry joins the one catalogue of its kind. The default
   * declares nothing.
   */
  default ModuleManifest manifest() {
    return ModuleManifest.of(name()).build();
  }

  /**
   * Gives the builder what this module provides.
   *
   * @param builder the builder being installed into
   */
  void installInto(Gatehouse.Builder builder);
}
