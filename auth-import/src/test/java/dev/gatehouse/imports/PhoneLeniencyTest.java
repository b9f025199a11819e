package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.source.CsvSource;
import dev.gatehouse.imports.source.JdbcTableSource.ColumnMapping;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Finding 4 of issue 18: numbers the legacy app verified but libphonenumber calls invalid are
 * accepted in an opt-in lenient mode, the plan counts phone problems per reason, and a national
 * number written in another country's grouping is reported instead of read in the default region.
 */
@OneDatabase("the phone rules of the plan and the run; no database decides them")
class PhoneLeniencyTest {
  @TempDir Path dir;

  LegacySource source() throws Exception {
    Path file = dir.resolve("phones.csv");
    Files.writeString(
        file,
        "id,email,phone,verified\n"
            // possible (ten digits) but not valid: NANP exchanges never start with 0
            + "1,possible@example.org,(212) 055-0123,true\n"
            // an Indian mobile in Indian grouping, without its country code
            + "2,grouped@example.org,91627 64787,true\n"
            // the same digits in US grouping: a US number
            + "3,us@example.org,(916) 276-4787,true\n"
            // not even possible
            + "4,short@example.org,12 34,true\n");
    return CsvSource.of(
        file,
        ColumnMapping.parse(
            "legacy_id=id,email=email,phone=phone,is_verified=verified", ZoneOffset.UTC));
  }

  static ImportOptions.Builder options() {
    return ImportOptions.builder("phones").defaultRegion("US");
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void strictByDefaultWithEveryPhoneProblemCountedByReason(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      PlanReport plan = f.importer.plan(source(), options().build());
      assertThat(plan.reasons())
          .containsEntry("phone:not_valid_but_possible", 1L)
          .containsEntry("phone:grouping_not_of_default_region", 1L)
          .containsEntry("phone:not_possible", 1L);
      assertThat(plan.invalidPhones()).isEqualTo(3);

      f.importer.run(source(), options().build());
      assertThat(f.rowsOf("select phone from gh_user where phone is not null"))
          .containsExactly("+19162764787");
      assertThat(
              f.count(
                  "select count(*) from gh_import_issue where reason like 'phone:%'"
                      + " and outcome = 'CREATED'"))
          .isEqualTo(3);
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void lenientModeAcceptsPossibleNumbersAndFlagsThem(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      ImportOptions lenient = options().lenientPhones(true).build();
      PlanReport plan = f.importer.plan(source(), lenient);
      assertThat(plan.reasons())
          .containsEntry("phone:accepted_possible_only", 1L)
          .containsEntry("phone:grouping_not_of_default_region", 1L)
          .containsEntry("phone:not_possible", 1L)
          .doesNotContainKey("phone:not_valid_but_possible");
      assertThat(plan.invalidPhones()).isEqualTo(2);

      f.importer.run(source(), lenient);
      assertThat(f.rowsOf("select phone from gh_user where phone is not null order by phone"))
          .containsExactly("+12120550123", "+19162764787");
    }
  }
}
