package dev.gatehouse.social;

import dev.gatehouse.core.signin.Counters;

/**
 * The one-time markers of social sign-in, declared in the module's manifest ({@link
 * SocialSignIn#manifest()}) so that they join the one counter catalogue. {@code
 * auth-organizations}, whose sign-ins carry a state of this module's shape, spends its states with
 * {@link #SOCIAL_STATE} too.
 */
public final class SocialCounters {
  private SocialCounters() {}

  /** A social sign-in state, spent once (hash of the state). */
  public static final Counters SOCIAL_STATE = Counters.marker("social-state");

  /** A provider's native token, spent once (hash of the token). */
  public static final Counters SOCIAL_TOKEN = Counters.marker("social-token");
}
