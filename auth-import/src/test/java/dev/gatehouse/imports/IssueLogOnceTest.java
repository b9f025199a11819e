package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

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

/**
 * Finding 7 of issue 18: every decision that loses or sets aside something leaves one row in the
 * issue log (a dropped username, a dropped phone, a merge's discarded password, skips and
 * quarantines), with its reason and legacy id, and running the same source again adds none.
 */
@OneDatabase("which decisions reach the issue log")
class IssueLogOnceTest {
  @TempDir Path dir;

  LegacySource source(ImportFixture f) throws Exception {
    String older = f.hashing.hash("older-password-1");
    String recent = f.hashing.hash("recent-password-2");
    Path file = dir.resolve("users.csv");
    Files.writeString(
        file,
        "id,email,phone,username,pw,verified,joined,last_login,deleted\n"
            // created; its phone cannot be a number and is dropped
            + "1,ann@example.org,12 34,ann,\""
            + older
            + "\",true,2019-01-01T00:00:00Z,2020-01-01T00:00:00Z,\n"
            // merged into 1: its newer password wins, 1's is discarded, its username is left out
            + "2,ANN@example.org,,bob,\""
            + recent
            + "\",true,2021-01-01T00:00:00Z,2025-01-01T00:00:00Z,\n"
            // created without its username, which 1 has case-folded
            + "3,cy@example.org,,ANN,,true,2021-01-01T00:00:00Z,,\n"
            // nothing to sign in with: quarantined
            + "4,,,zed,,true,2021-01-01T00:00:00Z,,\n"
            // deleted in the source: skipped
            + "5,eve@example.org,,,,true,2021-01-01T00:00:00Z,,2022-01-01T00:00:00Z\n"
            // created
            + "6,dan@example.org,+1 415 555 2671,,,true,2021-01-01T00:00:00Z,,\n"
            // email of 1, phone of 6: quarantined as ambiguous
            + "7,ann@example.org,(415) 555-2671,,,true,2021-01-01T00:00:00Z,,\n");
    return CsvSource.of(
        file,
        ColumnMapping.parse(
            "legacy_id=id,email=email,phone=phone,username=username,password_hash=pw,"
                + "is_verified=verified,created_at=joined,last_login_at=last_login,"
                + "deleted_at=deleted",
            ZoneOffset.UTC));
  }

  static ImportOptions options() {
    return ImportOptions.builder("users")
        .conflictPolicy(ConflictPolicy.MERGE)
        .defaultRegion("US")
        .batchSize(2)
        .build();
  }

  List<String> issueLog(ImportFixture f) throws Exception {
    return f.rowsOf(
        "select concat(legacy_id, ' ', outcome, ' ', reason) from gh_import_issue"
            + " order by legacy_id, outcome, reason");
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void everyDecisionLeavesOneRowAndARerunAddsNone(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      PlanReport plan = f.importer.plan(source(f), options());
      RunReport first = f.importer.run(source(f), options());
      assertThat(first.completed()).isTrue();

      List<String> expected =
          List.of(
              "1 CREATED phone:not_possible",
              "2 MERGED conflict_email",
              "2 MERGED discarded_credential",
              "2 MERGED username_dropped",
              "3 CREATED username_dropped",
              "4 QUARANTINED no_identifier",
              "5 SKIPPED deleted_in_source",
              "7 QUARANTINED conflict_ambiguous");
      assertThat(issueLog(f)).containsExactlyElementsOf(expected);
      assertThat(PlanMatchesRunTest.predictedRows(plan))
          .isEqualTo(PlanMatchesRunTest.writtenRows(f, "users"));
      assertThat(
              f.rowsOf(
                  "select existing_legacy_id from gh_import_issue"
                      + " where legacy_id = '3' and reason = 'username_dropped'"))
          .containsExactly("1");

      RunReport second = f.importer.run(source(f), options());
      assertThat(second.completed()).isTrue();
      assertThat(second.runId()).isNotEqualTo(first.runId());
      assertThat(List.of(second.skipped(), second.quarantined())).containsExactly(5L, 2L);
      assertThat(issueLog(f)).containsExactlyElementsOf(expected);
      assertThat(f.count("select count(*) from gh_import_issue")).isEqualTo(expected.size());
    }
  }
}
