package dev.gatehouse.scim;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.GatehouseModule;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.core.module.ModuleRoute;
import dev.gatehouse.organizations.Organizations;

/**
 * The SCIM module: each organisation's directory (Entra ID, Okta, any SCIM 2.0 client) creates,
 * changes, suspends and removes its members ({@link ScimDirectory}), authenticated by the
 * organisation's own directory token. It requires {@code auth-organizations}' module, whose
 * memberships and verified domains it works on (installed in either order); a host creates its
 * tables by including {@link #CHANGELOG} after the organisations module's changelog.
 *
 * <pre>{@code
 * Gatehouse gatehouse = Gatehouse.builder(config, store)
 *     .install(Organizations.builder().build())
 *     .install(new Scim())
 *     .build();
 * ScimDirectory scim = gatehouse.feature(ScimDirectory.class);
 * }</pre>
 */
public final class Scim implements GatehouseModule {
  /** The module's name. */
  public static final String NAME = "scim";

  /** Classpath location of the module's changelog, to {@code <include>} from a host's. */
  public static final String CHANGELOG =
      "dev/gatehouse/scim/changelog/gatehouse-scim.changelog.xml";

  /** The module, as the service loader builds it. */
  public Scim() {}

  @Override
  public String name() {
    return NAME;
  }

  /** {@return what the module brings: its limits, settings, tables and routes} */
  @Override
  public ModuleManifest manifest() {
    return ModuleManifest.of(NAME)
        .requires(Organizations.NAME)
        .errorCodes(ScimErrors.SCIM_TOKEN_NOT_FOUND)
        .counters(ScimCounters.NETWORK_REQUESTS, ScimCounters.TOKEN_REQUESTS)
        .settings(ScimSettings.class)
        .changelog(CHANGELOG, DirectoryTokens.TABLE, DirectoryMembers.TABLE)
        .routes(ScimRoutes.ROUTES.toArray(new ModuleRoute<?>[0]))
        .build();
  }

  @Override
  public void installInto(Gatehouse.Builder builder) {
    builder.feature(ScimDirectory.class, DefaultScimDirectory::new);
  }
}
