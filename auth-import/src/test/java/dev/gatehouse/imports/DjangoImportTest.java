package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.imports.Importer.RunReport;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.ImportOptions.ConflictPolicy;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.source.DjangoDatabaseSource;
import dev.gatehouse.imports.source.DjangoDumpdataSource;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

class DjangoImportTest {
  static final ZoneId UTC = ZoneId.of("UTC");
  static final int USERS = 119;

  static LegacySource sqlite() {
    return DjangoDatabaseSource.sqlite(
        ImportFixture.sample("django/db.sqlite3"), "authentication", UTC);
  }

  static ImportOptions.Builder options(ConflictPolicy policy) {
    return ImportOptions.builder("django")
        .batchSize(25)
        .conflictPolicy(policy)
        .defaultRegion("MX")
        .ignoreEmailDomain("otp.local");
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void planWritesNothingAndCountsHashFormatsAndCollisions(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      PlanReport plan = f.importer.plan(sqlite(), options(ConflictPolicy.MERGE).build());

      assertThat(plan.records()).isEqualTo(USERS);
      assertThat(plan.unreadable()).isZero();
      assertThat(plan.unsupportedHashes()).isEmpty();
      assertThat(plan.hashFormats())
          .containsEntry("pbkdf2_sha256 i=260000", 35L)
          .containsEntry("pbkdf2_sha256 i=150000", 12L)
          .containsEntry("pbkdf2_sha1 i=260000", 6L)
          .containsEntry("md5", 4L)
          .containsEntry("unsalted_md5", 2L)
          .containsEntry("unsalted_md5 (md5$$)", 1L);
      assertThat(plan.hashFormats().get("unusable")).isEqualTo(USERS - 96L);
      assertThat(plan.emailCollisionsInSource()).isEqualTo(1);
      assertThat(plan.phoneCollisionsInSource()).isEqualTo(1);
      assertThat(plan.create() + plan.update() + plan.skip() + plan.quarantine()).isEqualTo(USERS);
      assertThat(plan.passed()).isTrue();
      assertThat(plan.toJson()).doesNotContain("pbkdf2_sha256$");
      assertThat(f.count("select count(*) from gh_user")).isZero();
      assertThat(f.count("select count(*) from gh_import_run")).isZero();
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void runAccountsForEveryUserAndMatchesThePlanAndASecondRunChangesNothing(DatabaseKind kind)
      throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      ImportOptions options = options(ConflictPolicy.MERGE).build();
      PlanReport plan = f.importer.plan(sqlite(), options);
      RunReport run = f.importer.run(sqlite(), options);

      assertThat(run.status()).isEqualTo("COMPLETED");
      assertThat(run.created() + run.updated() + run.skipped() + run.quarantined())
          .isEqualTo(USERS);
      assertThat(run.records()).isEqualTo(USERS);
      assertThat(List.of(run.created(), run.updated(), run.skipped(), run.quarantined()))
          .isEqualTo(List.of(plan.create(), plan.update(), plan.skip(), plan.quarantine()));
      assertThat(f.count("select count(*) from gh_user")).isEqualTo(run.created());
      assertThat(
              f.count(
                  "select count(*) from gh_user where phone is not null and phone not like '+%'"))
          .isZero();
      assertThat(f.count("select count(*) from gh_user where email like '%@otp.local'")).isZero();
      // The case-duplicate pair ends in one account that both legacy ids resolve to.
      assertThat(f.count("select count(*) from gh_user where email_normalized like 'first.last@%'"))
          .isLessThanOrEqualTo(1);
      assertThat(f.count("select count(*) from gh_profile where is_default = true"))
          .isEqualTo(run.created());

      List<String> after = f.accountTables();
      RunReport again = f.importer.run(sqlite(), options);
      assertThat(again.status()).isEqualTo("COMPLETED");
      assertThat(again.created()).isZero();
      assertThat(again.updated()).isZero();
      assertThat(f.accountTables()).isEqualTo(after);
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void dumpdataGivesTheSameAccountsAsTheDatabase(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      LegacySource dump =
          DjangoDumpdataSource.of(
              ImportFixture.sample("django/dumpdata.json"), "authentication.user", UTC);
      PlanReport fromDump = f.importer.plan(dump, options(ConflictPolicy.SKIP).build());
      PlanReport fromDb = f.importer.plan(sqlite(), options(ConflictPolicy.SKIP).build());
      assertThat(fromDump.records()).isEqualTo(USERS);
      assertThat(fromDump.hashFormats()).isEqualTo(fromDb.hashFormats());
      assertThat(List.of(fromDump.create(), fromDump.skip(), fromDump.quarantine()))
          .isEqualTo(List.of(fromDb.create(), fromDb.skip(), fromDb.quarantine()));
    }
  }
}
