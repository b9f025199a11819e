package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.imports.Importer.RunReport;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.ImportOptions.ConflictPolicy;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.api.LegacySource.ImportSourceException;
import dev.gatehouse.imports.api.LegacySource.LegacyRecord;
import dev.gatehouse.imports.api.RollbackOptions.RollbackReport;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

class ResumeAndRollbackTest {

  /** The real Django source, failing like a lost connection after {@code failAfter} records. */
  static LegacySource failingAfter(int failAfter) {
    LegacySource real = DjangoImportTest.sqlite();
    return new LegacySource() {
      @Override
      public String describe() {
        return real.describe();
      }

      @Override
      public RecordStream open() {
        RecordStream s = real.open();
        return new RecordStream() {
          int read;

          @Override
          public boolean hasNext() {
            if (read >= failAfter) {
              throw new ImportSourceException("connection lost", new java.io.IOException("reset"));
            }
            return s.hasNext();
          }

          @Override
          public LegacyRecord next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            read++;
            return s.next();
          }

          @Override
          public void close() {
            s.close();
          }
        };
      }
    };
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void aRunThatDiesMidwayResumesWithNoDuplicateAndNoGap(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      ImportOptions options = DjangoImportTest.options(ConflictPolicy.MERGE).build();
      PlanReport plan = f.importer.plan(DjangoImportTest.sqlite(), options);

      RunReport first = f.importer.run(failingAfter(60), options);
      assertThat(first.status()).isEqualTo("FAILED");
      assertThat(first.error()).contains("connection lost");
      assertThat(first.records()).isEqualTo(50); // two batches of 25 committed, the third not
      assertThat(f.count("select count(*) from gh_import_mapping"))
          .isEqualTo(first.created() + first.updated());

      RunReport second = f.importer.run(DjangoImportTest.sqlite(), options);
      assertThat(second.runId()).isEqualTo(first.runId());
      assertThat(second.status()).isEqualTo("COMPLETED");
      assertThat(second.resumedFromPosition()).isEqualTo(50);
      assertThat(second.records()).isEqualTo(DjangoImportTest.USERS);
      assertThat(
              List.of(second.created(), second.updated(), second.skipped(), second.quarantined()))
          .isEqualTo(List.of(plan.create(), plan.update(), plan.skip(), plan.quarantine()));
      assertThat(f.count("select count(*) from gh_user")).isEqualTo(plan.create());
      assertThat(f.count("select count(distinct legacy_id) from gh_import_mapping"))
          .isEqualTo(plan.create() + plan.update());
      assertThat(f.count("select count(*) from gh_import_batch")).isEqualTo(5);
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void aRunStoppedAfterABatchResumesWhereItStopped(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      ImportOptions options = DjangoImportTest.options(ConflictPolicy.SKIP).batchSize(40).build();
      RunReport stopped =
          f.importer.run(DjangoImportTest.sqlite(), options, (seq, last) -> seq < 1);
      assertThat(stopped.status()).isEqualTo("STOPPED");
      assertThat(stopped.records()).isEqualTo(40);
      RunReport done = f.importer.run(DjangoImportTest.sqlite(), options);
      assertThat(done.status()).isEqualTo("COMPLETED");
      assertThat(done.records()).isEqualTo(DjangoImportTest.USERS);
      assertThat(f.count("select count(*) from gh_user")).isEqualTo(done.created());
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void rollingBackTheWholeImportRestoresTheTablesExactly(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      // An account that already exists in the target, verified, without the phone the legacy user
      // has.
      f.store.inTransaction(
          tx -> {
            AccountFactory accounts = AccountFactory.of(f.config);
            UserRecord u =
                accounts.insertUser(
                    tx,
                    UserRecord.newAccount(f.clock.instant())
                        .email("amy.walker@example.org", "amy.walker@example.org")
                        .verified(true)
                        .emailVerified(true)
                        .build());
            accounts.addDefaultProfile(tx, u.publicId(), f.clock.instant());
            return null;
          });
      List<String> before = f.accountTables();
      f.clock.advance(java.time.Duration.ofMinutes(5));
      long devicesBeforeRun = f.count("select count(*) from gh_device");

      RunReport run =
          f.importer.run(
              DjangoImportTest.sqlite(), DjangoImportTest.options(ConflictPolicy.MERGE).build());
      assertThat(run.updated()).isGreaterThanOrEqualTo(1);
      assertThat(
              f.count(
                  "select count(*) from gh_user where email = 'amy.walker@example.org' and phone = '+14155550191'"))
          .isEqualTo(1);
      assertThat(f.accountTables()).isNotEqualTo(before);
      long devicesAfterRun = f.count("select count(*) from gh_device");

      RollbackReport undone = f.importer.rollbackRun(run.runId());
      assertThat(undone.batches()).isEqualTo(run.batches());
      assertThat(undone.deletedUsers()).isEqualTo((int) run.created());
      // Every device that went counts, those of the deleted accounts included.
      assertThat(undone.deletedDevices())
          .isPositive()
          .isEqualTo(devicesAfterRun - devicesBeforeRun);
      assertThat(f.accountTables()).isEqualTo(before);
      assertThat(f.count("select count(*) from gh_import_mapping")).isZero();
      assertThat(f.importer.resolve("django", "2")).isEmpty();
      // The run and its rollback are in the audit trail, with the importer as the actor.
      assertThat(
              f.count(
                  "select count(*) from gh_audit_event where event = 'ImportRun' and actor ="
                      + " 'import' and subject is null and detail like 'run "
                      + run.runId()
                      + ": created "
                      + run.created()
                      + ",%'"))
          .isEqualTo(1);
      assertThat(
              f.count(
                  "select count(*) from gh_audit_event where event = 'ImportRollback' and detail"
                      + " like 'run "
                      + run.runId()
                      + ": batches "
                      + undone.batches()
                      + ",%'"))
          .isEqualTo(1);
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void batchesRollBackNewestFirstAndOnlyTheirOwnRows(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      ImportOptions options = DjangoImportTest.options(ConflictPolicy.SKIP).batchSize(50).build();
      RunReport stopped =
          f.importer.run(DjangoImportTest.sqlite(), options, (seq, last) -> seq < 1);
      List<String> afterFirst = f.accountTables();
      RunReport done = f.importer.run(DjangoImportTest.sqlite(), options);
      List<String> batches = new ArrayList<>();
      try (Connection c = f.db.connect();
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select id from gh_import_batch order by seq")) {
        while (rs.next()) {
          batches.add(rs.getString(1));
        }
      }
      assertThat(batches).hasSize(3);
      assertThatThrownBy(() -> f.importer.rollbackBatch(batches.get(0)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("newest");
      f.importer.rollbackBatch(batches.get(2));
      f.importer.rollbackBatch(batches.get(1));
      assertThat(f.accountTables()).isEqualTo(afterFirst);
      assertThat(stopped.runId()).isEqualTo(done.runId());
      // The rolled-back batches can be imported again.
      RunReport again = f.importer.run(DjangoImportTest.sqlite(), options);
      assertThat(f.count("select count(*) from gh_user")).isEqualTo(done.created());
      assertThat(again.status()).isEqualTo("COMPLETED");
    }
  }
}
