package dev.gatehouse.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.store.CounterStore;
import dev.gatehouse.core.store.CounterStore.CounterState;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.jpa.fixture.JpaFixtures;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A login's two counters in one statement: the counting ({@link
 * StoreTransaction#incrementCounters}) and the settlement of a success ({@link
 * StoreTransaction#decrementAndClearCounters}) change the counters and answer exactly what the
 * interface's defaults, the single statements, do.
 */
class CounterPairStatementsTest {
  private static final JpaFixtures FIXTURES = new JpaFixtures();
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  private static final Duration WINDOW = Duration.ofMinutes(15);

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  /** Hits and lock of the bucket to decrement, hits and lock of the bucket to clear, key order. */
  private record Case(
      int decrementHits,
      boolean decrementLocked,
      int clearHits,
      boolean locked,
      boolean clearKeyFirst) {}

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void oneSettlementStatementChangesTheCountersAsTheTwoSingleUpdatesDo(DatabaseKind kind) {
    JpaFixture f = FIXTURES.get(kind);
    List<Case> cases = new ArrayList<>();
    for (int hits : new int[] {0, 1, 3}) {
      for (boolean decrementLocked : new boolean[] {false, true}) {
        for (boolean locked : new boolean[] {false, true}) {
          for (boolean clearKeyFirst : new boolean[] {false, true}) {
            cases.add(new Case(hits, decrementLocked, hits + 1, locked, clearKeyFirst));
          }
        }
      }
    }
    for (Case c : cases) {
      List<CounterState> one = settle(f, c, StoreTransaction::counters);
      List<CounterState> byDefault =
          settle(f, c, tx -> StoreOperationsTest.countersDefaultsOnly(tx.counters()));
      assertThat(one).as("%s", c).isEqualTo(byDefault);
      assertThat(one.get(0).count()).as("%s", c).isEqualTo(Math.max(0, c.decrementHits() - 1));
      // A settlement takes a hit back from the decremented bucket and keeps its lock.
      assertThat(one.get(0).lockedUntil())
          .as("%s", c)
          .isEqualTo(c.decrementLocked() ? NOW.plusSeconds(60) : null);
      assertThat(one.get(1).count()).as("%s", c).isZero();
      assertThat(one.get(1).lockedUntil()).as("%s", c).isNull();
      // A bystander's counter is untouched.
      assertThat(one.get(2).count()).as("%s", c).isEqualTo(2);
      assertThat(one.get(2).lockedUntil()).as("%s", c).isEqualTo(NOW.plusSeconds(60));
    }
  }

  /** How a counter stands before the counting: missing, or with hits and maybe a lock. */
  private record Before(int hits, boolean locked) {}

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void oneCountingStatementCountsAsTheSingleIncrementsDo(DatabaseKind kind) {
    JpaFixture f = FIXTURES.get(kind);
    List<Before> befores =
        List.of(
            new Before(-1, false), new Before(0, false), new Before(3, false), new Before(3, true));
    // Inside the window, and after it ended.
    for (Instant at : List.of(NOW.plusSeconds(60), NOW.plus(WINDOW).plusSeconds(60))) {
      for (Before first : befores) {
        for (Before second : befores) {
          List<List<CounterState>> runs = new ArrayList<>();
          for (Function<StoreTransaction, CounterStore> view :
              List.<Function<StoreTransaction, CounterStore>>of(
                  StoreTransaction::counters,
                  tx -> StoreOperationsTest.countersDefaultsOnly(tx.counters()))) {
            String run = UUID.randomUUID().toString();
            List<String> keys = List.of("count:b:" + run, "count:a:" + run);
            setUp(f, keys.get(0), first);
            setUp(f, keys.get(1), second);
            List<CounterState> answered =
                f.store.inTransaction(tx -> view.apply(tx).incrementAll(keys, at, WINDOW));
            assertThat(answered).extracting(CounterState::key).isEqualTo(keys);
            List<CounterState> stored = keys.stream().map(k -> state(f, k)).toList();
            assertThat(answered).as("answered as stored").isEqualTo(stored);
            runs.add(stored.stream().map(CounterPairStatementsTest::keyless).toList());
          }
          assertThat(runs.get(0)).as("%s, %s at %s", first, second, at).isEqualTo(runs.get(1));
        }
      }
    }
  }

