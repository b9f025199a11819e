package dev.gatehouse.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.GatehouseModule;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException.AuthInfrastructureException;
import dev.gatehouse.core.error.AuthException.StorageConflictException;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.core.signin.Counters;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.CounterStore.CounterState;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.testing.InMemoryAuthStore;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the Redis counters keep of the database's: holds, rollbacks, windows as ttl, routing. */
class RedisCountersTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final Duration WINDOW = Duration.ofMinutes(15);

  private TestRedis redis;
  private RedisCounters counters;
  private InMemoryAuthStore database;
  private AuthStore store;

  @BeforeEach
  void open() {
    redis = TestRedis.open();
    counters = redis.counters().holdTimeout(Duration.ofMillis(300)).build();
    database = new InMemoryAuthStore();
    store = counters.store(database);
  }

  @AfterEach
  void close() {
    if (redis != null) {
      counters.close();
      redis.close();
    }
  }

  private static String key() {
    return "login:user:" + UUID.randomUUID();
  }

  private Optional<CounterState> find(String key) {
    return store.inTransaction(tx -> tx.counters().find(key));
  }

  @Test
  void aCounterLivesInRedisForItsWindowAndNoLonger() {
    String key = key();
    store.inTransaction(tx -> tx.counters().increment(key, NOW, WINDOW));
    long ttl = redis.client.pttl(redis.prefix + key);
    assertThat(ttl).isPositive().isLessThanOrEqualTo(WINDOW.toMillis());
    // A lock longer than the window keeps the counter until the lock ends.
    Instant until = NOW.plus(Duration.ofHours(2));
    store.inTransaction(
        tx -> {
          tx.counters().lock(key, until);
          return null;
        });
    assertThat(redis.client.pttl(redis.prefix + key))
        .isGreaterThan(WINDOW.toMillis())
        .isLessThanOrEqualTo(Duration.ofHours(2).toMillis());
    assertThat(find(key).orElseThrow().lockedUntil()).isEqualTo(until);
    // The transaction's holds are gone once it ended: only the counter is left.
    assertThat(redis.keyCount()).isEqualTo(1);
  }

  @Test
  void aRolledBackTransactionLeavesItsCountersAsItFoundThem() {
    String key = key();
    Instant lock = NOW.plusSeconds(5);
    store.inTransaction(
        tx -> {
          tx.counters().increment(key, NOW, WINDOW);
          tx.counters().lock(key, lock);
          return null;
        });
    String marker = "social-state:" + UUID.randomUUID();
    assertThatThrownBy(
            () ->
                store.inTransaction(
                    tx -> {
                      tx.counters().incrementAll(List.of(key), NOW.plusSeconds(1), WINDOW);
                      tx.counters().lock(key, NOW.plusSeconds(600));
                      tx.counters().increment(marker, NOW, WINDOW);
                      throw new IllegalStateException("refused");
                    }))
        .hasMessage("refused");

    assertThat(find(key)).contains(new CounterState(key, 1, NOW, lock));
    assertThat(find(marker)).isEmpty();
    assertThat(redis.client.pttl(redis.prefix + key)).isPositive();
    // The marker spent in the failed flow is a first spend again.
    assertThat(store.inTransaction(tx -> tx.counters().increment(marker, NOW, WINDOW)).count())
        .isEqualTo(1);
  }

  @Test
  void aCounterHeldByAnOpenTransactionMakesAnotherWaitThenFailTyped() {
    String key = key();
    Throwable waited =
        store.inTransaction(
            tx -> {
              tx.counters().increment(key, NOW, WINDOW);
              try {
                store.inNewTransaction(other -> other.counters().increment(key, NOW, WINDOW));
                return null;
              } catch (StorageConflictException e) {
                return e;
              }
            });
    assertThat(waited).isInstanceOf(StorageConflictException.class);
    // The waiting transaction counted nothing; the holder's count stands and its hold is gone.
    assertThat(find(key).orElseThrow().count()).isEqualTo(1);
    assertThat(store.inTransaction(tx -> tx.counters().increment(key, NOW, WINDOW)).count())
        .isEqualTo(2);
  }

  @Test
  void aSettlementDecrementsOneBucketAndClearsTheOtherInOneCall() {
    String ip = "login:ip:" + UUID.randomUUID();
    String account = key();
    store.inTransaction(
        tx -> {
          tx.counters().incrementAll(List.of(ip, account), NOW, WINDOW);
          tx.counters().incrementAll(List.of(ip, account), NOW, WINDOW);
          tx.counters().lock(account, NOW.plusSeconds(60));
          return null;
        });
    store.inTransaction(
        tx -> {
          tx.counters().decrementAndClear(ip, account);
          return null;
        });
    assertThat(find(ip).orElseThrow().count()).isEqualTo(1);
    assertThat(find(account)).contains(new CounterState(account, 0, NOW, null));
    assertThatThrownBy(
            () ->
                store.inTransaction(tx -> tx.counters().incrementAll(List.of(ip, ip), NOW, WINDOW)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theCataloguesLocksStayInTheDatabaseByDefault() {
    try (RedisCounters defaults =
        RedisCounters.builder(redis.uri).keyPrefix(redis.prefix).build()) {
      AuthStore routed = defaults.store(database);
      String lock = Counters.REGISTRATION.key("hash-of-an-address");
      String limit = Counters.LOGIN_NETWORK.key("203.0.113.9");
      routed.inTransaction(tx -> tx.counters().incrementAll(List.of(lock, limit), NOW, WINDOW));
      assertThat(redis.client.exists(redis.prefix + lock)).isFalse();
      assertThat(redis.client.exists(redis.prefix + limit)).isTrue();
      Optional<CounterState> inDatabase = database.inTransaction(tx -> tx.counters().find(lock));
      Optional<CounterState> notInDatabase =
          database.inTransaction(tx -> tx.counters().find(limit));
      assertThat(inDatabase).isPresent();
      assertThat(notInDatabase).isEmpty();
    }
  }

  /**
   * A lock an installed module declares stays in the database as the core's do: the store learns it
   * from the catalogue of the Gatehouse built on it.
   */
  @Test
  void anInstalledModulesLockStaysInTheDatabaseToo() {
    Counters lock = Counters.lock("redis-test-module:lock");
    Counters marker = Counters.marker("redis-test-module:once");
    try (RedisCounters defaults =
        RedisCounters.builder(redis.uri).keyPrefix(redis.prefix).build()) {
      AuthStore routed = defaults.store(database);
      assertThat(defaults.heldInRedisByDefault(Counters.BOOTSTRAP.key())).isFalse();
      assertThat(defaults.heldInRedisByDefault(Counters.OTP_COOLDOWN.key("s"))).isTrue();
      assertThat(defaults.heldInRedisByDefault(lock.key("s"))).isTrue();
      GatehouseModule module =
          new GatehouseModule() {
            @Override
            public String name() {
              return "redis-test-module";
            }

            @Override
            public ModuleManifest manifest() {
              return ModuleManifest.of(name()).counters(lock, marker).build();
            }

            @Override
            public void installInto(Gatehouse.Builder builder) {}
          };
      try (Gatehouse gatehouse =
          Gatehouse.builder(GatehouseConfig.defaults(), routed).install(module).build()) {
        assertThat(gatehouse.counters()).contains(lock, marker, Counters.BOOTSTRAP);
      }
      assertThat(defaults.heldInRedisByDefault(lock.key("s"))).isFalse();
      assertThat(defaults.heldInRedisByDefault(marker.key("s"))).isTrue();
      routed.inTransaction(tx -> tx.counters().increment(lock.key("s"), NOW, WINDOW));
      assertThat(redis.client.exists(redis.prefix + lock.key("s"))).isFalse();
      Optional<CounterState> inDatabase =
          database.inTransaction(tx -> tx.counters().find(lock.key("s")));
      assertThat(inDatabase).isPresent();
    }
  }

  @Test
  void scriptsForgottenByARestartedRedisAreLoadedAgain() {
    String key = key();
    store.inTransaction(tx -> tx.counters().increment(key, NOW, WINDOW));
    redis.client.scriptFlush();
    assertThat(store.inTransaction(tx -> tx.counters().increment(key, NOW, WINDOW)).count())
        .isEqualTo(2);
  }

  @Test
  void anUnreachableRedisIsATypedUnavailabilityAndTheDatabaseRollsBack() {
    try (RedisCounters down =
        RedisCounters.builder(URI.create("redis://127.0.0.1:1")).keys(k -> true).build()) {
      AuthStore broken = down.store(database);
      String email = "nobody-" + UUID.randomUUID() + "@example.com";
      assertThatThrownBy(
              () ->
                  broken.inTransaction(
                      tx -> {
                        tx.users()
                            .create(
                                UserRecord.newAccount(NOW)
                                    .email(email, email)
                                    .passwordHash("h")
                                    .build());
                        return tx.counters().increment(key(), NOW, WINDOW);
                      }))
          .isInstanceOf(AuthInfrastructureException.class)
          .hasMessageContaining("Redis");
      Optional<UserRecord> user = database.inTransaction(tx -> tx.users().findByEmail(email));
      assertThat(user).isEmpty();
    }
  }

  @Test
  void theDecoratorPassesOnEveryMethodOfTheStoreAndItsTransactions() {
    assertOverridesAll(AuthStore.class, CountingStore.class);
    Class<?> transaction =
        Arrays.stream(CountingStore.class.getDeclaredClasses())
            .filter(StoreTransaction.class::isAssignableFrom)
            .findFirst()
            .orElseThrow();
    assertOverridesAll(StoreTransaction.class, transaction);
  }

  private static void assertOverridesAll(Class<?> api, Class<?> impl) {
    for (Method m : api.getMethods()) {
      if (Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      assertThat(
              Arrays.stream(impl.getDeclaredMethods())
                  .anyMatch(
                      d ->
                          d.getName().equals(m.getName())
                              && Arrays.equals(d.getParameterTypes(), m.getParameterTypes())))
          .as(impl.getSimpleName() + " passes on " + m)
          .isTrue();
    }
  }
}
