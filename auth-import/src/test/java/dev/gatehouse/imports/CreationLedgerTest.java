package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.imports.Importer.RunReport;
import dev.gatehouse.imports.api.ImportOptions.ConflictPolicy;
import dev.gatehouse.imports.api.RollbackOptions;
import dev.gatehouse.imports.api.RollbackOptions.RollbackRefusedException;
import dev.gatehouse.imports.api.RollbackOptions.RollbackReport;
import dev.gatehouse.imports.internal.LedgerIds;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A created account is recorded by its {@code CREATED} mapping row alone (no {@code USER_CREATED}
 * change row), and rollback still finds it: deletes it, names the runs that depend on it and
 * refuses while it has sessions. Ledgers written by earlier builds, which also hold the change row,
 * roll back the same way.
 */
@OneDatabase(
    "how a creation is recorded; rollback on each database is ResumeAndRollbackTest's and RollbackSafetyTest's")
class CreationLedgerTest {

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void aCreationWritesItsMappingRowAndNoChangeRowAndRollsBackFromIt(DatabaseKind kind)
      throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      List<String> empty = f.accountTables();
      RunReport run =
          f.importer.run(
              DjangoImportTest.sqlite(), DjangoImportTest.options(ConflictPolicy.MERGE).build());
      assertThat(run.created()).isPositive();
      assertThat(f.count("select count(*) from gh_import_mapping where action = 'CREATED'"))
          .isEqualTo(run.created());
      assertThat(f.count("select count(*) from gh_import_change where kind = 'USER_CREATED'"))
          .isZero();
      // One marker per batch, its last change row: a rollback by 0.1.0 meets it in the newest
      // batch first and refuses instead of leaving the created accounts behind.
      assertThat(
              f.count(
                  "select count(*) from gh_import_change where kind = 'CREATIONS_IN_MAPPINGS'"
                      + " and user_public_id = batch_id"))
          .isEqualTo(
              f.count("select count(*) from gh_import_batch where run_id = '" + run.runId() + "'"))
          .isPositive();
      assertThat(
              f.count(
                  "select count(*) from gh_import_change m, gh_import_change c"
                      + " where m.kind = 'CREATIONS_IN_MAPPINGS' and c.batch_id = m.batch_id"
                      + " and c.seq > m.seq"))
          .isZero();

      f.clock.advance(Duration.ofHours(1));
      RollbackSafetyTest.startSession(f, f.importer.resolve("django", "2").orElseThrow());
      List<String> used = f.accountTables();
      assertThatThrownBy(() -> f.importer.rollbackRun(run.runId()))
          .isInstanceOf(RollbackRefusedException.class)
          .satisfies(e -> assertThat(((RollbackRefusedException) e).usedAccounts()).isEqualTo(1));
      assertThat(f.accountTables()).isEqualTo(used);

