package dev.gatehouse.magiclink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.testing.InMemoryAuthStore;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The module's settings in the one catalogue while the module is on the class path, and sign-in by
 * link turned on without the installed module refused, naming it.
 */
class MagicLinkSettingsTest {
  private static GatehouseConfig.Builder config() {
    return GatehouseConfig.builder()
        .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789");
  }

  @Test
  void theSettingsAreReadLikeTheCores() {
    GatehouseConfig c =
        GatehouseConfig.fromProperties(
            Map.of(
                "gatehouse.magic-link.ttl", "5m",
                "gatehouse.links.magic-link", "/signin/link?t={token}",
                "gatehouse.magic-link.wrong-codes-hourly", "50"));
    assertThat(c.get(MagicLinkSettings.MAGIC_LINK_TTL)).isEqualTo(Duration.ofMinutes(5));
    assertThat(c.get(MagicLinkSettings.MAGIC_LINK)).isEqualTo("/signin/link?t={token}");
    // The counters' maxima stay with the core's limits, under the same keys.
    assertThat(c.get(MagicLinkSettings.MAGIC_LINK_WRONG_CODES_HOURLY)).isEqualTo(50);
    assertThatThrownBy(
            () -> GatehouseConfig.fromProperties(Map.of("gatehouse.links.magic-link", "/no-token")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("gatehouse.links.magic-link must be a path starting with /");
  }

  @Test
  void signInByLinkWithoutTheInstalledModuleFailsTheBuildNamingIt() {
    GatehouseConfig on = config().set(MagicLinkSettings.MAGIC_LINK_ENABLED, true).build();

    assertThatThrownBy(
            () ->
                Gatehouse.builder(on, new InMemoryAuthStore())
                    .setupAdvice(part -> "provide " + part.name())
                    .build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "gatehouse.magic-link.enabled is on but the magic-link module is not installed:"
                + " provide MAGIC_LINK_MODULE");
    Gatehouse.builder(on, new InMemoryAuthStore()).install(new MagicLinks()).build().close();
  }

  /**
   * A mistyped key of a module on the class path names the module, as its {@code ModuleSettings}
   * names it, whether Gatehouse's or a team's own (issue 95, item 5).
   */
  @Test
  void aMistypedKeyOfTheModuleNamesTheModuleAndTheKeyMeant() {
    assertThatThrownBy(
            () -> GatehouseConfig.fromProperties(Map.of("gatehouse.magic-link.enabeld", "true")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "unknown setting gatehouse.magic-link.enabeld: the module magic-link has no such"
                + " setting (did you mean gatehouse.magic-link.enabled?)");
  }
}
