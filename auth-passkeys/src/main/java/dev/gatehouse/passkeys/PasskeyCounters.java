package dev.gatehouse.passkeys;

import dev.gatehouse.core.signin.Counters;
import java.time.Duration;

/**
 * The limits of passkeys, declared in the module's manifest ({@link WebAuthn4jPasskeys#manifest()})
 * so that they join the one counter catalogue; their maximums are settings of {@link
 * PasskeySettings}.
 */
public final class PasskeyCounters {
  private PasskeyCounters() {}

  /** Passkey sign-in options from a client network (hash of the network): each stores a row. */
  public static final Counters NETWORK_PASSKEY_OPTIONS =
      Counters.limit(
          "net:passkey-options",
          PasskeySettings.PASSKEY_OPTIONS_MAX_PER_IP,
          Duration.ofHours(1),
          null);
}
