package dev.gatehouse.mfa;

import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.signin.Counters;

/**
 * The counter of the second factors, declared in the module's manifest ({@link
 * SecondFactorModule#manifest()}) so that it joins the one counter catalogue.
 */
public final class SecondFactorCounters {
  private SecondFactorCounters() {}

  /**
   * Second-factor attempts of an account (its public id): the failed sign-ins' rules (their
   * maximum, window and lockout), so a guessed code costs what a guessed password does.
   */
  public static final Counters SECOND_FACTOR_ACCOUNT =
      Counters.limit(
          "mfa:user",
          ThrottleSettings.LOGIN_MAX_FAILURES,
          ThrottleSettings.LOGIN_FAILURE_WINDOW,
          ThrottleSettings.LOCKOUT_DURATION);
}
