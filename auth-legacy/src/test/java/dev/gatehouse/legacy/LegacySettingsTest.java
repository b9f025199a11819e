package dev.gatehouse.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.testing.InMemoryAuthStore;
import dev.gatehouse.testing.SimpleJwtVectors;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The module's settings in the one catalogue: read like the core's while the module is on the class
 * path, their combination checked, and a legacy token's or the write-back's setting refused without
 * the installed module or without the accounts legacy users became.
 */
class LegacySettingsTest {
  private static final Instant UNTIL = Instant.parse("2027-01-01T00:00:00Z");

  private static GatehouseConfig.Builder config() {
    return GatehouseConfig.builder()
        .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789");
  }

  @Test
  void theSettingsAreReadLikeTheCoresWhileTheModuleIsOnTheClassPath() {
    assertThat(GatehouseConfig.settings())
        .containsEntry("gatehouse.legacy.drf-tokens.until", LegacySettings.LEGACY_DRF_TOKENS_UNTIL);
    assertThat(
            GatehouseConfig.fromProperties(
                    Map.of("gatehouse.legacy.drf-tokens.until", "2027-01-01T00:00:00Z"))
                .get(LegacySettings.LEGACY_DRF_TOKENS_UNTIL))
        .isEqualTo(UNTIL);
    assertThat(
            GatehouseConfig.fromEnvironment(
                    Map.of("GATEHOUSE_LEGACY_WRITE_BACK_UNTIL", "2027-01-01T00:00:00Z"))
                .get(LegacySettings.LEGACY_WRITE_BACK_UNTIL))
        .isEqualTo(UNTIL);
  }

  @Test
  void aKeyAndItsWindowAreSetTogether() {
    assertThatThrownBy(
            () ->
                config()
                    .set(LegacySettings.LEGACY_SIMPLEJWT_SIGNING_KEY, SimpleJwtVectors.SECRET_KEY)
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "gatehouse.legacy.simplejwt.signing-key and gatehouse.legacy.simplejwt.until are set"
                + " together: the key the legacy tokens are checked with, and when that stops");
    assertThatThrownBy(() -> config().set(LegacySettings.LEGACY_FASTAPI_USERS_UNTIL, UNTIL).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("gatehouse.legacy.fastapi-users.secret and");
    assertThatThrownBy(
            () -> config().set(LegacySettings.LEGACY_SIMPLEJWT_ACCESS_TOKENS, true).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "gatehouse.legacy.simplejwt.access-tokens needs gatehouse.legacy.simplejwt.signing-key"
                + " (and its until)");
  }

  @Test
  void aLegacySettingWithoutTheInstalledModuleFailsTheBuildNamingIt() {
    GatehouseConfig drf = config().set(LegacySettings.LEGACY_DRF_TOKENS_UNTIL, UNTIL).build();
    GatehouseConfig writeBack = config().set(LegacySettings.LEGACY_WRITE_BACK_UNTIL, UNTIL).build();

    assertThatThrownBy(() -> Gatehouse.builder(drf, new InMemoryAuthStore()).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("install(new LegacyCutOver())");
    assertThatThrownBy(
            () ->
                Gatehouse.builder(drf, new InMemoryAuthStore())
                    .setupAdvice(part -> "provide " + part.name())
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "gatehouse.legacy.drf-tokens.until is set but the legacy module is not installed:"
                + " provide LEGACY_MODULE");
    assertThatThrownBy(
            () ->
                Gatehouse.builder(writeBack, new InMemoryAuthStore())
                    .legacyAccounts(id -> Optional.empty())
                    .setupAdvice(part -> "provide " + part.name())
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "gatehouse.legacy.write-back.until is set but the legacy module is not installed:"
                + " provide LEGACY_MODULE");
  }

  @Test
  void aLegacyTokenNeedsToKnowWhichAccountItsUserBecame() {
    GatehouseConfig simplejwt =
        config()
            .set(LegacySettings.LEGACY_SIMPLEJWT_SIGNING_KEY, SimpleJwtVectors.SECRET_KEY)
            .set(LegacySettings.LEGACY_SIMPLEJWT_UNTIL, UNTIL)
            .build();
    GatehouseConfig drf = config().set(LegacySettings.LEGACY_DRF_TOKENS_UNTIL, UNTIL).build();

    assertThatThrownBy(
            () ->
                Gatehouse.builder(simplejwt, new InMemoryAuthStore())
                    .install(new LegacyCutOver())
                    .setupAdvice(part -> "provide " + part.name())
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "gatehouse.legacy.simplejwt.signing-key is set but nothing says which account a legacy"
                + " user became: provide LEGACY_ACCOUNTS");
    assertThatThrownBy(
            () ->
                Gatehouse.builder(drf, new InMemoryAuthStore())
                    .install(new LegacyCutOver())
                    .setupAdvice(part -> "provide " + part.name())
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "gatehouse.legacy.drf-tokens.until is set but nothing says which account a legacy"
                + " user became: provide LEGACY_ACCOUNTS; it also needs the legacy credential"
                + " tables: provide LEGACY_CREDENTIALS");
    Gatehouse.builder(simplejwt, new InMemoryAuthStore())
        .install(new LegacyCutOver())
        .legacyAccounts(id -> Optional.empty())
        .build()
        .close();
  }
}
