package dev.gatehouse.passkeys;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.GatehouseModule;

/**
 * Passkeys (WebAuthn) verified with webauthn4j: "none" and "packed" attestation, ES256, EdDSA and
 * RS256. Install it once per builder:
 *
 * <pre>{@code
 * Gatehouse gatehouse =
 *     Gatehouse.builder(config, store).install(new WebAuthn4jPasskeys()).build();
 * }</pre>
 *
 * <p>The flows themselves — challenges, which passkey may answer for which account, counters,
 * sessions — are the core's ({@code gatehouse.passkeys()}); this module reads and verifies the
 * authenticators' responses. webauthn4j's objects are built at the first ceremony, so a host that
 * never uses passkeys never loads them.
 */
public final class WebAuthn4jPasskeys implements GatehouseModule {
  /** A module ready to install. */
  public WebAuthn4jPasskeys() {}

  @Override
  public String name() {
    return "passkeys";
  }

  @Override
  public void installInto(Gatehouse.Builder builder) {
    builder.passkeyVerifier(new WebAuthn4jVerifier());
  }
}