  private static void setUp(JpaFixture f, String key, Before before) {
    if (before.hits() >= 0) {
      count(f, key, before.hits(), before.locked());
    }
  }

  private static CounterState keyless(CounterState s) {
    return new CounterState("", s.count(), s.windowStart(), s.lockedUntil());
  }

  /** One statement that names a row twice counts it once or twice, depending on the database. */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aCountingThatListsAKeyTwiceIsRejected(DatabaseKind kind) {
    JpaFixture f = FIXTURES.get(kind);
    String key = "count:twice:" + UUID.randomUUID();
    assertThatThrownBy(
            () ->
                f.store.inTransaction(
                    tx ->
                        tx.counters()
                            .incrementAll(List.of(key, "count:other:" + key, key), NOW, WINDOW)))
        .isInstanceOf(IllegalArgumentException.class);
    Optional<CounterState> after = f.store.inTransaction(tx -> tx.counters().find(key));
    assertThat(after).isEmpty();
  }

  /** Either bucket may be missing: the other is settled alone. */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aSettlementOfOneBucketChangesOnlyThatOne(DatabaseKind kind) {
    JpaFixture f = FIXTURES.get(kind);
    String decrement = "settle:b:" + UUID.randomUUID();
    String clear = "settle:a:" + UUID.randomUUID();
    count(f, decrement, 2, true);
    count(f, clear, 2, true);
    f.store.inTransaction(
        tx -> {
          tx.counters().decrementAndClear(decrement, null);
          return null;
        });
    assertThat(state(f, decrement).count()).isEqualTo(1);
    assertThat(state(f, decrement).lockedUntil()).isEqualTo(NOW.plusSeconds(60));
    assertThat(state(f, clear).count()).isEqualTo(2);
    f.store.inTransaction(
        tx -> {
          tx.counters().decrementAndClear(null, clear);
          return null;
        });
    assertThat(state(f, decrement).count()).isEqualTo(1);
    assertThat(state(f, clear).count()).isZero();
    assertThat(state(f, clear).lockedUntil()).isNull();
  }

  /**
   * Counters for {@code c} settled through {@code view}: the decremented, cleared and bystander.
   */
  private static List<CounterState> settle(
      JpaFixture f, Case c, Function<StoreTransaction, CounterStore> view) {
    String run = UUID.randomUUID().toString();
    String decrement = (c.clearKeyFirst() ? "settle:b:" : "settle:a:") + run;
    String clear = (c.clearKeyFirst() ? "settle:a:" : "settle:b:") + run;
    String bystander = "settle:c:" + run;
    count(f, decrement, c.decrementHits(), c.decrementLocked());
    count(f, clear, c.clearHits(), c.locked());
    count(f, bystander, 2, true);
    f.store.inTransaction(
        tx -> {
          view.apply(tx).decrementAndClear(decrement, clear);
          return null;
        });
    // Compared without the keys, which differ between the runs.
    return List.of(decrement, clear, bystander).stream()
        .map(k -> state(f, k))
        .map(CounterPairStatementsTest::keyless)
        .toList();
  }

  /** A counter of {@code key} with {@code hits} hits (the row exists even at zero). */
  private static void count(JpaFixture f, String key, int hits, boolean locked) {
    f.store.inTransaction(
        tx -> {
          tx.counters().prepare(List.of(key), NOW);
          for (int i = 0; i < hits; i++) {
            tx.counters().increment(key, NOW, WINDOW);
          }
          if (locked) {
            tx.counters().lock(key, NOW.plusSeconds(60));
          }
          return null;
        });
  }

  private static CounterState state(JpaFixture f, String key) {
    return f.store.inTransaction(tx -> tx.counters().find(key)).orElseThrow();
  }
}
