package dev.gatehouse.passkeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.GatehouseModule;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.passkeys.PasskeyService.PasskeyRequestOptions;
import dev.gatehouse.testing.InMemoryAuthStore;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** How a host without Spring installs the module, and how the starter finds it. */
class InstallTest {
  private static final GatehouseConfig CONFIG =
      GatehouseConfig.builder()
          .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
          .set(PasskeySettings.PASSKEY_RP_ID, "example.test")
          .build();

  @Test
  void anInstalledModuleRunsTheCeremonies() {
    GatehouseConfig config = CONFIG;
    AuthStore store = new InMemoryAuthStore();
    // snippet:start install
    Gatehouse gatehouse =
        Gatehouse.builder(config, store).install(new WebAuthn4jPasskeys()).build();
    // snippet:end install
    try (gatehouse) {
      PasskeyRequestOptions options = gatehouse.feature(PasskeyService.class).beginSignIn();
      assertThat(options.rpId()).isEqualTo("example.test");
      assertThat(options.challenge()).hasSizeGreaterThanOrEqualTo(43);
    }
  }

  @Test
  void theModuleIsFoundThroughTheServiceLoader() {
    assertThat(
            ServiceLoader.load(GatehouseModule.class).stream()
                .map(p -> p.type().getName())
                .toList())
        // Its own registration; a module its tests use (auth-mfa) registers beside it.
        .contains(WebAuthn4jPasskeys.class.getName());
    assertThat(new WebAuthn4jPasskeys().name()).isEqualTo("passkeys");
  }

  @Test
  void itsSettingsAreInTheOneCatalogueWhileTheModuleIsOnTheClassPath() {
    assertThat(GatehouseConfig.moduleSettings())
        .anySatisfy(m -> assertThat(m).isInstanceOf(PasskeySettings.class));
    assertThat(GatehouseConfig.settings())
        .containsEntry("gatehouse.passkeys.rp-id", PasskeySettings.PASSKEY_RP_ID);
    GatehouseConfig read =
        GatehouseConfig.fromProperties(
            java.util.Map.of(
                "gatehouse.passkeys.rp-id", "login.example.test",
                "gatehouse.passkeys.user-verification", "preferred"));
    assertThat(read.get(PasskeySettings.PASSKEY_RP_ID)).isEqualTo("login.example.test");
    assertThat(read.get(PasskeySettings.PASSKEY_USER_VERIFICATION))
        .isEqualTo(PasskeySettings.UserVerification.PREFERRED);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                GatehouseConfig.fromEnvironment(
                    java.util.Map.of("GATEHOUSE_PASSKEYS_RP_ID", "https://example.test")))
        .hasMessageContaining("gatehouse.passkeys.rp-id must be a lower-case domain name");
  }
}
