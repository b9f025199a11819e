package dev.gatehouse.core.config;

import static dev.gatehouse.core.config.GatehouseConfig.FRONTEND_URL;
import static dev.gatehouse.core.config.GatehouseConfig.SECRET_KEY;
import static dev.gatehouse.core.config.PasswordSettings.PASSWORD_MAX_LENGTH;
import static dev.gatehouse.core.config.PasswordSettings.PASSWORD_MIN_LENGTH;
import static dev.gatehouse.core.config.PhoneSettings.PHONE_ALLOWED_REGIONS;
import static dev.gatehouse.core.config.PhoneSettings.PHONE_DENIED_REGIONS;
import static dev.gatehouse.core.config.ProfileSettings.DEFAULT_PROFILE_ROLE;
import static dev.gatehouse.core.config.ProfileSettings.PROFILE_ROLES;
import static dev.gatehouse.core.config.SocialSettings.SOCIAL_STORE_PROVIDER_TOKENS;
import static dev.gatehouse.core.config.ThrottleSettings.LOGIN_DELAY_AFTER;
import static dev.gatehouse.core.config.ThrottleSettings.LOGIN_MAX_FAILURES;
import static dev.gatehouse.core.config.TokenSettings.ACCESS_TOKEN_TTL;
import static dev.gatehouse.core.config.TokenSettings.REFRESH_IDLE_TIMEOUT;
import static dev.gatehouse.core.config.TokenSettings.REFRESH_TOKEN_TTL;

