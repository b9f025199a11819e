package dev.gatehouse.core;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.LegacySettings;
import dev.gatehouse.core.config.MagicLinkSettings;
import dev.gatehouse.core.config.ModuleSettings;
import dev.gatehouse.core.config.Setting;
import dev.gatehouse.core.config.SetupAdvice;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import java.util.List;

/**
 * What a builder's set must satisfy as a whole, checked before anything is built: each part a
 * setting or a provider needs is there. A part's own checks stay with the part.
 */
final class BuilderChecks {
  /**
   * The name the magic-link module installs under ({@code auth-magic-link}'s {@code MagicLinks}).
   */
  static final String MAGIC_LINK_MODULE = "magic-link";

  /** The name the social module installs under ({@code auth-social}'s {@code SocialSignIn}). */
  static final String SOCIAL_MODULE = "social";

  /** The name the legacy module installs under ({@code auth-legacy}'s {@code LegacyCutOver}). */
  static final String LEGACY_MODULE = "legacy";

  private BuilderChecks() {}

  /**
   * @param b the builder, all its setters run
   * @throws ConfigurationException naming what is missing and how to provide it
   */
  static void check(Gatehouse.Builder b) {
    if (b.config.get(MagicLinkSettings.MAGIC_LINK_ENABLED)
        && !b.modules.contains(MAGIC_LINK_MODULE)) {
      throw new ConfigurationException(
          MagicLinkSettings.MAGIC_LINK_ENABLED.key()
              + " is on but the magic-link module is not installed: "
              + b.setupAdvice.fix(SetupAdvice.Part.MAGIC_LINK_MODULE));
    }
    for (ModuleSettings module : GatehouseConfig.moduleSettings()) {
      if (b.modules.contains(module.module())) {
        continue;
      }
      for (Setting<?> setting : module.needModule()) {
        Object value = b.config.get(setting);
        if (value != null && !value.equals(setting.defaultValue())) {
          throw new ConfigurationException(
              setting.key()
                  + (value instanceof Boolean ? " is on" : " is set")
                  + " but the "
                  + module.module()
                  + " module is not installed"
                  + advice(b, module.module()));
        }
      }
    }
    if (!b.modules.contains(LEGACY_MODULE)) {
      for (var tokenKey :
          List.of(
              LegacySettings.LEGACY_SIMPLEJWT_SIGNING_KEY,
              LegacySettings.LEGACY_FASTAPI_USERS_SECRET,
              LegacySettings.LEGACY_DRF_TOKENS_UNTIL,
              LegacySettings.LEGACY_DJANGO_SESSIONS_SECRET_KEY,
              LegacySettings.LEGACY_WRITE_BACK_UNTIL)) {
        if (b.config.get(tokenKey) != null) {
          throw new ConfigurationException(
              tokenKey.key()
                  + " is set but the legacy module is not installed: "
                  + b.setupAdvice.fix(SetupAdvice.Part.LEGACY_MODULE));
        }
      }
    }
    for (var legacyKey :
        List.of(
            LegacySettings.LEGACY_SIMPLEJWT_SIGNING_KEY,
            LegacySettings.LEGACY_FASTAPI_USERS_SECRET,
            LegacySettings.LEGACY_DRF_TOKENS_UNTIL,
            LegacySettings.LEGACY_DJANGO_SESSIONS_SECRET_KEY)) {
      if (b.config.get(legacyKey) != null && b.legacyAccounts == null) {
        boolean tables =
            legacyKey == LegacySettings.LEGACY_DRF_TOKENS_UNTIL
                || legacyKey == LegacySettings.LEGACY_DJANGO_SESSIONS_SECRET_KEY;
        throw new ConfigurationException(
            legacyKey.key()
                + " is set but nothing says which account a legacy user became: "
                + b.setupAdvice.fix(SetupAdvice.Part.LEGACY_ACCOUNTS)
                + (tables
                    ? "; it also needs the legacy credential tables: "
                        + b.setupAdvice.fix(SetupAdvice.Part.LEGACY_CREDENTIALS)
                    : ""));
      }
    }
  }

  /** How to install a module, when the host's setup advice knows it. */
  private static String advice(Gatehouse.Builder b, String module) {
    return switch (module) {
      case MAGIC_LINK_MODULE -> ": " + b.setupAdvice.fix(SetupAdvice.Part.MAGIC_LINK_MODULE);
      case SOCIAL_MODULE -> ": " + b.setupAdvice.fix(SetupAdvice.Part.SOCIAL_MODULE);
      case LEGACY_MODULE -> ": " + b.setupAdvice.fix(SetupAdvice.Part.LEGACY_MODULE);
      default -> "";
    };
  }
}
