package dev.gatehouse.magiclink;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.ModuleSettings;
import dev.gatehouse.core.config.Setting;
import java.time.Duration;
import java.util.List;

/**
 * The settings of sign-in by emailed link. Each is read with {@link GatehouseConfig#get(Setting)}
 * and set like every other setting (its key, its {@code GATEHOUSE_*} variable, or {@link
 * GatehouseConfig.Builder#set(Setting, Object)}); {@link GatehouseConfig#settings()} lists them
 * all.
 */
public final class MagicLinkSettings implements ModuleSettings {
  /** For {@link java.util.ServiceLoader}, which finds the module's settings; not for hosts. */
  public MagicLinkSettings() {}

  @Override
  public String module() {
    return "magic-link";
  }

  /** Sign-in by link is the installed module's: turned on without it, the build fails. */
  @Override
  public List<Setting<?>> needModule() {
    return List.of(MAGIC_LINK_ENABLED);
  }

  /**
   * Whether accounts may sign in with an emailed link (and its code); off unless a host turns it
   * on, so a new way in never appears in an application that did not ask for it.
   */
  public static final Setting<Boolean> MAGIC_LINK_ENABLED =
      Setting.ofBoolean("gatehouse.magic-link.enabled", false);

  /** How long a sign-in link and its code work. */
  public static final Setting<Duration> MAGIC_LINK_TTL =
      Setting.ofDuration(
          "gatehouse.magic-link.ttl",
          Duration.ofMinutes(15),
          Duration.ofMinutes(2),
          Duration.ofHours(1));

  /** Whether a sign-in link to an address without an account creates the account on its use. */
  public static final Setting<Boolean> MAGIC_LINK_SIGNUP_ALLOWED =
      Setting.ofBoolean("gatehouse.magic-link.signup-allowed", false);

  /**
   * The sign-in link, relative to {@link GatehouseConfig#FRONTEND_URL}, with the {@code {token}}
   * placeholder of {@link dev.gatehouse.core.config.AccountSettings#CONFIRMATION_LINK}.
   */
  public static final Setting<String> MAGIC_LINK =
      Setting.ofLinkTemplate("gatehouse.links.magic-link", "/magic-link?token={token}");

  /** Sign-in-link codes one client network may try per hour, right or wrong. */
  public static final Setting<Integer> MAGIC_LINK_CODES_PER_IP =
      Setting.ofInt("gatehouse.throttle.magic-link-code.per-ip-hourly", 30, 1, 100000);

  /**
   * Wrong sign-in-link codes one address may receive in a day, over all its links (each link's code
   * also burns after {@link dev.gatehouse.core.config.OtpSettings#OTP_MAX_ATTEMPTS} wrong ones).
   * With six digits, ten guesses a day give a guesser at most one chance in 100,000 per account and
   * day (docs/SECURITY-GUARANTEES.md has the arithmetic); the link itself still works when its
   * address is over this limit.
   */
  public static final Setting<Integer> MAGIC_LINK_WRONG_CODES_DAILY =
      Setting.ofInt("gatehouse.magic-link.wrong-codes-per-address-daily", 10, 1, 100);

  /**
   * Wrong sign-in-link codes accepted per hour for all addresses together: bounds a guesser who
   * spreads over many accounts. Past it, until the hour ends, an address that already had a code
   * attempt that day is refused, while one that had none still gets one, so a right code of an
   * address nobody guessed at signs in; links keep working.
   */
  public static final Setting<Integer> MAGIC_LINK_WRONG_CODES_HOURLY =
      Setting.ofInt("gatehouse.magic-link.wrong-codes-hourly", 1000, 1, 1000000);
}
