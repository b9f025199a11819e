package com.example.apikeys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.InMemoryAuthStore;
import dev.gatehouse.testing.MutableClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the module uses of the seam Gatehouse grew for it (issue 95, item 5): the account's lock for
 * its per-account quota, the audited refusal of an operation that is not a sign-in, the one staff
 * check, and a mistyped setting of its own answered with its name.
 */
class SeamCapabilitiesTest {
  private final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));
  private final CapturingEmailSender email = new CapturingEmailSender();
  private Gatehouse gatehouse;

  @BeforeEach
  void build() {
    GatehouseConfig config =
        GatehouseConfig.builder()
            .clock(clock)
            .set(GatehouseConfig.SECRET_KEY, "a-test-secret-key-of-at-least-32-bytes")
            .set(ApiKeySettings.MAX_PER_ACCOUNT, 1)
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

  /** The flows' helpers (accounts, the service), not their tests. */
  private final ApiKeyFlows flows =
      new ApiKeyFlows() {
        @Override
        Gatehouse gatehouse() {
          return gatehouse;
        }

        @Override
        CapturingEmailSender email() {
          return email;
        }
      };

  private ApiKeyService keys() {
    return flows.keys();
  }

  @Test
  void twoCreatesAtOnceDoNotBothPassTheAccountsQuotaAndTheRefusalIsAudited() throws Exception {
    VerifiedAccessToken ann = flows.newAccount(ApiKeyFlows.unique("ann"));
    CountDownLatch start = new CountDownLatch(1);
    Callable<Object> create =
        () -> {
          start.await(10, TimeUnit.SECONDS);
          try {
            return keys().create(ann, "ci");
          } catch (AuthException e) {
            return e;
          }
        };
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Object> outcomes = new ArrayList<>();
    try {
      List<Future<Object>> racing = List.of(pool.submit(create), pool.submit(create));
      start.countDown();
      for (Future<Object> f : racing) {
        outcomes.add(f.get(1, TimeUnit.MINUTES));
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(outcomes).filteredOn(ApiKeyService.CreatedKey.class::isInstance).hasSize(1);
    assertThat(outcomes)
        .filteredOn(AuthException.class::isInstance)
        .singleElement()
        .satisfies(e -> assertThat(((AuthException) e).error().code()).isEqualTo("api_key_quota"));
    assertThat(keys().list(ann)).hasSize(1);
    List<AuditEntry> trail = gatehouse.audit().forUser(ann.userPublicId(), 50);
    assertThat(trail)
        .filteredOn(e -> e.event().equals("OperationRefused"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.method()).isEqualTo("api_keys.create");
              assertThat(e.reason()).isEqualTo("api_key_quota");
            });
  }

  @Test
  void anAccountThatIsNotStaffIsRefusedAnotherAccountsKeysAndTheRefusalIsAudited() {
    VerifiedAccessToken bob = flows.newAccount(ApiKeyFlows.unique("bob"));
    VerifiedAccessToken eve = flows.newAccount(ApiKeyFlows.unique("eve"));
    keys().create(bob, "deploy");

    ApiKeyFlows.assertRefused(() -> keys().keysOf(eve, bob.userPublicId()), "forbidden");

    assertThat(gatehouse.audit().forUser(eve.userPublicId(), 50))
        .filteredOn(e -> e.event().equals("AdminRefused"))
        .singleElement()
        .satisfies(e -> assertThat(e.method()).isEqualTo("api_keys.keys_of"));
  }

  @Test
  void aMistypedSettingOfTheModuleNamesTheModule() {
    assertThatThrownBy(
            () ->
                GatehouseConfig.fromProperties(
                    Map.of("gatehouse.api-keys.max-per-acount", "3")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "unknown setting gatehouse.api-keys.max-per-acount: the module api-keys has no such"
                + " setting (did you mean gatehouse.api-keys.max-per-account?)");
  }
}
