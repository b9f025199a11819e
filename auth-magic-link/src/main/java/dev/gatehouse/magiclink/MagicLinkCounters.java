package dev.gatehouse.magiclink;

import dev.gatehouse.core.signin.Counters;
import java.time.Duration;

/**
 * The limits of sign-in by emailed link, declared in the module's manifest ({@link
 * MagicLinks#manifest()}) so that they join the one counter catalogue; their maximums are settings
 * of {@link MagicLinkSettings}.
 */
public final class MagicLinkCounters {
  private MagicLinkCounters() {}

  /** Sign-in-link code attempts of one address (hash of the address), in a day. */
  public static final Counters MAGIC_LINK_CODE_ATTEMPTS =
      Counters.limit(
          "magic:wrong", MagicLinkSettings.MAGIC_LINK_WRONG_CODES_DAILY, Duration.ofDays(1), null);

  /** Sign-in-link code attempts from a client network (hash of the network). */
  public static final Counters MAGIC_LINK_CODE_NETWORK =
      Counters.limit(
          "magic:ip", MagicLinkSettings.MAGIC_LINK_CODES_PER_IP, Duration.ofHours(1), null);

  /** Wrong sign-in-link codes of every address together (no part). */
  public static final Counters MAGIC_LINK_WRONG_CODES =
      Counters.limit(
          "magic:wrong-all",
          MagicLinkSettings.MAGIC_LINK_WRONG_CODES_HOURLY,
          Duration.ofHours(1),
          null);
}
