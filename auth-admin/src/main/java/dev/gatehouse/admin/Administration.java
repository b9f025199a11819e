package dev.gatehouse.admin;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.GatehouseModule;
import dev.gatehouse.core.module.ModuleManifest;

/**
 * The administration module: staff find users, see one user's picture, disable, enable, end the
 * sessions of and delete accounts ({@link AdminService}), superusers change another account's
 * email, password and standing ({@link AccountEditor}), and staff see how sign-ins go ({@link
 * AdminStatistics}), on the core's sign-in SPI alone. Installed with one call; the Spring Boot
 * starter installs it (it is found through {@link java.util.ServiceLoader}), and its HTTP routes
 * are served when it is on the class path.
 *
 * <pre>{@code
 * Gatehouse gatehouse = Gatehouse.builder(config, store).install(new Administration()).build();
 * AdminService admin = gatehouse.feature(AdminService.class);
 * }</pre>
 */
public final class Administration implements GatehouseModule {
  /**
   * Classpath location of the module's changelog, to {@code <include>} from a host's after the
   * library's: the table that keeps when a disable ends ({@link AdminService#disable(
   * dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken, java.util.UUID, String,
   * java.time.Instant, dev.gatehouse.core.session.ClientInfo)}).
   */
  public static final String CHANGELOG =
      "dev/gatehouse/admin/changelog/gatehouse-admin.changelog.xml";

  /** A module ready to install. */
  public Administration() {}

  @Override
  public String name() {
    return "admin";
  }

  /** {@return what the module brings: its own error codes} */
  @Override
  public ModuleManifest manifest() {
    return ModuleManifest.of(name())
        .errorCodes(
            AdminErrors.INVALID_REASON, AdminErrors.INVALID_RANGE, AdminErrors.INVALID_DISABLE_END)
        .build();
  }

  @Override
  public void installInto(Gatehouse.Builder builder) {
    builder.feature(AdminService.class, DefaultAdminService::installed);
    builder.feature(AccountEditor.class, DefaultAccountEditor::new);
    builder.feature(AdminStatistics.class, DefaultAdminStatistics::new);
  }
}
