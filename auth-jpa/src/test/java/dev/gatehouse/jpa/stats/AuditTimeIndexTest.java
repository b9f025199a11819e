package dev.gatehouse.jpa.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.core.store.AuditStore.EventCount;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The statistics' count of one day reads the audit trail's index on time on every database, behind
 * thousands of entries of other days: the plan, not a timing, shows that a day's count does not
 * grow with the trail (docs/BENCHMARKS.md has the figures on a million rows).
 */
class AuditTimeIndexTest {
  private static final Instant DAY = Instant.parse("2032-06-10T00:00:00Z");
  private static final int ENTRIES = 3000;

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void oneDaysCountIsAnsweredFromTheTimeIndexBehindThousandsOfEntries(DatabaseKind kind)
      throws SQLException {
    CountingDataSource counter = CountingDataSource.create();
    try (JpaFixture f = JpaFixture.create(kind, counter::wrap)) {
      UUID subject = UUID.randomUUID();
      f.store.inTransaction(
          tx -> {
            // Three hundred days of ten entries each, the counted day among them.
            for (int i = 0; i < ENTRIES; i++) {
              Instant at = DAY.minus(Duration.ofDays(150)).plus(Duration.ofMinutes(144L * i));
              tx.audit()
                  .append(
                      new AuditEntry(
                          at,
                          i % 3 == 0 ? "LoginFailed" : "LoggedIn",
                          subject,
                          "user",
                          "pwd",
                          null,
                          null,
                          null,
                          null,
                          null));
            }
            return null;
          });
      try (Connection c = f.db.connect();
          Statement s = c.createStatement()) {
        s.execute(
            switch (kind) {
              case H2 -> "ANALYZE";
              case POSTGRESQL -> "ANALYZE gh_audit_event";
              case MARIADB -> "ANALYZE TABLE gh_audit_event";
            });
      }
      counter.take();
      Set<String> events = Set.of("LoggedIn");
      List<EventCount> counts =
          f.store.inTransaction(tx -> tx.audit().count(DAY, DAY.plus(Duration.ofDays(1)), events));
      assertThat(counts).containsExactly(new EventCount("LoggedIn", "pwd", 6));
      String query =
          counter.take().stream()
              .filter(q -> q.contains("from gh_audit_event"))
              .findFirst()
              .orElseThrow();
      String literal =
          query
              .replaceFirst("\\?", time(kind, "2032-06-10 00:00:00"))
              .replaceFirst("\\?", time(kind, "2032-06-11 00:00:00"))
              .replace("?", "'LoggedIn'");
      StringBuilder plan = new StringBuilder();
      String key = null;
      try (Connection c = f.db.connect();
          Statement s = c.createStatement();
          ResultSet r = s.executeQuery("EXPLAIN " + literal)) {
        int columns = r.getMetaData().getColumnCount();
        while (r.next()) {
          for (int i = 1; i <= columns; i++) {
            plan.append(r.getString(i)).append(' ');
          }
          plan.append('\n');
          if (kind == DatabaseKind.MARIADB) {
            key = r.getString("key");
          }
        }
      }
      String read = plan.toString().toLowerCase(Locale.ROOT);
      switch (kind) {
        case H2 ->
            assertThat(read)
                .as("the plan of %s", literal)
                .contains("public.ix_gh_audit_event_time");
        case POSTGRESQL ->
            assertThat(read)
                .as("the plan of %s", literal)
                .containsPattern("index (only )?scan using ix_gh_audit_event_time")
                .doesNotContain("seq scan");
        case MARIADB ->
            assertThat(key)
                .as("the plan of %s: %s", literal, read)
                .isEqualToIgnoringCase("ix_gh_audit_event_time");
      }
    }
  }

  private static String time(DatabaseKind kind, String at) {
    return kind == DatabaseKind.MARIADB
        ? "TIMESTAMP '" + at + "'"
        : "TIMESTAMP WITH TIME ZONE '" + at + "+00'";
  }
}
