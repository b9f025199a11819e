package dev.gatehouse.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.error.AuthException.StorageConflictException;
import dev.gatehouse.core.store.CounterStore;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.jpa.fixture.JpaFixtures;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * What the JPA store does beyond the store contract every store passes ({@code AuthStoreContract}
 * of auth-testing, run here by {@link JpaStoreContractTest}): a deadlock between two of its
 * transactions ends one of them as a retryable storage conflict that wrote nothing.
 */
class StoreOperationsTest {
  private static final JpaFixtures FIXTURES = new JpaFixtures();
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Two transactions of the store's own that take two counters in opposite orders deadlock: the one
   * the database ends fails with a {@link StorageConflictException} ({@code storage_failed},
   * retryable) and wrote nothing, and the other commits.
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aDeadlockEndsOneTransactionAsAStorageConflictThatWroteNothing(DatabaseKind kind)
      throws Exception {
    JpaFixture f = FIXTURES.get(kind);
    String a = unique("deadlock:a:");
    String b = unique("deadlock:b:");
    Duration window = Duration.ofMinutes(15);
    f.store.inTransaction(
        tx -> {
          tx.counters().increment(a, NOW, window);
          return tx.counters().increment(b, NOW, window);
        });
    CountDownLatch bothHoldOne = new CountDownLatch(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (List<String> order : List.of(List.of(a, b), List.of(b, a))) {
        runs.add(
            pool.submit(
                () ->
                    f.store.inNewTransaction(
                        tx -> {
                          tx.counters().increment(order.get(0), NOW, window);
                          bothHoldOne.countDown();
                          try {
                            assertThat(bothHoldOne.await(1, TimeUnit.MINUTES)).isTrue();
                          } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                          }
                          return tx.counters().increment(order.get(1), NOW, window);
                        })));
      }
      List<Throwable> failures = new ArrayList<>();
      for (Future<?> run : runs) {
        try {
          run.get(2, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
          failures.add(e.getCause());
        }
      }
      assertThat(failures)
          .singleElement()
          .isInstanceOfSatisfying(
              StorageConflictException.class,
              e -> {
                assertThat(e.code()).isEqualTo("storage_failed");
                assertThat(e.retryable()).isTrue();
              });
    } finally {
      pool.shutdownNow();
    }
    for (String key : List.of(a, b)) {
      assertThat(f.store.inTransaction(tx -> tx.counters().find(key)).orElseThrow().count())
          .as(key)
          .isEqualTo(2);
    }
  }

  /**
   * {@code counters} with every method of its own except those the interface implements by default.
   */
  static CounterStore countersDefaultsOnly(CounterStore counters) {
    return defaultsOnly(counters, CounterStore.class);
  }

  private static <T> T defaultsOnly(T target, Class<T> type) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) ->
                method.isDefault()
                    ? InvocationHandler.invokeDefault(proxy, method, args)
                    : method.invoke(target, args)));
  }
}
