package dev.gatehouse.core.config;

import java.time.Duration;

/**
 * The settings of registration and login: which identifiers sign in, verification, the confirmation
 * and reset links, terms. Each is read with {@link GatehouseConfig#get(Setting)} and set like every
 * other setting (its key, its {@code GATEHOUSE_*} variable, or {@link
 * GatehouseConfig.Builder#set(Setting, Object)}); {@link GatehouseConfig#settings()} lists them
 * all.
 */
public final class AccountSettings {
  private AccountSettings() {}

  /** Which identifier a password login accepts (email, username or both). */
  public static final Setting<LoginIdentifier> LOGIN_IDENTIFIER =
      Setting.ofEnum("gatehouse.login.identifier", LoginIdentifier.class, LoginIdentifier.EMAIL);

  /** Whether a phone number is also accepted as a login identifier. */
  public static final Setting<Boolean> LOGIN_BY_PHONE =
      Setting.ofBoolean("gatehouse.login.phone", true);

  /**
   * Whether a new account's public id (the access token's {@code sub}, the id the HTTP contracts
   * show) is time-ordered, a UUID version 7, instead of random (version 4). Off by default: a
   * time-ordered id tells anyone who sees it when the account was created, to the millisecond,
   * which a host may already show or may not want to; on, every new account's id lands at the end
   * of the user table's public-id index instead of on a random leaf, which keeps sign-ups and
   * imports of millions of accounts from reading index pages back from disk. Existing accounts keep
   * their ids.
   */
  public static final Setting<Boolean> TIME_ORDERED_PUBLIC_IDS =
      Setting.ofBoolean("gatehouse.accounts.time-ordered-public-ids", false);

  /** Whether an unverified account is refused at login. */
  public static final Setting<Boolean> REQUIRE_VERIFIED =
      Setting.ofBoolean("gatehouse.login.require-verified", true);

  /**
   * The account-confirmation link, relative to {@link GatehouseConfig#FRONTEND_URL}: a path and
   * query with the placeholder {@code {token}} and optionally {@code {uid}} (the account's public
   * id, base64url without padding, as Django's {@code uid}). jb-drf-auth front ends use {@code
   * /verify-email/?uid={uid}&token={token}}.
   */
  public static final Setting<String> CONFIRMATION_LINK =
      Setting.ofString(
          "gatehouse.links.email-confirmation",
          "/confirm-email?token={token}",
          ValueShapes::linkTemplate,
          "must be a path starting with / that contains {token}");

  /**
   * The password-reset link, relative to {@link GatehouseConfig#FRONTEND_URL}, with the
   * placeholders of {@link #CONFIRMATION_LINK}. jb-drf-auth front ends use {@code
   * /reset-password/?uid={uid}&token={token}}.
   */
  public static final Setting<String> RESET_LINK =
      Setting.ofString(
          "gatehouse.links.password-reset",
          "/reset-password?token={token}",
          ValueShapes::linkTemplate,
          "must be a path starting with / that contains {token}");

  /** Whether registration requires accepting the terms and conditions. */
  public static final Setting<Boolean> TERMS_REQUIRED =
      Setting.ofBoolean("gatehouse.registration.terms-required", false);

  /** How long an account-confirmation link stays valid. */
  public static final Setting<Duration> CONFIRMATION_TTL =
      Setting.ofDuration(
          "gatehouse.registration.confirmation-ttl",
          Duration.ofHours(24),
          Duration.ofMinutes(5),
          Duration.ofDays(7));

  /** The bootstrap token that creates the first superuser; unset disables the endpoint. */
  public static final Setting<String> ADMIN_BOOTSTRAP_TOKEN =
      Setting.ofSecret("gatehouse.admin.bootstrap-token", 32);

  /** Whether a mobile login ends the user's other mobile sessions. */
  public static final Setting<Boolean> SINGLE_SESSION_ON_MOBILE =
      Setting.ofBoolean("gatehouse.session.single-on-mobile", false);

  /**
   * Which identifier a password login accepts besides the phone (jb-drf-auth's
   * AUTHENTICATION_TYPE).
   */
  public enum LoginIdentifier {
    /** Email address only. */
    EMAIL,
    /** Username only. */
    USERNAME,
    /** Either an email address or a username. */
    BOTH
  }
}
