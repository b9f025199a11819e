package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.imports.Importer.RunReport;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.ImportRunLockLostException;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.source.MongoUsersSource;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Issue 18 leftovers: a run holds its source's lock on a connection that sits idle in a
 * transaction, which a server idle timeout (PostgreSQL's {@code
 * idle_in_transaction_session_timeout}, MariaDB's {@code wait_timeout}) or an operator can end
 * under it. The run notices before the next batch commits, stops with a typed error, and the next
 * run resumes it.
 */
class RunLockLivenessTest {
  private static final ImportOptions OPTIONS =
      ImportOptions.builder("biograph").batchSize(10).build();

  private static LegacySource users() {
    return MongoUsersSource.of(ImportFixture.sample("mongo-biograph/users.jsonl"));
  }

  /**
   * Ends the session that holds the run lock, as the server does at an idle timeout, and returns
   * once it has ended. Between batches the lock's transaction is the only one open on the database.
   */
  static void endLockSession(ImportFixture f) throws SQLException {
    try (Connection c = f.db.connect()) {
      switch (f.db.kind()) {
        case H2 -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "select abort_session(session_id) from information_schema.sessions"
                      + " where contains_uncommitted and session_id <> session_id()")) {
            // ABORT_SESSION returns once the session is closed.
            assertThat(booleans(s)).containsExactly(true);
          }
        }
        case POSTGRESQL -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "select pg_terminate_backend(pid, 30000) from pg_locks"
                      + " where relation = to_regclass(?) and pid <> pg_backend_pid()"
                      + " and mode = 'RowShareLock'")) {
            s.setString(1, f.db.name() + ".gh_import_lock");
            // With a timeout, pg_terminate_backend returns once the backend has exited.
            assertThat(booleans(s)).containsExactly(true);
          }
        }
        case MARIADB -> {
          List<String> holders;
          try (PreparedStatement s =
              c.prepareStatement(
                  "select t.trx_mysql_thread_id from information_schema.innodb_trx t"
                      + " join information_schema.processlist p on p.id = t.trx_mysql_thread_id"
                      + " where p.db = ?")) {
            s.setString(1, f.db.name());
            holders = column(s);
          }
          assertThat(holders).hasSize(1);
          long id = Long.parseLong(holders.get(0));
          try (Statement s = c.createStatement()) {
            s.execute("KILL CONNECTION " + id);
          }
          // KILL returns before the thread has gone: wait for it (bounded), as the next statement
          // on the lock's connection must meet a closed connection.
          long deadline = System.nanoTime() + 30_000_000_000L;
          while (!column(c, "select id from information_schema.processlist where id = " + id)
              .isEmpty()) {
            assertThat(System.nanoTime()).as("killed session still listed").isLessThan(deadline);
          }
        }
        default -> throw new IllegalArgumentException(f.db.kind().toString());
      }
    }
  }

  private static List<String> column(Connection c, String sql) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      return column(s);
    }
  }

  private static List<String> column(PreparedStatement s) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  private static List<Boolean> booleans(PreparedStatement s) throws SQLException {
    List<Boolean> out = new ArrayList<>();
    try (ResultSet rs = s.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getBoolean(1));
      }
    }
    return out;
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void aRunWhoseLockSessionEndsStopsBeforeTheNextBatchCommitsAndTheNextRunResumesIt(
      DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      List<Integer> committed = new ArrayList<>();
      assertThatThrownBy(
              () ->
                  f.importer.run(
                      users(),
                      OPTIONS,
                      (seq, last) -> {
                        committed.add(seq);
                        if (seq == 1) {
                          try {
                            endLockSession(f);
                          } catch (SQLException e) {
                            throw new IllegalStateException(e);
                          }
                        }
                        return true;
                      }))
          .isInstanceOfSatisfying(
              ImportRunLockLostException.class,
              e -> {
                assertThat(e.sourceName()).isEqualTo("biograph");
                assertThat(e.getMessage())
                    .contains("run lock of source biograph was lost")
                    .contains("run the import again to resume");
              });
      String runId = f.rowsOf("select id from gh_import_run").get(0);

      // Batch 2 was written but rolled back: only batch 1 is committed, and the run is left
      // resumable, as a killed process leaves it.
      assertThat(committed).containsExactly(1);
      assertThat(f.rowsOf("select seq from gh_import_batch")).containsExactly("1");
      assertThat(f.rowsOf("select status from gh_import_run")).containsExactly("RUNNING");
      long afterBatch1 = f.count("select count(*) from gh_import_mapping");
      assertThat(afterBatch1).isBetween(1L, 10L);

      if (kind == DatabaseKind.H2) {
        // An aborted H2 session's connection fails with H2's own state (90121), which the test's
        // pool does not take for a dead connection, as it does PostgreSQL's and MariaDB's: drop it.
        ((com.zaxxer.hikari.HikariDataSource) f.db.dataSource())
            .getHikariPoolMXBean()
            .softEvictConnections();
      }
      RunReport resumed = f.importer.run(users(), OPTIONS);
      assertThat(resumed.completed()).as(resumed.toString()).isTrue();
      assertThat(resumed.runId()).isEqualTo(runId);
      assertThat(resumed.resumedFromPosition()).isEqualTo(10);
      assertThat(f.count("select count(*) from gh_import_run")).isEqualTo(1);
      assertThat(f.count("select count(*) from gh_import_mapping")).isGreaterThan(afterBatch1);

      // Nothing was imported twice: a fresh import of the same file maps as many records.
      try (ImportFixture fresh = ImportFixture.create(kind)) {
        fresh.importer.run(users(), OPTIONS);
        assertThat(f.count("select count(*) from gh_import_mapping"))
            .isEqualTo(fresh.count("select count(*) from gh_import_mapping"));
        assertThat(f.count("select count(*) from gh_user"))
            .isEqualTo(fresh.count("select count(*) from gh_user"));
      }
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void aRunWhoseLockSessionStaysCompletesAsBefore(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      RunReport run = f.importer.run(users(), OPTIONS);
      assertThat(run.completed()).as(run.toString()).isTrue();
      assertThat(run.batches()).isEqualTo(10);
      // The lock was released: the next run goes ahead and finds everything imported.
      RunReport again = f.importer.run(users(), OPTIONS);
      assertThat(again.completed()).isTrue();
      assertThat(again.created()).isZero();
    }
  }
}
