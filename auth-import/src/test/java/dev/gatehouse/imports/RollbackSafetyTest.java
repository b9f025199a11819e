package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.store.SessionStore;
import dev.gatehouse.imports.Importer.RunReport;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.ImportOptions.ConflictPolicy;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.api.RollbackOptions;
import dev.gatehouse.imports.api.RollbackOptions.RollbackRefusedException;
import dev.gatehouse.imports.api.RollbackOptions.RollbackReport;
import dev.gatehouse.imports.source.DjangoDumpdataSource;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** Findings 1 and 2 of issue 18: a rollback never leaves dangling mappings or orphaned sessions. */
class RollbackSafetyTest {

  static LegacySource dump() {
    return DjangoDumpdataSource.of(
        ImportFixture.sample("django/dumpdata.json"), "authentication.user", DjangoImportTest.UTC);
  }

  /** The dump as source "django-dump", then the same users from SQLite as "django", merged. */
  static RunReport[] importTwice(ImportFixture f) {
    RunReport first =
        f.importer.run(
            dump(),
            ImportOptions.builder("django-dump")
                .batchSize(25)
                .conflictPolicy(ConflictPolicy.MERGE)
                .defaultRegion("MX")
                .build());
    f.clock.advance(Duration.ofMinutes(1));
    RunReport second =
        f.importer.run(
            DjangoImportTest.sqlite(), DjangoImportTest.options(ConflictPolicy.MERGE).build());
    return new RunReport[] {first, second};
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void rollingBackARunThatALaterRunMergedIntoRefusesAndChangesNothing(DatabaseKind kind)
      throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      RunReport[] runs = importTwice(f);
      assertThat(runs[1].updated()).isPositive();
      List<String> accounts = f.accountTables();
      List<String> mappings = f.rows("gh_import_mapping");

      assertThatThrownBy(() -> f.importer.rollbackRun(runs[0].runId()))
          .isInstanceOf(RollbackRefusedException.class)
          .hasMessageContaining(runs[1].runId())
          .hasMessageContaining("--with-dependents")
          .satisfies(
              e ->
                  assertThat(((RollbackRefusedException) e).dependentRuns())
                      .containsExactly(runs[1].runId()));

      assertThat(f.accountTables()).isEqualTo(accounts);
      assertThat(f.rows("gh_import_mapping")).isEqualTo(mappings);
      String merged =
          f.rowsOf(
                  "select legacy_id from gh_import_mapping"
                      + " where source_name = 'django' and action = 'MERGED'")
              .get(0);
      assertThat(f.importer.resolve("django", merged)).isPresent();
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void withDependentsTheLaterRunIsRolledBackFirstAndNothingDangles(DatabaseKind kind)
      throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      List<String> empty = f.accountTables();
      RunReport[] runs = importTwice(f);

      RollbackReport r =
          f.importer.rollbackRun(runs[0].runId(), RollbackOptions.defaults().includingDependents());

      assertThat(r.deletedUsers()).isEqualTo((int) (runs[0].created() + runs[1].created()));
      assertThat(f.accountTables()).isEqualTo(empty);
      assertThat(f.count("select count(*) from gh_import_mapping")).isZero();
      assertThat(f.count("select count(*) from gh_import_run where status <> 'ROLLED_BACK'"))
          .isZero();
      // Re-importing the later source now recreates everything instead of skipping dead mappings.
      RunReport again =
          f.importer.run(
              DjangoImportTest.sqlite(), DjangoImportTest.options(ConflictPolicy.MERGE).build());
      assertThat(again.created()).isEqualTo(f.count("select count(*) from gh_user"));
      assertThat(again.created()).isPositive();
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void aBatchOfARunThatALaterRunDependsOnIsNotRolledBackEither(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      RunReport[] runs = importTwice(f);
      List<String> accounts = f.accountTables();
      String newest =
          f.rowsOf(
                  "select id from gh_import_batch where run_id = '"
                      + runs[0].runId()
                      + "' order by seq desc")
              .get(0);
      assertThatThrownBy(() -> f.importer.rollbackBatch(newest))
          .isInstanceOf(RollbackRefusedException.class)
          .hasMessageContaining(runs[1].runId());
      assertThat(f.accountTables()).isEqualTo(accounts);
    }
  }

  static String startSession(ImportFixture f, UUID user) {
    String id = UUID.randomUUID().toString();
    f.store.inTransaction(
        tx -> {
          tx.sessions()
              .createSession(
                  new SessionStore.NewSession(
                      id,
                      user,
                      "web",
                      null,
                      List.of("pwd"),
                      null,
                      null,
                      null,
                      f.clock.instant(),
                      f.clock.instant(),
                      f.clock.instant().plus(Duration.ofDays(30)),
                      f.clock.instant().plus(Duration.ofDays(1))),
                  "refresh-hash-" + id.substring(0, 8));
          return null;
        });
    return id;
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void rollingBackAccountsThatHaveBeenUsedRefusesUnlessForcedAndForceRevokesTheirSessions(
      DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      List<String> empty = f.accountTables();
      RunReport run =
          f.importer.run(
              DjangoImportTest.sqlite(), DjangoImportTest.options(ConflictPolicy.MERGE).build());
      f.clock.advance(Duration.ofHours(1));
      startSession(f, f.importer.resolve("django", "2").orElseThrow());
      startSession(f, f.importer.resolve("django", "3").orElseThrow());
      List<String> accounts = f.accountTables();

      assertThatThrownBy(() -> f.importer.rollbackRun(run.runId()))
          .isInstanceOf(RollbackRefusedException.class)
          .hasMessageContaining("2 accounts")
          .hasMessageContaining("--force")
          .satisfies(e -> assertThat(((RollbackRefusedException) e).usedAccounts()).isEqualTo(2));
      assertThat(f.accountTables()).isEqualTo(accounts);
      assertThat(f.count("select count(*) from gh_session")).isEqualTo(2);

      f.importer.rollbackRun(run.runId(), RollbackOptions.defaults().forced());
      assertThat(f.accountTables()).isEqualTo(empty);
      assertThat(f.count("select count(*) from gh_session")).isZero();
      assertThat(f.count("select count(*) from gh_refresh_token")).isZero();
    }
  }
}
