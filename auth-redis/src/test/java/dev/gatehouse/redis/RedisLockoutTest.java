package dev.gatehouse.redis;

import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreFixture;
import dev.gatehouse.core.flows.account.AccountTests;
import dev.gatehouse.core.flows.session.Race;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.signin.Counters;
import dev.gatehouse.core.store.CounterStore.CounterState;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * An attacker's parallel guesses on two Gatehouse instances that share one database and one Redis:
 * the login throttle's counters in Redis count exactly as the database's rows do.
 */
class RedisLockoutTest {
  private final List<AutoCloseable> open = new ArrayList<>();
  private TestRedis redis;

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  /** Two instances, each with its own Redis client, on one database and one clock instant. */
  private List<GatehouseFixture> instances(DatabaseKind kind, int maxPerIp) {
    redis = TestRedis.open();
    open.add(redis);
    JpaFixture db = JpaFixture.create(kind);
    open.add(db);
    List<GatehouseFixture> g = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      RedisCounters counters = RedisCounters.builder(redis.uri).keyPrefix(redis.prefix).build();
      open.add(counters);
      g.add(
          new GatehouseFixture(
              new StoreFixture(counters.store(db.store)),
              b ->
                  b.set(ThrottleSettings.LOGIN_MAX_FAILURES, 10)
                      .set(ThrottleSettings.LOGIN_DELAY_AFTER, 9)
                      .set(ThrottleSettings.LOGIN_MAX_FAILURES_PER_IP, maxPerIp)));
    }
    g.get(1).clock.set(g.get(0).clock.instant());
    return g;
  }

  /**
   * Forty guesses at once, spread over the two instances: the ninth failure starts a delay, so nine
   * passwords are evaluated and the rest refused uncounted; after the delay, twenty more at once:
   * one is evaluated, reaches the limit and locks the account, once, and the others are refused.
   */
  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void parallelWrongPasswordsOnTwoInstancesCountExactlyAndLockOnce(DatabaseKind kind)
      throws Exception {
    List<GatehouseFixture> g = instances(kind, 1000);
    String email = "redis-lock-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    UUID id = confirmed(g.get(0), email);
    long before = hashes(g);

    Map<String, Integer> burst = tally(Race.run(guesses(g, email, 40, "198.51.100.")));

    assertThat(burst).isEqualTo(Map.of("invalid_credentials", 9, "rate_limited", 31));
    assertThat(hashes(g) - before).isEqualTo(9);
    assertThat(failures(g.get(1), id)).isEqualTo(9);
    g.forEach(f -> f.clock.advance(Duration.ofSeconds(1)));

    Map<String, Integer> last = tally(Race.run(guesses(g, email, 20, "203.0.113.")));

    assertThat(last).isEqualTo(Map.of("invalid_credentials", 1, "account_locked", 19));
    assertThat(hashes(g) - before).isEqualTo(10);
    assertThat(failures(g.get(0), id)).isEqualTo(10);
    assertThat(lockEvents(g)).isEqualTo(1);
    // Locked on both instances: the right password is refused too, and no password is hashed.
    List<Callable<Object>> locked = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      GatehouseFixture node = g.get(i % 2);
      locked.add(
          () ->
              node.gatehouse
                  .accounts()
                  .login(
                      new LoginRequest(
                          email, AccountTests.PASSWORD, ClientInfo.web("203.0.113.7"))));
    }
    long beforeLocked = hashes(g);
    assertThat(tally(Race.run(locked))).isEqualTo(Map.of("account_locked", 20));
    assertThat(hashes(g)).isEqualTo(beforeLocked);
    assertThat(failures(g.get(0), id)).isEqualTo(10);
    assertThat(lockEvents(g)).isEqualTo(1);
  }

  private static List<Callable<Object>> guesses(
      List<GatehouseFixture> g, String email, int n, String network) {
    List<Callable<Object>> guesses = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      GatehouseFixture node = g.get(i % 2);
      String ip = network + (i + 1);
      guesses.add(() -> node.gatehouse.accounts().login(wrong(email, ip)));
    }
    return guesses;
  }

  /**
   * An attempt refused for its network rolls its transaction back: in the database its account
   * increment goes with it, and the Redis counters put it back as well.
   */
  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void guessesRefusedForTheirNetworkAreNotCountedAgainstTheAccount(DatabaseKind kind)
      throws Exception {
    List<GatehouseFixture> g = instances(kind, 5);
    String email = "redis-ip-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    UUID id = confirmed(g.get(0), email);
    List<Callable<Object>> guesses = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      GatehouseFixture node = g.get(i % 2);
      guesses.add(() -> node.gatehouse.accounts().login(wrong(email, "198.51.100.77")));
    }

    Map<String, Integer> burst = tally(Race.run(guesses));

    assertThat(burst).isEqualTo(Map.of("invalid_credentials", 5, "rate_limited", 7));
    assertThat(failures(g.get(0), id)).isEqualTo(5);
    assertThat(
            g.get(0)
                .db
                .store
                .inTransaction(
                    tx -> tx.counters().find(Counters.LOGIN_NETWORK.key("198.51.100.77")))
                .map(CounterState::count))
        .contains(5L);
    assertThat(lockEvents(g)).isZero();
  }

  private static long failures(GatehouseFixture g, UUID id) {
    return AccountTests.failures(g, id);
  }

  private static long lockEvents(List<GatehouseFixture> g) {
    return g.stream()
        .mapToLong(f -> f.events.stream().filter(AuthEvent.Locked.class::isInstance).count())
        .sum();
  }

  private static long hashes(List<GatehouseFixture> g) {
    return g.stream().mapToLong(f -> f.gatehouse.passwordHashing().hashComputations()).sum();
  }

  private static LoginRequest wrong(String email, String ip) {
    return new LoginRequest(email, "wrong-password", ClientInfo.web(ip));
  }

  private static Map<String, Integer> tally(List<Object> results) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Object r : results) {
      String outcome =
          !(r instanceof Throwable t)
              ? "ok"
              : t instanceof AuthException e ? e.code() : "unexpected " + t;
      counts.merge(outcome, 1, Integer::sum);
    }
    return counts;
  }
}
