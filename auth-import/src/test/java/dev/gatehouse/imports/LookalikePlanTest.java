package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.ImportOptions.Thresholds;
import dev.gatehouse.imports.source.CsvSource;
import dev.gatehouse.imports.source.JdbcTableSource.ColumnMapping;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding 6 in the importer: the plan reports look-alike emails for the operator to review. */
class LookalikePlanTest {
  @TempDir Path dir;

  @Test
  void thePlanCountsAndSamplesAnEmailThatLooksLikeAnEarlierOne() throws Exception {
    String row = ",x,true,false,true,2021-03-04 05:06:07+00\r\n";
    Path file = dir.resolve("users.csv");
    Files.writeString(
        file,
        "id,email,hashed_password,is_active,is_superuser,is_verified,created_at\r\n"
            + "1,confuse-x@example.com"
            + row
            + "2,c\u043enfuse-x@example.com"
            + row
            + "3,plain@example.com"
            + row
            + "4,Confuse-X@example.com"
            + row,
        StandardCharsets.UTF_8);
    try (ImportFixture f = ImportFixture.create(DatabaseKind.H2)) {
      PlanReport plan =
          f.importer.plan(
              CsvSource.of(file, ColumnMapping.fastApiUsers()),
              ImportOptions.builder("lookalikes").thresholds(Thresholds.none()).build());
      // Row 2 looks like row 1; row 4 is row 1 in another case, an ordinary collision.
      assertThat(plan.lookalikeEmails()).isEqualTo(1);
      assertThat(plan.emailCollisionsInSource()).isEqualTo(1);
      assertThat(plan.samples())
          .anySatisfy(
              s -> {
                assertThat(s).containsEntry("legacyId", "2");
                assertThat(s).containsEntry("reason", "lookalike_email");
              });
      assertThat(plan.summary()).contains("LOOK-ALIKE emails (review): 1");
      assertThat(plan.toJson()).doesNotContain("nfuse-x@");
    }
  }

  @Test
  void thePlanReportsAWholeScriptLookAlikeBesideItsAsciiTwinAndAlone() throws Exception {
    String row = ",x,true,false,true,2021-03-04 05:06:07+00\r\n";
    Path file = dir.resolve("users.csv");
    // Row 2 is row 1 in Cyrillic letters only; row 3, Cyrillic only, reads as pop-7.
    Files.writeString(
        file,
        "id,email,hashed_password,is_active,is_superuser,is_verified,created_at\r\n"
            + "1,access-7@example.com"
            + row
            + "2,\u0430\u0441\u0441\u0435\u0455\u0455-7@example.com"
            + row
            + "3,\u0440\u043e\u0440-7@example.com"
            + row
            + "4,\u0438\u0432\u0430\u043d-7@example.com"
            + row,
        StandardCharsets.UTF_8);
    try (ImportFixture f = ImportFixture.create(DatabaseKind.H2)) {
      PlanReport plan =
          f.importer.plan(
              CsvSource.of(file, ColumnMapping.fastApiUsers()),
              ImportOptions.builder("whole-script").thresholds(Thresholds.none()).build());
      assertThat(plan.lookalikeEmails()).isEqualTo(2);
      assertThat(plan.samples())
          .anySatisfy(
              s -> {
                assertThat(s).containsEntry("legacyId", "2");
                assertThat(s).containsEntry("reason", "lookalike_email");
              })
          .anySatisfy(
              s -> {
                assertThat(s).containsEntry("legacyId", "3");
                assertThat(s).containsEntry("reason", "mixed_script_email");
              })
          .noneSatisfy(
              s -> {
                assertThat(s).containsEntry("legacyId", "4");
                assertThat(s.get("reason")).isIn("lookalike_email", "mixed_script_email");
              });
    }
  }
}
