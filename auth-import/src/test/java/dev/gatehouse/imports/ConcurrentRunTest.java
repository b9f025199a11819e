package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.imports.ImportCliTest.Result;
import dev.gatehouse.imports.Importer.RunReport;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.ImportRunInProgressException;
import dev.gatehouse.imports.api.RollbackOptions;
import dev.gatehouse.imports.source.MongoUsersSource;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** Two runs of one source at once: the second is refused, clearly; a killed run still resumes. */
class ConcurrentRunTest {
  /** What a process killed mid-run leaves: the run marked running, its connection gone. */
  static final class Killed extends Error {
    private static final long serialVersionUID = 1L;
  }

  static String[] cliRun(ImportFixture f) {
    return ImportCliErrorsTest.args(
        "run",
        List.of(
            "--source-type",
            "mongo",
            "--source",
            ImportFixture.sample("mongo-biograph/users.jsonl").toString(),
            "--source-name",
            "biograph",
            "--batch-size",
            "10"),
        ImportCliErrorsTest.target(f.db));
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void aSecondRunOfTheSameSourceIsRefusedWhileTheFirstIsInProgress(DatabaseKind kind)
      throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      CountDownLatch inProgress = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      ImportOptions options = ImportOptions.builder("biograph").batchSize(10).build();
      CompletableFuture<RunReport> first =
          CompletableFuture.supplyAsync(
              () ->
                  f.importer.run(
                      MongoUsersSource.of(ImportFixture.sample("mongo-biograph/users.jsonl")),
                      options,
                      (seq, last) -> {
                        inProgress.countDown();
                        try {
                          return release.await(60, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                          return false;
                        }
                      }));
      try {
        assertThat(inProgress.await(60, TimeUnit.SECONDS)).isTrue();
        String runId = f.rowsOf("select id from gh_import_run").get(0);
        long mappings = f.count("select count(*) from gh_import_mapping");

        Result second = ImportCliTest.cli(cliRun(f));
        assertThat(second.status()).as(second.out() + second.err()).isEqualTo(3);
        assertThat(second.err())
            .contains("a run of source biograph is in progress (run id " + runId + ", started ")
            .doesNotContainIgnoringCase("constraint");
        // The Java API says the same, with the run's id.
        assertThatThrownBy(
                () ->
                    f.importer.run(
                        MongoUsersSource.of(ImportFixture.sample("mongo-biograph/users.jsonl")),
                        options))
            .isInstanceOfSatisfying(
                ImportRunInProgressException.class, e -> assertThat(e.runId()).isEqualTo(runId));
        // The refused runs changed nothing.
        assertThat(f.count("select count(*) from gh_import_run")).isEqualTo(1);
        assertThat(f.count("select count(*) from gh_import_mapping")).isEqualTo(mappings);
      } finally {
        release.countDown();
      }
      assertThat(first.get(60, TimeUnit.SECONDS).completed()).isTrue();
      // Once it is over, the next run goes ahead (and finds everything imported).
      Result after = ImportCliTest.cli(cliRun(f));
      assertThat(after.status()).as(after.out() + after.err()).isZero();
      assertThat(after.out()).contains("created 0,");
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void aRunKilledMidwayIsNotInProgressAndResumes(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      ImportOptions options = ImportOptions.builder("biograph").batchSize(10).build();
      assertThatThrownBy(
              () ->
                  f.importer.run(
                      MongoUsersSource.of(ImportFixture.sample("mongo-biograph/users.jsonl")),
                      options,
                      (seq, last) -> {
                        if (seq == 3) {
                          throw new Killed();
                        }
                        return true;
                      }))
          .isInstanceOf(Killed.class);
      assertThat(f.rowsOf("select status from gh_import_run")).containsExactly("RUNNING");

      Result resumed = ImportCliTest.cli(cliRun(f));
      assertThat(resumed.status()).as(resumed.out() + resumed.err()).isZero();
      assertThat(resumed.out()).contains("resumed after record 30").contains("COMPLETED");
      assertThat(f.count("select count(*) from gh_import_run")).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void aRollbackOfARunInProgressIsRefusedAndChangesNothing(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      CountDownLatch inProgress = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      ImportOptions options = ImportOptions.builder("biograph").batchSize(10).build();
      CompletableFuture<RunReport> first =
          CompletableFuture.supplyAsync(
              () ->
                  f.importer.run(
                      MongoUsersSource.of(ImportFixture.sample("mongo-biograph/users.jsonl")),
                      options,
                      (seq, last) -> {
                        if (seq < 2) {
                          return true;
                        }
                        inProgress.countDown();
                        try {
                          return release.await(60, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                          return false;
                        }
                      }));
      String runId;
      try {
        assertThat(inProgress.await(60, TimeUnit.SECONDS)).isTrue();
        runId = f.rowsOf("select id from gh_import_run").get(0);
        String newest =
            f.rowsOf("select id from gh_import_batch where seq = 2 and status = 'COMMITTED'")
                .get(0);
        List<String> accounts = f.accountTables();
        List<String> mappings = f.rows("gh_import_mapping");
        List<String> batches = f.rows("gh_import_batch");

        Result cli =
            ImportCliTest.cli(
                ImportCliErrorsTest.args(
                    "rollback", List.of("--run", runId), ImportCliErrorsTest.target(f.db)));
        assertThat(cli.status()).as(cli.out() + cli.err()).isEqualTo(3);
        assertThat(cli.err())
            .contains("a run of source biograph is in progress (run id " + runId + ", started ");
        assertThatThrownBy(() -> f.importer.rollbackRun(runId, RollbackOptions.defaults().forced()))
            .isInstanceOfSatisfying(
                ImportRunInProgressException.class, e -> assertThat(e.runId()).isEqualTo(runId));
        assertThatThrownBy(() -> f.importer.rollbackBatch(newest))
            .isInstanceOfSatisfying(
                ImportRunInProgressException.class, e -> assertThat(e.runId()).isEqualTo(runId));

        // The refused rollbacks changed nothing.
        assertThat(f.accountTables()).isEqualTo(accounts);
        assertThat(f.rows("gh_import_mapping")).isEqualTo(mappings);
        assertThat(f.rows("gh_import_batch")).isEqualTo(batches);
        assertThat(f.rowsOf("select status from gh_import_run")).containsExactly("RUNNING");
      } finally {
        release.countDown();
      }
      RunReport done = first.get(60, TimeUnit.SECONDS);
      assertThat(done.completed()).isTrue();
      assertThat(done.created()).isPositive();

      // Once the run is over, its rollback goes ahead and undoes every batch.
      Result after =
          ImportCliTest.cli(
              ImportCliErrorsTest.args(
                  "rollback", List.of("--run", runId), ImportCliErrorsTest.target(f.db)));
      assertThat(after.status()).as(after.out() + after.err()).isZero();
      assertThat(f.rowsOf("select status from gh_import_run")).containsExactly("ROLLED_BACK");
      assertThat(f.count("select count(*) from gh_import_mapping")).isZero();
      assertThat(f.count("select count(*) from gh_import_batch where status = 'COMMITTED'"))
          .isZero();
    }
  }
}
