package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.imports.Importer.RunReport;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.api.LegacySource.ImportSourceException;
import dev.gatehouse.imports.source.DjangoDumpdataSource;
import dev.gatehouse.imports.source.DjangoDumpdataSource.DumpdataModelNotFoundException;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Issue 18 leftovers: a dumpdata user model that matches no object is refused by the source itself,
 * with the models the fixture has, so library users get what the command line says.
 */
@OneDatabase("a dumpdata source's refusal, before any write")
class DumpdataModelTest {
  @TempDir Path dir;

  private static DjangoDumpdataSource fixture(String model) {
    return DjangoDumpdataSource.of(
        ImportFixture.sample("django/dumpdata.json"), model, ZoneOffset.UTC);
  }

  @Test
  void checkModelRefusesAModelNoObjectHasNamingTheModelsFound() {
    assertThatThrownBy(() -> fixture("authentication.usr").checkModel())
        .isInstanceOfSatisfying(
            DumpdataModelNotFoundException.class,
            e -> {
              assertThat(e).isInstanceOf(ImportSourceException.class);
              assertThat(e.model()).isEqualTo("authentication.usr");
              assertThat(e.modelsFound())
                  .containsExactly(
                      "authentication.device",
                      "authentication.emaillog",
                      "authentication.otpcode",
                      "authentication.profile",
                      "authentication.smslog",
                      "authentication.user");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "authentication.usr matches no record of dumpdata.json; models found: "
                          + String.join(", ", e.modelsFound()));
            });
    assertThatCode(() -> fixture("authentication.user").checkModel()).doesNotThrowAnyException();
  }

  @Test
  void anEmptyFixtureHasNoModelAndAMalformedOneIsLeftToItsLine() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.json"), "[]");
    assertThatThrownBy(
            () -> DjangoDumpdataSource.of(empty, "auth.user", ZoneOffset.UTC).checkModel())
        .isInstanceOf(DumpdataModelNotFoundException.class)
        .hasMessage("auth.user matches no record of empty.json; models found: none");
    // Truncated before any user: the stream reports the malformed line as a record, as before.
    Path truncated =
        Files.writeString(dir.resolve("truncated.json"), "[{\"model\": \"auth.group\", \"pk\": 1");
    DjangoDumpdataSource source = DjangoDumpdataSource.of(truncated, "auth.user", ZoneOffset.UTC);
    assertThatCode(source::checkModel).doesNotThrowAnyException();
    try (LegacySource.RecordStream records = source.open()) {
      assertThat(records.hasNext()).isTrue();
      assertThat(records.next().error()).startsWith("malformed JSON");
      assertThat(records.hasNext()).isFalse();
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void thePlanThrowsItAndTheRunFailsWithItImportingNothing(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      ImportOptions options = ImportOptions.builder("django").build();
      assertThatThrownBy(() -> f.importer.plan(fixture("auth.user"), options))
          .isInstanceOfSatisfying(
              DumpdataModelNotFoundException.class,
              e -> assertThat(e.modelsFound()).contains("authentication.user"));

      RunReport run = f.importer.run(fixture("auth.user"), options);
      assertThat(run.status()).isEqualTo("FAILED");
      assertThat(run.error())
          .contains("DumpdataModelNotFoundException")
          .contains("auth.user matches no record of dumpdata.json; models found: ");
      assertThat(run.created()).isZero();
      assertThat(f.count("select count(*) from gh_user")).isZero();
      assertThat(f.count("select count(*) from gh_import_batch")).isZero();

      // With the right model the next run resumes the failed one and imports the users.
      RunReport fixed = f.importer.run(fixture("authentication.user"), options);
      assertThat(fixed.completed()).as(fixed.toString()).isTrue();
      assertThat(fixed.runId()).isEqualTo(run.runId());
      assertThat(fixed.created()).isPositive();
    }
  }
}
