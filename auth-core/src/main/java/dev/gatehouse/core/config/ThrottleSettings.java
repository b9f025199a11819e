package dev.gatehouse.core.config;

import java.time.Duration;

/**
 * The settings of rate limits and lockouts. Each is read with {@link GatehouseConfig#get(Setting)}
 * and set like every other setting (its key, its {@code GATEHOUSE_*} variable, or {@link
 * GatehouseConfig.Builder#set(Setting, Object)}); {@link GatehouseConfig#settings()} lists them
 * all.
 */
public final class ThrottleSettings {
  private ThrottleSettings() {}

  /** Whether rate limits and lockouts apply. */
  public static final Setting<Boolean> THROTTLE_ENABLED =
      Setting.ofBoolean("gatehouse.throttle.enabled", true);

  /** Consecutive failed logins on one account before it is locked (NIST allows at most 100). */
  public static final Setting<Integer> LOGIN_MAX_FAILURES =
      Setting.ofInt("gatehouse.throttle.login.max-failures", 10, 3, 100);

  /** Failed logins on one account after which each further attempt is delayed. */
  public static final Setting<Integer> LOGIN_DELAY_AFTER =
      Setting.ofInt("gatehouse.throttle.login.delay-after", 3, 1, 100);

  /** Failed logins from one client IP within the window before that IP is refused. */
  public static final Setting<Integer> LOGIN_MAX_FAILURES_PER_IP =
      Setting.ofInt("gatehouse.throttle.login.max-failures-per-ip", 100, 5, 100000);

  /** Window over which login failures are counted. */
  public static final Setting<Duration> LOGIN_FAILURE_WINDOW =
      Setting.ofDuration(
          "gatehouse.throttle.login.window",
          Duration.ofMinutes(15),
          Duration.ofMinutes(1),
          Duration.ofDays(1));

  /** How long a lock lasts; it always ends, so an attacker cannot lock a victim out for good. */
  public static final Setting<Duration> LOCKOUT_DURATION =
      Setting.ofDuration(
          "gatehouse.throttle.login.lock",
          Duration.ofMinutes(15),
          Duration.ofMinutes(1),
          Duration.ofDays(1));

  /** Codes one destination may receive per hour. */
  public static final Setting<Integer> OTP_MAX_PER_DESTINATION =
      Setting.ofInt("gatehouse.throttle.otp.per-destination-hourly", 5, 1, 1000);

  /** Codes one client IP may request per hour. */
  public static final Setting<Integer> OTP_MAX_PER_IP =
      Setting.ofInt("gatehouse.throttle.otp.per-ip-hourly", 20, 1, 100000);

  /** SMS per number prefix per hour (SMS pumping defence). */
  public static final Setting<Integer> SMS_MAX_PER_PREFIX =
      Setting.ofInt("gatehouse.throttle.sms.per-prefix-hourly", 50, 1, 1000000);

  /** SMS in total per day. */
  public static final Setting<Integer> SMS_DAILY_LIMIT =
      Setting.ofInt("gatehouse.throttle.sms.daily", 10000, 1, 100000000);

  /**
   * Registrations one client network may attempt per hour: each may send a confirmation mail to an
   * address of the caller's choosing.
   */
  public static final Setting<Integer> REGISTRATION_MAX_PER_IP =
      Setting.ofInt("gatehouse.throttle.registration.per-ip-hourly", 30, 1, 100000);

  /**
   * Password-reset requests and confirmation resends, together, one client network may make per
   * hour: each may send a mail to an address of the caller's choosing.
   */
  public static final Setting<Integer> ACCOUNT_MAIL_MAX_PER_IP =
      Setting.ofInt("gatehouse.throttle.account-mail.per-ip-hourly", 20, 1, 100000);

  /**
   * How much of an IPv6 address the per-IP limits count as one client network: a /64 by default,
   * the block one subscriber or host is given, so rotating addresses inside it does not reset a
   * limit. An IPv4 address counts on its own.
   */
  public static final Setting<Integer> IPV6_PREFIX_LENGTH =
      Setting.ofInt("gatehouse.throttle.ipv6-prefix-length", 64, 32, 128);

  /**
   * Development only: whether requests from loopback ({@code 127.0.0.0/8}, {@code ::1}) are left
   * out of the per-network limits of registrations, reset requests with confirmation resends and
   * sign-in links, and passkey sign-in options. Off by default: loopback counts like any client,
   * because a proxy on the same host whose forwarded address the host does not trust makes every
   * client look like loopback. Refused in production mode.
   */
  public static final Setting<Boolean> DEVELOPMENT_EXEMPT_LOOPBACK =
      Setting.ofBoolean("gatehouse.throttle.development.exempt-loopback", false);
}
