package dev.gatehouse.scim;

import dev.gatehouse.core.signin.Counters;
import java.time.Duration;

/**
 * The limits of {@code auth-scim}, declared in its manifest ({@link Scim#manifest()}) so that they
 * join the one counter catalogue; their maxima are settings of {@link ScimSettings}.
 */
public final class ScimCounters {
  private ScimCounters() {}

  /** SCIM requests from a client network (hash of the network), per minute. */
  public static final Counters NETWORK_REQUESTS =
      Counters.limit("net:scim", ScimSettings.REQUESTS_PER_IP, Duration.ofMinutes(1), null);

  /** SCIM requests with one organisation's directory token (its id), per minute. */
  public static final Counters TOKEN_REQUESTS =
      Counters.limit("scim-token", ScimSettings.REQUESTS_PER_TOKEN, Duration.ofMinutes(1), null);
}
