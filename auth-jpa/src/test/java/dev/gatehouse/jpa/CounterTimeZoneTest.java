package dev.gatehouse.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.store.CounterStore.CounterState;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The rate-limit counters keep their instants whatever the database session's time zone: a lock
 * written on a connection whose session runs far from UTC reads back as the same instant (on H2 a
 * {@code Timestamp} was stored in the session's zone, so a lock in Tokyo read back nine hours early
 * and never held).
 */
class CounterTimeZoneTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  /** Every connection's session set to Tokyo time, as on a JVM running there. */
  static DataSource inTokyo(DataSource plain) {
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result;
              try {
                result = method.invoke(plain, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              if (result instanceof Connection c) {
                try (Statement s = c.createStatement()) {
                  s.execute("SET TIME ZONE 'Asia/Tokyo'");
                }
              }
              return result;
            });
  }

  @Test
  void aLockWrittenInAnotherSessionTimeZoneHoldsUntilItsInstant() {
    try (JpaFixture f = JpaFixture.create(DatabaseKind.H2, CounterTimeZoneTest::inTokyo)) {
      Instant until = NOW.plus(Duration.ofMinutes(15));
      f.store.inTransaction(
          tx -> {
            CounterState first = tx.counters().increment("tz-key", NOW, Duration.ofHours(1));
            assertThat(first.windowStart()).isEqualTo(NOW);
            tx.counters().lock("tz-key", until);
            return null;
          });
      CounterState next =
          f.store.inTransaction(
              tx -> tx.counters().increment("tz-key", NOW.plusSeconds(60), Duration.ofHours(1)));
      assertThat(next.count()).isEqualTo(2);
      assertThat(next.windowStart()).isEqualTo(NOW);
      assertThat(next.lockedUntil()).isEqualTo(until);
    }
  }
}
