package dev.gatehouse.magiclink;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.GatehouseModule;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.core.module.ModuleRoute;
import dev.gatehouse.core.module.ModuleTemplate;

/**
 * The magic-link module: sign-in by an emailed link and its code, a sign-in method on the core's
 * sign-in SPI. Installed with one call; the Spring Boot starter installs it (it is found through
 * {@link java.util.ServiceLoader}). Sign-in by link stays off until {@code
 * gatehouse.magic-link.enabled} is on; turned on without this module, {@link
 * Gatehouse.Builder#build()} fails naming it.
 *
 * <pre>{@code
 * Gatehouse gatehouse = Gatehouse.builder(config, store).install(new MagicLinks()).build();
 * MagicLinkService links = gatehouse.feature(MagicLinkService.class);
 * }</pre>
 */
public final class MagicLinks implements GatehouseModule {
  /**
   * The sign-in link email ({@code magic_link}): the link for the device that opens it, and a code
   * for the device that asked; a host translates or replaces it under its name.
   */
  public static final ModuleTemplate MAGIC_LINK =
      ModuleTemplate.mail(
          "magic_link",
          "Sign in to {app}",
          "Open this link to sign in to {app}:\n\n    {link}\n\n"
              + "Or enter this code where you asked to sign in:\n\n    {code}\n\n"
              + "Both work once, for {minutes} minutes. If you did not ask for them, you can"
              + " ignore this email.\n\n{app}\n");

  /** A module ready to install. */
  public MagicLinks() {}

  @Override
  public String name() {
    return "magic-link";
  }

  /** {@return what the module brings: its own error codes, counters, templates and routes} */
  @Override
  public ModuleManifest manifest() {
    return ModuleManifest.of(name())
        .errorCodes(MagicLinkErrors.LINK_OTHER_BROWSER, MagicLinkErrors.MAGIC_LINK_DISABLED)
        .counters(
            MagicLinkCounters.MAGIC_LINK_CODE_ATTEMPTS,
            MagicLinkCounters.MAGIC_LINK_CODE_NETWORK,
            MagicLinkCounters.MAGIC_LINK_WRONG_CODES)
        .templates(MAGIC_LINK)
        .routes(MagicLinkRoutes.ROUTES.toArray(ModuleRoute<?>[]::new))
        .build();
  }

  @Override
  public void installInto(Gatehouse.Builder builder) {
    builder.feature(MagicLinkService.class, DefaultMagicLinkService::new);
  }
}
