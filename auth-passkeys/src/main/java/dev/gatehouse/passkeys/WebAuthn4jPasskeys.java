package dev.gatehouse.passkeys;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.GatehouseModule;
import dev.gatehouse.core.module.ModuleManifest;

/**
 * Passkeys (WebAuthn) verified with webauthn4j: "none" and "packed" attestation, ES256, EdDSA and
 * RS256. Install it once per builder:
 *
 * <pre>{@code
 * Gatehouse gatehouse =
 *     Gatehouse.builder(config, store).install(new WebAuthn4jPasskeys()).build();
 * PasskeyService passkeys = gatehouse.feature(PasskeyService.class);
 * }</pre>
 *
 * <p>It adds {@link PasskeyService}, a sign-in method on the core's sign-in SPI: its ceremonies
 * (challenges, which passkey may answer for which account, the signature counter) are this
 * module's, the sign-in, the second step, recent authentication, counters and the session the
 * core's, through {@link dev.gatehouse.core.session.SignInContext}. A passkey is then also a proof
 * of recent authentication for the core's own operations ({@code Reauthentication.passkey}). The
 * Spring Boot starter installs it (it is found through {@link java.util.ServiceLoader}).
 * webauthn4j's objects are built at the first ceremony, so a host that never uses passkeys never
 * loads them.
 */
public final class WebAuthn4jPasskeys implements GatehouseModule {
  /** A module ready to install. */
  public WebAuthn4jPasskeys() {}

  @Override
  public String name() {
    return "passkeys";
  }

  /** {@return what the module brings: its own error codes, counters and templates} */
  @Override
  public ModuleManifest manifest() {
    return ModuleManifest.of(name())
        .errorCodes(
            PasskeyErrors.INVALID_PASSKEY_RESPONSE,
            PasskeyErrors.PASSKEY_REJECTED,
            PasskeyErrors.PASSKEY_COUNTER_REGRESSED,
            PasskeyErrors.PASSKEY_UNSUPPORTED,
            PasskeyErrors.NO_PASSKEY,
            PasskeyErrors.PASSKEY_NOT_FOUND,
            PasskeyErrors.PASSKEY_ALREADY_REGISTERED)
        .counters(PasskeyCounters.NETWORK_PASSKEY_OPTIONS)
        .build();
  }

  @Override
  public void installInto(Gatehouse.Builder builder) {
    builder.feature(
        PasskeyService.class,
        context -> new DefaultPasskeyService(context, new WebAuthn4jVerifier()));
  }
}
