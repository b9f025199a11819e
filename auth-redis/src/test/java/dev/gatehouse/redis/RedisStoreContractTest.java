package dev.gatehouse.redis;

import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.testing.AuthStoreContract;
import dev.gatehouse.testing.InMemoryAuthStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The contract every store passes, on the in-memory store with every counter in Redis: the
 * counters' tests (fifty concurrent hits count fifty, a window restarts, prepared counters) run on
 * the Redis scripts.
 */
class RedisStoreContractTest extends AuthStoreContract {
  private static TestRedis redis;
  private static RedisCounters counters;
  private static AuthStore store;

  @BeforeAll
  static void open() {
    redis = TestRedis.open();
    counters = redis.counters().build();
    store = counters.store(new InMemoryAuthStore());
  }

  @AfterAll
  static void close() {
    if (redis != null) {
      counters.close();
      redis.close();
    }
  }

  @Override
  public AuthStore store() {
    return store;
  }
}
