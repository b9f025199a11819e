package dev.gatehouse.spring.web;

import dev.gatehouse.core.GatehouseModule;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.module.ModuleManifest;
import java.util.List;
import java.util.ServiceLoader;

/**
 * What every first-party module on this module's test class path declares, assembled as the builder
 * assembles the installed modules' (the starter installs each module {@link ServiceLoader} finds).
 */
public final class EveryModule {
  private EveryModule() {}

  /** {@return the one catalogue of error codes with every module on the class path installed} */
  public static List<ErrorCode> errorCodes() {
    List<ModuleManifest> manifests =
        ServiceLoader.load(GatehouseModule.class).stream().map(p -> p.get().manifest()).toList();
    return ModuleManifest.errorCatalogue(manifests);
  }
}
