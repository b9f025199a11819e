package dev.gatehouse.jpa.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.store.OutboxStore.NewOutboxMessage;
import dev.gatehouse.core.store.OutboxStore.Priority;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A dispatcher's question for the interactive messages alone reads the outbox's index on status,
 * priority and due time on every database, behind thousands of waiting notices: the plan, not a
 * timing, shows that finding a code does not grow with the notice backlog.
 */
class OutboxDueIndexTest {
  private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");
  private static final int NOTICES = 3000;

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void theInteractiveMessagesAreFoundThroughTheIndexBehindThousandsOfNotices(DatabaseKind kind)
      throws SQLException {
    CountingDataSource counter = CountingDataSource.create();
    try (JpaFixture f = JpaFixture.create(kind, counter::wrap)) {
      f.store.inTransaction(
          tx -> {
            for (int i = 0; i < NOTICES; i++) {
              tx.outbox().enqueue(message("n***@example.com", Priority.BACKGROUND));
            }
            for (int i = 0; i < 3; i++) {
              tx.outbox().enqueue(message("+44*******12", Priority.INTERACTIVE));
            }
            return null;
          });
      try (Connection c = f.db.connect();
          Statement s = c.createStatement()) {
        s.execute(
            switch (kind) {
              case H2 -> "ANALYZE";
              case POSTGRESQL -> "ANALYZE gh_outbox";
              case MARIADB -> "ANALYZE TABLE gh_outbox";
            });
      }
      counter.take();
      List<Long> due =
          f.store.inTransaction(tx -> tx.outbox().due(AT.plusSeconds(1), 20, Priority.INTERACTIVE));
      assertThat(due).hasSize(3);
      String query =
          counter.take().stream()
              .filter(q -> q.contains("from gh_outbox o"))
              .findFirst()
              .orElseThrow();
      // The store binds the priority's rank, then the time twice.
      String literal = query.replaceFirst("\\?", "0").replace("?", "CURRENT_TIMESTAMP");
      StringBuilder plan = new StringBuilder();
      String keyOfTheOutbox = null;
      try (Connection c = f.db.connect();
          Statement s = c.createStatement();
          ResultSet r = s.executeQuery("EXPLAIN " + literal)) {
        int columns = r.getMetaData().getColumnCount();
        while (r.next()) {
          for (int i = 1; i <= columns; i++) {
            plan.append(r.getString(i)).append(' ');
          }
          plan.append('\n');
          if (kind == DatabaseKind.MARIADB && "o".equals(r.getString("table"))) {
            keyOfTheOutbox = r.getString("key");
          }
        }
      }
      String read = plan.toString().toLowerCase(Locale.ROOT);
      // The outer read of gh_outbox, not the write-back check's subquery, must go through it.
      switch (kind) {
        case H2 ->
            assertThat(read)
                .as("the plan of %s", literal)
                .containsPattern("\"o\"\\s*/\\* public\\.ix_gh_outbox_due_priority");
        case POSTGRESQL ->
            assertThat(read)
                .as("the plan of %s", literal)
                .containsPattern("index cond: [^\\n]*priority <= 0");
        case MARIADB ->
            assertThat(keyOfTheOutbox)
                .as("the plan of %s: %s", literal, read)
                .isEqualToIgnoringCase("ix_gh_outbox_due_priority");
      }
    }
  }

  private static NewOutboxMessage message(String destination, Priority priority) {
    return new NewOutboxMessage(
        priority == Priority.INTERACTIVE ? "sms" : "email",
        "index",
        destination,
        "logged text",
        new byte[] {1, 2, 3},
        null,
        null,
        1,
        AT,
        priority);
  }
}
