package dev.gatehouse.spring.web;

import dev.gatehouse.core.GatehouseModule;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.legacy.LegacyCutOver;
import dev.gatehouse.social.SocialSignIn;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * What every first-party module on this module's test class path declares, assembled as the builder
 * assembles the installed modules': each module {@link ServiceLoader} finds (as the starter
 * installs them), then social sign-in and the legacy cut-over, which a host installs with its own
 * providers and legacy store.
 */
public final class EveryModule {
  private EveryModule() {}

  /** {@return the one catalogue of error codes with every module on the class path installed} */
  public static List<ErrorCode> errorCodes() {
    List<ModuleManifest> manifests = new ArrayList<>();
    ServiceLoader.load(GatehouseModule.class).forEach(m -> manifests.add(m.manifest()));
    manifests.add(new SocialSignIn().manifest());
    manifests.add(new LegacyCutOver().manifest());
    return ModuleManifest.errorCatalogue(manifests);
  }
}