import dev.gatehouse.core.config.SecondFactorSettings.SecondFactorRequirement;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The checks across keys that {@link GatehouseConfig.Builder#build()} runs: each setting is valid
 * on its own when set, but some combinations are not. Stateless.
 */
final class CombinationChecks {
  private CombinationChecks() {}

  /**
   * Checks the combination of {@code c}'s values.
   *
   * @throws ConfigurationException naming the keys of every inconsistent combination, joined by
   *     {@code "; "}
   */
  static void check(GatehouseConfig c) {
    List<String> problems = new ArrayList<>();
    if (!c.get(PROFILE_ROLES).contains(c.get(DEFAULT_PROFILE_ROLE))) {
      problems.add(
          DEFAULT_PROFILE_ROLE.key()
              + " must be one of "
              + PROFILE_ROLES.key()
              + " "
              + c.get(PROFILE_ROLES)
              + ", was "
              + c.get(DEFAULT_PROFILE_ROLE));
    }
    if (c.get(SecondFactorSettings.MFA_REQUIRED) == SecondFactorRequirement.ROLES
        && c.get(SecondFactorSettings.MFA_REQUIRED_ROLES).isEmpty()) {
      problems.add(
          SecondFactorSettings.MFA_REQUIRED_ROLES.key()
              + " must list at least one role when "
              + SecondFactorSettings.MFA_REQUIRED.key()
              + " is roles");
    }
    if ((c.get(LegacySettings.LEGACY_SIMPLEJWT_SIGNING_KEY) == null)
        != (c.get(LegacySettings.LEGACY_SIMPLEJWT_UNTIL) == null)) {
      problems.add(
          LegacySettings.LEGACY_SIMPLEJWT_SIGNING_KEY.key()
              + " and "
              + LegacySettings.LEGACY_SIMPLEJWT_UNTIL.key()
              + " are set together: the key the legacy tokens are checked with, and when that"
              + " stops");
    }
    if ((c.get(LegacySettings.LEGACY_FASTAPI_USERS_SECRET) == null)
        != (c.get(LegacySettings.LEGACY_FASTAPI_USERS_UNTIL) == null)) {
      problems.add(
          LegacySettings.LEGACY_FASTAPI_USERS_SECRET.key()
              + " and "
              + LegacySettings.LEGACY_FASTAPI_USERS_UNTIL.key()
              + " are set together: the secret the legacy tokens are checked with, and when that"
              + " stops");
    }
    if ((c.get(LegacySettings.LEGACY_DJANGO_SESSIONS_SECRET_KEY) == null)
        != (c.get(LegacySettings.LEGACY_DJANGO_SESSIONS_UNTIL) == null)) {
      problems.add(
          LegacySettings.LEGACY_DJANGO_SESSIONS_SECRET_KEY.key()
              + " and "
              + LegacySettings.LEGACY_DJANGO_SESSIONS_UNTIL.key()
              + " are set together: the key Django signed its sessions with, and when that stops");
    }
    if (c.get(LegacySettings.LEGACY_SIMPLEJWT_ACCESS_TOKENS)
        && c.get(LegacySettings.LEGACY_SIMPLEJWT_SIGNING_KEY) == null) {
      problems.add(
          LegacySettings.LEGACY_SIMPLEJWT_ACCESS_TOKENS.key()
              + " needs "
              + LegacySettings.LEGACY_SIMPLEJWT_SIGNING_KEY.key()
              + " (and its until)");
    }
    if (c.get(LegacySettings.LEGACY_SIMPLEJWT_ISSUE_REFRESH_TOKENS)
        && (c.get(LegacySettings.LEGACY_SIMPLEJWT_SIGNING_KEY) == null
            || c.get(LegacySettings.LEGACY_WRITE_BACK_UNTIL) == null)) {
      problems.add(
          LegacySettings.LEGACY_SIMPLEJWT_ISSUE_REFRESH_TOKENS.key()
              + " needs "
              + LegacySettings.LEGACY_SIMPLEJWT_SIGNING_KEY.key()
              + " and "
              + LegacySettings.LEGACY_WRITE_BACK_UNTIL.key()
              + ": the key the legacy application checks its tokens with, and the window in which"
              + " going back to it is possible");
    }
    if (c.get(PASSWORD_MIN_LENGTH) > c.get(PASSWORD_MAX_LENGTH)) {
      problems.add(PASSWORD_MIN_LENGTH.key() + " must not exceed " + PASSWORD_MAX_LENGTH.key());
    }
    if (c.get(REFRESH_IDLE_TIMEOUT).compareTo(c.get(REFRESH_TOKEN_TTL)) > 0) {
      problems.add(REFRESH_IDLE_TIMEOUT.key() + " must not exceed " + REFRESH_TOKEN_TTL.key());
    }
    if (c.get(ACCESS_TOKEN_TTL).compareTo(c.get(REFRESH_TOKEN_TTL)) >= 0) {
      problems.add(ACCESS_TOKEN_TTL.key() + " must be shorter than " + REFRESH_TOKEN_TTL.key());
    }
    if (c.get(LOGIN_DELAY_AFTER) >= c.get(LOGIN_MAX_FAILURES)) {
      problems.add(LOGIN_DELAY_AFTER.key() + " must be below " + LOGIN_MAX_FAILURES.key());
    }
    if (!Collections.disjoint(c.get(PHONE_ALLOWED_REGIONS), c.get(PHONE_DENIED_REGIONS))) {
      problems.add(PHONE_ALLOWED_REGIONS.key() + " and " + PHONE_DENIED_REGIONS.key() + " overlap");
    }
    if (c.get(SOCIAL_STORE_PROVIDER_TOKENS) && c.get(SocialSettings.SOCIAL_TOKEN_KEY) == null) {
      problems.add(
          SocialSettings.SOCIAL_TOKEN_KEY.key()
              + " is required when "
              + SOCIAL_STORE_PROVIDER_TOKENS.key()
              + " is on");
    }
    if (c.production()) {
      if (c.get(SECRET_KEY) == null) {
        problems.add(
            SECRET_KEY.key()
                + " is required in production ("
                + SECRET_KEY.environmentVariable()
                + ")");
      }
      if (c.get(ThrottleSettings.DEVELOPMENT_EXEMPT_LOOPBACK)) {
        problems.add(
            ThrottleSettings.DEVELOPMENT_EXEMPT_LOOPBACK.key()
                + " is for development only; in production loopback counts like any client");
      }
      if (!"https".equals(c.get(FRONTEND_URL).getScheme())) {
        problems.add(
            FRONTEND_URL.key() + " must be https in production, was " + c.get(FRONTEND_URL));
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigurationException(String.join("; ", problems));
    }
  }
}
