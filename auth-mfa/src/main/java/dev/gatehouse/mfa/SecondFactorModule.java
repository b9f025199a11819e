package dev.gatehouse.mfa;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.GatehouseModule;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.core.module.ModuleTemplate;

/**
 * Second factors: an authenticator app (TOTP, RFC 6238) with recovery codes, remembered devices,
 * the required enrolment and step-up with the app's code. Install it once per builder:
 *
 * <pre>{@code
 * Gatehouse gatehouse =
 *     Gatehouse.builder(config, store).install(new SecondFactorModule()).build();
 * SecondFactorService mfa = gatehouse.feature(SecondFactorService.class);
 * }</pre>
 *
 * <p>It adds {@link SecondFactorService}, built on the core's sign-in SPI alone: the factors and
 * their checks are this module's; which login needs a second step (an enrolled factor, the policy),
 * the challenge, counters and the session are the core's, through {@link
 * dev.gatehouse.core.session.SignInContext}. The core asks for the second step with or without this
 * module, so an account with a factor never signs in with one step because the module is missing.
 * An authenticator app's code is then also a proof of recent authentication ({@code
 * Reauthentication.totp}). The enrolment's QR image is drawn with ZXing as a PNG, without {@code
 * java.awt}. The Spring Boot starter installs it (it is found through {@link
 * java.util.ServiceLoader}).
 */
public final class SecondFactorModule implements GatehouseModule {
  /**
   * The notice that a recovery code was used ({@code recovery_code_used}), by email or SMS; a host
   * translates or replaces it under its name.
   */
  public static final ModuleTemplate RECOVERY_CODE_USED =
      new ModuleTemplate(
          "recovery_code_used",
          "A recovery code of your {app} account was used",
          "One of the recovery codes of your {app} account was just used to sign in.\n\n"
              + "If this was you, there is nothing to do. If it was not, secure your account now.\n\n"
              + "{app}\n",
          "A recovery code of your {app} account was used. If this was not you, change your"
              + " password now.");

  /** A module ready to install. */
  public SecondFactorModule() {}

  @Override
  public String name() {
    return "second-factors";
  }

  /** {@return what the module brings: its own error codes, counters and templates} */
  @Override
  public ModuleManifest manifest() {
    return ModuleManifest.of(name())
        .errorCodes(
            SecondFactorErrors.CODE_USED,
            SecondFactorErrors.MFA_NOT_ENABLED,
            SecondFactorErrors.TOTP_NOT_PENDING,
            SecondFactorErrors.REMEMBERED_DEVICE_NOT_FOUND,
            SecondFactorErrors.TOTP_ALREADY_ENABLED,
            SecondFactorErrors.INVALID_FACTOR)
        .counters(SecondFactorCounters.SECOND_FACTOR_ACCOUNT)
        .templates(RECOVERY_CODE_USED)
        .build();
  }

  @Override
  public void installInto(Gatehouse.Builder builder) {
    builder.feature(SecondFactorService.class, DefaultSecondFactorService::new);
  }
}
