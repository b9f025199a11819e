package dev.gatehouse.core.config;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import java.time.Duration;
import java.util.List;

/**
 * The settings of second factors: TOTP seed keys, challenges, recovery codes, remembered devices,
 * who must enrol. Each is read with {@link GatehouseConfig#get(Setting)} and set like every other
 * setting (its key, its {@code GATEHOUSE_*} variable, or {@link
 * GatehouseConfig.Builder#set(Setting, Object)}); {@link GatehouseConfig#settings()} lists them
 * all.
 */
public final class SecondFactorSettings {
  private SecondFactorSettings() {}

  /**
   * The keys that encrypt TOTP seeds at rest: comma-separated {@code id:base64key} entries of 32
   * bytes each, newest first (the newest encrypts, every listed key decrypts, so a key is rotated
   * by putting a new one first and dropping the old one once nothing sealed with it remains).
   * Unset, seeds are sealed under {@code gatehouse.secret-key} (and opened under {@code
   * gatehouse.previous-secret-keys} too); those stay readable once a ring is configured.
   */
  public static final Setting<String> MFA_ENCRYPTION_KEYS =
      Setting.ofSecret(
          "gatehouse.mfa.encryption-keys",
          s -> {
            try {
              dev.gatehouse.core.secret.internal.SecretBox.parse(s);
              return true;
            } catch (ConfigurationException e) {
              return false;
            }
          },
          "must be comma-separated id:base64key entries of 32-byte keys");

  /** How long the challenge a login with a second factor answers stays usable. */
  public static final Setting<Duration> MFA_CHALLENGE_TTL =
      Setting.ofDuration(
          "gatehouse.mfa.challenge-ttl",
          Duration.ofMinutes(5),
          Duration.ofMinutes(1),
          Duration.ofMinutes(30));

  /** How many recovery codes a set holds. */
  public static final Setting<Integer> MFA_RECOVERY_CODES =
      Setting.ofInt("gatehouse.mfa.recovery-codes", 10, 5, 20);

  /**
   * How long a device remembered at a second-factor login skips the second factor of later logins
   * of the same account ("remember this device"); zero, the default, turns remembering off.
   */
  public static final Setting<Duration> MFA_REMEMBER_DEVICE =
      Setting.ofDuration(
          "gatehouse.mfa.remember-device", Duration.ZERO, Duration.ZERO, Duration.ofDays(365));

  /** Which accounts must have a second factor: {@code none}, {@code everyone} or {@code roles}. */
  public static final Setting<SecondFactorRequirement> MFA_REQUIRED =
      Setting.ofEnum(
          "gatehouse.mfa.required", SecondFactorRequirement.class, SecondFactorRequirement.NONE);

  /**
   * With {@code gatehouse.mfa.required=roles}: the profile roles whose accounts must have a second
   * factor (comma-separated; must not be empty then).
   */
  public static final Setting<List<String>> MFA_REQUIRED_ROLES =
      Setting.ofList(
          "gatehouse.mfa.required-roles",
          List.of(),
          l -> l.stream().allMatch(r -> r.length() <= 50),
          "must list roles of at most 50 characters");

  /**
   * How long an account the second-factor policy covers may still sign in without a factor, counted
   * from its first sign-in under the policy; zero asks for enrolment at once.
   */
  public static final Setting<Duration> MFA_ENROLMENT_GRACE =
      Setting.ofDuration(
          "gatehouse.mfa.enrolment-grace", Duration.ofDays(7), Duration.ZERO, Duration.ofDays(365));

  /**
   * Which accounts must have a second factor ({@code gatehouse.mfa.required}). An account the
   * policy covers that has none may still sign in during {@code gatehouse.mfa.enrolment-grace},
   * counted from the first sign-in the policy covered; after it, its sign-in answers {@code
   * mfa_enrolment_required}, whose challenge only enrols an authenticator app.
   */
  public enum SecondFactorRequirement {
    /** No account must have a second factor (the default). */
    NONE,
    /** Every account must have a second factor. */
    EVERYONE,
    /**
     * An account must have a second factor when one of its profiles has one of the roles in {@code
     * gatehouse.mfa.required-roles}.
     */
    ROLES
  }
}
