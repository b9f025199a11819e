package dev.gatehouse.passkeys;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.ModuleSettings;
import dev.gatehouse.core.config.Setting;
import java.time.Duration;
import java.util.List;

/**
 * The settings of passkeys (WebAuthn): the relying party, its origins, user verification, ceremony
 * lifetime. Each is read with {@link GatehouseConfig#get(Setting)} and set like every other setting
 * (its key, its {@code GATEHOUSE_*} variable, or {@link GatehouseConfig.Builder#set(Setting,
 * Object)}); {@link GatehouseConfig#settings()} lists them all.
 */
public final class PasskeySettings implements ModuleSettings {
  /** For {@link java.util.ServiceLoader}, which finds the module's settings; not for hosts. */
  public PasskeySettings() {}

  @Override
  public String module() {
    return "passkeys";
  }

  /**
   * The WebAuthn relying-party id: the registrable domain passkeys are bound to, such as {@code
   * example.com} (no scheme, no port). Unset, the passkey ceremonies are refused as not configured.
   */
  public static final Setting<String> PASSKEY_RP_ID =
      Setting.ofString(
          "gatehouse.passkeys.rp-id",
          null,
          s -> s.matches("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?"),
          "must be a lower-case domain name such as example.com, without scheme or port");

  /** The relying-party name authenticators show; unset, {@code gatehouse.app-name}. */
  public static final Setting<String> PASSKEY_RP_NAME =
      Setting.ofString(
          "gatehouse.passkeys.rp-name",
          null,
          s -> !s.isBlank() && s.length() <= 64,
          "must be 1 to 64 characters");

  /**
   * The origins a ceremony may come from, such as {@code https://example.com,
   * https://app.example.com:8443}; empty (the default), only {@code https://<rp-id>}.
   */
  public static final Setting<List<String>> PASSKEY_ORIGINS =
      Setting.ofList(
          "gatehouse.passkeys.origins",
          List.of(),
          l -> l.stream().allMatch(o -> o.matches("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")),
          "must be a comma-separated list of origins such as https://example.com (no path)");

  /**
   * Whether the authenticator must verify the user (PIN, biometrics): {@code required} (the
   * default; a passkey alone then counts as multi-factor), {@code preferred} or {@code
   * discouraged}.
   */
  public static final Setting<UserVerification> PASSKEY_USER_VERIFICATION =
      Setting.ofEnum(
          "gatehouse.passkeys.user-verification",
          UserVerification.class,
          UserVerification.REQUIRED);

  /** How long a registration or sign-in ceremony's challenge stays usable. */
  public static final Setting<Duration> PASSKEY_CHALLENGE_TTL =
      Setting.ofDuration(
          "gatehouse.passkeys.challenge-ttl",
          Duration.ofMinutes(5),
          Duration.ofSeconds(30),
          Duration.ofMinutes(30));

  /**
   * How much the relying party asks of the authenticator's user verification (WebAuthn's {@code
   * UserVerificationRequirement}), set by {@code gatehouse.passkeys.user-verification}.
   */
  public enum UserVerification {
    /** The authenticator must verify the user; a ceremony without it is refused. */
    REQUIRED,
    /** Asked for, not required. */
    PREFERRED,
    /** Not asked for. */
    DISCOURAGED;

    /**
     * {@return the WebAuthn spelling: {@code required}, {@code preferred} or {@code discouraged}}
     */
    public String webAuthnValue() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** Passkey sign-in options one client network may request per hour: each stores a challenge. */
  public static final Setting<Integer> PASSKEY_OPTIONS_MAX_PER_IP =
      Setting.ofInt("gatehouse.throttle.passkey-options.per-ip-hourly", 100, 1, 100000);
}