      RollbackReport r = f.importer.rollbackRun(run.runId(), RollbackOptions.defaults().forced());
      assertThat(r.deletedUsers()).isEqualTo((int) run.created());
      assertThat(f.accountTables()).isEqualTo(empty);
      assertThat(f.count("select count(*) from gh_session")).isZero();
      assertThat(f.count("select count(*) from gh_import_mapping")).isZero();
    }
  }

  /**
   * An account a run created and then merged a later record into is deleted by the rollback. Within
   * one batch it is only deleted; when the merge came in a later batch, that batch's rollback first
   * restores its before-image and the earlier batch's then deletes it, so it counts in both (as
   * {@link RollbackReport} says).
   */
  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void anAccountCreatedAndThenMergedIntoIsDeletedAndCountedAsRestoredOnlyAcrossBatches(
      DatabaseKind kind) throws Exception {
    for (int batchSize : new int[] {10_000, 1}) {
      try (ImportFixture f = ImportFixture.create(kind)) {
        List<String> empty = f.accountTables();
        RunReport run =
            f.importer.run(
                DjangoImportTest.sqlite(),
                DjangoImportTest.options(ConflictPolicy.MERGE).batchSize(batchSize).build());
        // The target was empty: every update merged into an account this run created.
        assertThat(run.updated()).as("merges, batch size %d", batchSize).isPositive();
        assertThat(run.batches()).isEqualTo(batchSize == 1 ? run.records() : 1);
        long changes = f.count("select count(*) from gh_import_change where kind = 'USER_UPDATED'");
        // A merge that changed nothing (the account kept its identifiers and credential) has
        // nothing to undo and writes no change row.
        assertThat(changes).isPositive().isLessThanOrEqualTo(run.updated());

        RollbackReport r = f.importer.rollbackRun(run.runId());
        assertThat(r.deletedUsers()).isEqualTo((int) run.created());
        assertThat(r.restoredUsers())
            .as("batch size %d", batchSize)
            .isEqualTo(batchSize == 1 ? (int) changes : 0);
        assertThat(f.accountTables()).isEqualTo(empty);
      }
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void aLedgerWithTheEarlierBuildsCreationRowsRollsBackEachAccountOnce(DatabaseKind kind)
      throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      List<String> empty = f.accountTables();
      RunReport[] runs = RollbackSafetyTest.importTwice(f);
      long earlierRows = writeEarlierBuildsCreationRows(f);
      assertThat(earlierRows).isEqualTo(runs[0].created() + runs[1].created());

      assertThatThrownBy(() -> f.importer.rollbackRun(runs[0].runId()))
          .isInstanceOf(RollbackRefusedException.class)
          .satisfies(
              e ->
                  assertThat(((RollbackRefusedException) e).dependentRuns())
                      .containsExactly(runs[1].runId()));

      RollbackReport r =
          f.importer.rollbackRun(runs[0].runId(), RollbackOptions.defaults().includingDependents());
      assertThat(r.deletedUsers()).isEqualTo((int) (runs[0].created() + runs[1].created()));
      assertThat(f.accountTables()).isEqualTo(empty);
      assertThat(f.count("select count(*) from gh_import_mapping")).isZero();
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void aChangeKindThisBuildDoesNotKnowRefusesTheRollbackAndChangesNothing(DatabaseKind kind)
      throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      RunReport run =
          f.importer.run(
              DjangoImportTest.sqlite(), DjangoImportTest.options(ConflictPolicy.MERGE).build());
      String newest =
          f.rowsOf(
                  "select id from gh_import_batch where run_id = '"
                      + run.runId()
                      + "' order by seq desc")
              .get(0);
      try (Connection c = f.db.connect();
          PreparedStatement insert =
              c.prepareStatement(
                  "insert into gh_import_change (id, batch_id, seq, kind, user_public_id)"
                      + " values (?, ?, 100000, 'FROM_A_LATER_BUILD', ?)")) {
        insert.setString(1, LedgerIds.next());
        insert.setString(2, newest);
        insert.setString(3, newest);
        insert.executeUpdate();
      }
      List<String> accounts = f.accountTables();
      List<String> mappings = f.rows("gh_import_mapping");

      assertThatThrownBy(() -> f.importer.rollbackRun(run.runId()))
          .hasMessageContaining("FROM_A_LATER_BUILD");
      assertThat(f.accountTables()).isEqualTo(accounts);
      assertThat(f.rows("gh_import_mapping")).isEqualTo(mappings);
    }
  }

  /**
   * Makes the ledger look as 0.1.0 wrote it: no marker rows, and a {@code USER_CREATED} row per
   * created account placed before the batch's other change rows (a creation precedes any merge into
   * the created account; the batch's own rows keep their order after it).
   */
  private static long writeEarlierBuildsCreationRows(ImportFixture f) throws Exception {
    long written = 0;
    try (Connection c = f.db.connect();
        Statement s = c.createStatement()) {
      s.executeUpdate("delete from gh_import_change where kind = 'CREATIONS_IN_MAPPINGS'");
      s.executeUpdate("update gh_import_change set seq = seq + 100000");
      java.util.Map<String, Integer> seq = new java.util.HashMap<>();
      try (ResultSet rs =
              s.executeQuery(
                  "select batch_id, user_public_id from gh_import_mapping"
                      + " where action = 'CREATED' order by id");
          PreparedStatement insert =
              c.prepareStatement(
                  "insert into gh_import_change (id, batch_id, seq, kind, user_public_id)"
                      + " values (?, ?, ?, 'USER_CREATED', ?)")) {
        while (rs.next()) {
          String batch = rs.getString(1);
          insert.setString(1, LedgerIds.next());
          insert.setString(2, batch);
          insert.setInt(3, seq.merge(batch, 1, Integer::sum));
          insert.setString(4, rs.getString(2));
          insert.executeUpdate();
          written++;
        }
      }
    }
    return written;
  }
}
