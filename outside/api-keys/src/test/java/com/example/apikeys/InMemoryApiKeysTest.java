package com.example.apikeys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.core.module.ModuleTemplate;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.signin.Counters;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.InMemoryAuthStore;
import dev.gatehouse.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The module's flows on auth-testing's in-memory store, as a host's tests run without a database.
 */
class InMemoryApiKeysTest extends ApiKeyFlows {
  private final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));
  private final CapturingEmailSender email = new CapturingEmailSender();
  private Gatehouse gatehouse;

  @BeforeEach
  void build() {
    GatehouseConfig config =
        GatehouseConfig.builder()
            .clock(clock)
            .set(GatehouseConfig.SECRET_KEY, "a-test-secret-key-of-at-least-32-bytes")
            .set(ApiKeySettings.MAX_WRONG_PER_IP, MAX_WRONG)
            .build();
    gatehouse =
        Gatehouse.builder(config, new InMemoryAuthStore())
            .emailSender(email)
            .deliveryExecutor(Runnable::run)
            .install(new ApiKeys())
            .build();
  }

  @AfterEach
  void close() {
    gatehouse.close();
  }

  @Override
  Gatehouse gatehouse() {
    return gatehouse;
  }

  @Override
  CapturingEmailSender email() {
    return email;
  }

  @Test
  void aNetworkOverItsWrongKeysSignsInAgainOnceTheHourEnds() {
    VerifiedAccessToken gil = newAccount(unique("gil"));
    String key = keys().create(gil, "cron").key();
    ClientInfo home = newNetwork();
    String wrong = key.substring(0, key.length() - 4) + (key.endsWith("AAAA") ? "BBBB" : "AAAA");
    for (int i = 0; i < MAX_WRONG; i++) {
      assertRefused(() -> keys().signIn(wrong, home), INVALID);
    }
    assertRefused(() -> keys().signIn(key, home), "rate_limited");

    clock.advance(Duration.ofHours(1));

    assertThat(keys().signIn(key, home).orElseThrow().userId()).isEqualTo(gil.userPublicId());
  }

  @Test
  void theManifestDeclaresEverythingTheModuleBrings() {
    ModuleManifest manifest =
        gatehouse.modules().stream()
            .filter(m -> m.module().equals(ApiKeys.NAME))
            .findFirst()
            .orElseThrow();

    assertThat(manifest.errorCodes())
        .containsExactly(
            ApiKeyErrors.API_KEY_INVALID,
            ApiKeyErrors.API_KEY_NOT_FOUND,
            ApiKeyErrors.API_KEY_QUOTA,
            ApiKeyCallers.API_KEY_REFUSED);
    assertThat(manifest.counters()).extracting(Counters::prefix).containsExactly("api-key:ip");
    assertThat(manifest.settings()).contains(ApiKeySettings.class);
    assertThat(manifest.templates())
        .extracting(ModuleTemplate::name)
        .containsExactly("api_key_created");
    assertThat(manifest.tables()).containsExactly("api_key");
    assertThat(manifest.changelog()).contains(KeyTable.CHANGELOG);
    assertThat(getClass().getClassLoader().getResource(KeyTable.CHANGELOG)).isNotNull();
    assertThat(manifest.routes())
        .extracting(r -> r.method() + " " + r.path() + " " + r.access())
        .containsExactly(
            "POST /api-keys SIGNED_IN",
            "GET /api-keys SIGNED_IN",
            "DELETE /api-keys/{id} SIGNED_IN",
            "POST /api-keys/sign-in PUBLIC");
    assertThat(gatehouse.errorCodes()).contains(ApiKeyErrors.API_KEY_INVALID);
  }
}
