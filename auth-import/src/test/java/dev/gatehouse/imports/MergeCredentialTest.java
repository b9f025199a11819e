package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.password.PasswordHashing.PasswordVerification;
import dev.gatehouse.imports.Importer.RunReport;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.ImportOptions.ConflictPolicy;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.source.CsvSource;
import dev.gatehouse.imports.source.JdbcTableSource.ColumnMapping;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** Finding 3 of issue 18: a merge keeps the credential of the most recently used account. */
@OneDatabase("which credential a merge keeps; decided before any write")
class MergeCredentialTest {
  @TempDir Path dir;

  LegacySource csv(String name, String... rows) throws Exception {
    Path file = dir.resolve(name + ".csv");
    Files.writeString(
        file, "id,email,pw,verified,joined,last_login\n" + String.join("\n", rows) + "\n");
    return CsvSource.of(
        file,
        ColumnMapping.parse(
            "legacy_id=id,email=email,password_hash=pw,is_verified=verified,"
                + "created_at=joined,last_login_at=last_login",
            ZoneOffset.UTC));
  }

  static ImportOptions merge(String source) {
    return ImportOptions.builder(source).conflictPolicy(ConflictPolicy.MERGE).build();
  }

  String storedHash(ImportFixture f, String email) throws Exception {
    return f.rowsOf("select password_hash from gh_user where email = '" + email + "'").get(0);
  }

  boolean accepts(ImportFixture f, String password, String email) throws Exception {
    return f.hashing.verify(password, storedHash(f, email)) != PasswordVerification.NO_MATCH;
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void twoVerifiedDuplicatesInOneSourceKeepTheRecentlyUsedPasswordAndRecordTheOther(
      DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      String old = f.hashing.hash("old-password-1");
      String recent = f.hashing.hash("recent-password-2");
      LegacySource source =
          csv(
              "dupes",
              "1,Ann@example.org,\"" + old + "\",true,2019-01-01T00:00:00Z,2020-02-02T00:00:00Z",
              "2,ann@example.org,\""
                  + recent
                  + "\",true,2021-01-01T00:00:00Z,2025-03-03T00:00:00Z");

      PlanReport plan = f.importer.plan(source, merge("dupes"));
      assertThat(plan.reasons()).containsEntry("merge:credential_from_incoming", 1L);
      assertThat(plan.toJson()).contains("keeps the password of legacy id 2");

      RunReport run = f.importer.run(source, merge("dupes"));
      assertThat(run.updated()).isEqualTo(1);
      assertThat(accepts(f, "recent-password-2", "Ann@example.org")).isTrue();
      assertThat(accepts(f, "old-password-1", "Ann@example.org")).isFalse();
      List<String> discarded =
          f.rowsOf(
              "select detail from gh_import_issue where reason = 'discarded_credential'"
                  + " and legacy_id = '2' and existing_legacy_id = '1'");
      assertThat(discarded).hasSize(1);
      assertThat(discarded.get(0)).contains(old).contains("2020-02-02");
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void anOlderIncomingDuplicateLeavesTheRecentlyUsedPasswordAndIsRecorded(DatabaseKind kind)
      throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      String recent = f.hashing.hash("recent-password-2");
      String old = f.hashing.hash("old-password-1");
      LegacySource source =
          csv(
              "dupes",
              "1,bob@example.org,\"" + recent + "\",true,2019-01-01T00:00:00Z,2025-03-03T00:00:00Z",
              "2,Bob@example.org,\"" + old + "\",true,2021-01-01T00:00:00Z,2020-02-02T00:00:00Z");
      PlanReport plan = f.importer.plan(source, merge("dupes"));
      assertThat(plan.reasons()).containsEntry("merge:credential_kept", 1L);

      f.importer.run(source, merge("dupes"));
      assertThat(accepts(f, "recent-password-2", "bob@example.org")).isTrue();
      List<String> discarded =
          f.rowsOf(
              "select detail from gh_import_issue where reason = 'discarded_credential'"
                  + " and legacy_id = '2'");
      assertThat(discarded).hasSize(1);
      assertThat(discarded.get(0)).contains(old);
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void withoutLastLoginsTheNewestAccountWinsAndAnUnverifiedNewcomerNeverTakesOver(DatabaseKind kind)
      throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      String older = f.hashing.hash("older-password-1");
      String newer = f.hashing.hash("newer-password-2");
      String intruder = f.hashing.hash("intruder-password-3");
      LegacySource source =
          csv(
              "dupes",
              "1,cy@example.org,\"" + older + "\",true,2019-01-01T00:00:00Z,",
              "2,CY@example.org,\"" + newer + "\",true,2021-01-01T00:00:00Z,",
              "3,cy@EXAMPLE.org,\""
                  + intruder
                  + "\",false,2022-01-01T00:00:00Z,2026-01-01T00:00:00Z");
      f.importer.run(source, merge("dupes"));
      assertThat(accepts(f, "newer-password-2", "cy@example.org")).isTrue();
      assertThat(accepts(f, "intruder-password-3", "cy@example.org")).isFalse();
      assertThat(
              f.count("select count(*) from gh_import_issue where reason = 'discarded_credential'"))
          .isEqualTo(2);
    }
  }
}
