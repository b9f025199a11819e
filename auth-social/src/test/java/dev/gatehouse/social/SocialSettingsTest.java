package dev.gatehouse.social;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.testing.InMemoryAuthStore;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The module's settings in the one catalogue: read like the core's while the module is on the class
 * path, their combination checked, and the ones only the installed module acts on refused without
 * it.
 */
class SocialSettingsTest {
  private static final String SECRET = "test-secret-key-0123456789abcdef-0123456789";

  private static GatehouseConfig.Builder config() {
    return GatehouseConfig.builder().set(GatehouseConfig.SECRET_KEY, SECRET);
  }

  @Test
  void theSettingsAreReadFromPropertiesAndTheEnvironment() {
    assertThat(GatehouseConfig.settings())
        .containsEntry("gatehouse.social.state-ttl", SocialSettings.SOCIAL_STATE_TTL);
    assertThat(
            GatehouseConfig.fromProperties(Map.of("gatehouse.social.state-ttl", "5m"))
                .get(SocialSettings.SOCIAL_STATE_TTL))
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(
            GatehouseConfig.fromEnvironment(Map.of("GATEHOUSE_SOCIAL_LINK_BY_EMAIL", "false"))
                .get(SocialSettings.SOCIAL_LINK_BY_EMAIL))
        .isFalse();
    assertThatThrownBy(
            () -> GatehouseConfig.fromProperties(Map.of("gatehouse.social.state-ttl", "2d")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("gatehouse.social.state-ttl must be between");
  }

  @Test
  void storedProviderTokensNeedTheirKey() {
    assertThatThrownBy(
            () -> config().set(SocialSettings.SOCIAL_STORE_PROVIDER_TOKENS, true).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "gatehouse.social.token-key is required when gatehouse.social.store-provider-tokens"
                + " is on");
    assertThat(
            config()
                .set(SocialSettings.SOCIAL_STORE_PROVIDER_TOKENS, true)
                .set(SocialSettings.SOCIAL_TOKEN_KEY, "k".repeat(32))
                .build()
                .get(SocialSettings.SOCIAL_STORE_PROVIDER_TOKENS))
        .isTrue();
  }

  @Test
  void whatOnlyTheModuleActsOnFailsTheBuildWithoutIt() {
    GatehouseConfig handOff =
        config().set(SocialSettings.SOCIAL_HANDOFF_URL, URI.create("https://app.test/")).build();
    GatehouseConfig tokens =
        config()
            .set(SocialSettings.SOCIAL_STORE_PROVIDER_TOKENS, true)
            .set(SocialSettings.SOCIAL_TOKEN_KEY, "k".repeat(32))
            .build();

    assertThatThrownBy(() -> Gatehouse.builder(handOff, new InMemoryAuthStore()).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(
            "gatehouse.social.handoff-url is set but the social module is not installed: add"
                + " dev.gatehouse:auth-social");
    assertThatThrownBy(() -> Gatehouse.builder(tokens, new InMemoryAuthStore()).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(
            "gatehouse.social.store-provider-tokens is on but the social module is not installed");
    // A setting the module reads but that changes nothing without it is no reason to fail.
    Gatehouse.builder(
            config().set(SocialSettings.SOCIAL_LINK_BY_EMAIL, false).build(),
            new InMemoryAuthStore())
        .build()
        .close();
    for (GatehouseConfig c : List.of(handOff, tokens)) {
      Gatehouse.builder(c, new InMemoryAuthStore())
          .install(new SocialSignIn(List.of()))
          .build()
          .close();
    }
  }
}
