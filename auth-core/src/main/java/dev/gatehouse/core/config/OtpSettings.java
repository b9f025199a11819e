package dev.gatehouse.core.config;

import java.time.Duration;

/**
 * The settings of one-time codes: length, lifetime, attempts, resend cool-down, sign-up by code.
 * Each is read with {@link GatehouseConfig#get(Setting)} and set like every other setting (its key,
 * its {@code GATEHOUSE_*} variable, or {@link GatehouseConfig.Builder#set(Setting, Object)});
 * {@link GatehouseConfig#settings()} lists them all.
 */
public final class OtpSettings {
  private OtpSettings() {}

  /** Digits in a one-time code. */
  public static final Setting<Integer> OTP_LENGTH = Setting.ofInt("gatehouse.otp.length", 6, 4, 10);

  /** How long a code is valid; never above 10 minutes. */
  public static final Setting<Duration> OTP_TTL =
      Setting.ofDuration(
          "gatehouse.otp.ttl",
          Duration.ofMinutes(5),
          Duration.ofSeconds(30),
          Duration.ofMinutes(10));

  /** Wrong guesses after which a code is burned. */
  public static final Setting<Integer> OTP_MAX_ATTEMPTS =
      Setting.ofInt("gatehouse.otp.max-attempts", 5, 1, 10);

  /** Minimum time between two codes to one destination. */
  public static final Setting<Duration> OTP_RESEND_COOLDOWN =
      Setting.ofDuration(
          "gatehouse.otp.resend-cooldown",
          Duration.ofSeconds(60),
          Duration.ZERO,
          Duration.ofHours(1));

  /** Whether verifying a login code for an unknown destination creates the account. */
  public static final Setting<Boolean> OTP_SIGNUP_ALLOWED =
      Setting.ofBoolean("gatehouse.otp.signup-allowed", true);
}
