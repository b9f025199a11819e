package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.imports.Importer.RunReport;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.ImportOptions.ConflictPolicy;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.source.CsvSource;
import dev.gatehouse.imports.source.DjangoDumpdataSource;
import dev.gatehouse.imports.source.JdbcTableSource.ColumnMapping;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Finding 6 of issue 18: the plan decides every record the way the run does, also when a merge
 * carries a phone (or an email) into an account and a later record collides with it there.
 */
@OneDatabase("the plan decides as the run does; decided before any write")
class PlanMatchesRunTest {
  @TempDir Path dir;

  static final String HEADER = "id,email,phone,username,pw,verified,joined,last_login\n";

  LegacySource csv(String name, String body) throws Exception {
    Path file = dir.resolve(name + ".csv");
    Files.writeString(file, HEADER + body);
    return CsvSource.of(
        file,
        ColumnMapping.parse(
            "legacy_id=id,email=email,phone=phone,username=username,password_hash=pw,"
                + "is_verified=verified,created_at=joined,last_login_at=last_login",
            ZoneOffset.UTC));
  }

  static ImportOptions merge(String source) {
    return ImportOptions.builder(source)
        .conflictPolicy(ConflictPolicy.MERGE)
        .defaultRegion("US")
        .batchSize(3)
        .build();
  }

  /** A dataset whose merges carry phones into accounts that later records then collide with. */
  LegacySource cascading(ImportFixture f) throws Exception {
    String pw = f.hashing.hash("a-password-1");
    return csv(
        "crm",
        // 1 creates ann
        "1,ann@example.org,,ann,\""
            + pw
            + "\",true,2020-01-01T00:00:00Z,\n"
            // 2 merges into ann (unverified: keeps ann's password) and carries its phone there
            + "2,ANN@example.org,+1 415 555 2671,,,false,2020-02-01T00:00:00Z,\n"
            // 3 collides with ann only through the phone record 2 carried: a second merge
            + "3,carl@example.org,(415) 555-2671,,,true,2020-03-01T00:00:00Z,\n"
            // 4 merges into the account already in the target and carries a phone there
            + "4,seed@example.org,+1 650 253 0000,,,false,2020-04-01T00:00:00Z,\n"
            // 5 collides with that target account through the carried phone
            + "5,dora@example.org,650-253-0000,,,true,2020-05-01T00:00:00Z,\n"
            // 6 creates eve
            + "6,eve@example.org,+1 202 456 1111,,,true,2020-06-01T00:00:00Z,\n"
            // 7's email was not carried (ann had one): it merges into eve by phone alone
            + "7,Carl@Example.org,(202) 456-1111,,,true,2020-07-01T00:00:00Z,\n"
            // 8's username is taken (case-folded) by the target account: created without it
            + "8,frank@example.org,,SeedUser,,true,2020-08-01T00:00:00Z,\n"
            // 9 has nothing to sign in with
            + "9,,,,,true,2020-09-01T00:00:00Z,\n");
  }

  void seed(ImportFixture f) throws Exception {
    f.importer.run(
        csv("seed", "s1,seed@example.org,,seeduser,,true,2019-01-01T00:00:00Z,\n"), merge("seed"));
  }

  /** The plan's reasons a run writes issue rows for, keyed as {@code action:reason}. */
  static Map<String, Long> predictedRows(PlanReport plan) {
    Map<String, Long> m = new TreeMap<>();
    plan.reasons()
        .forEach(
            (k, v) -> {
              if (k.matches("(create|merge|skip|quarantine):.*")
                  && !k.equals("skip:already_imported")
                  && !k.startsWith("merge:credential_")) {
                m.put(k, v);
              }
            });
    return m;
  }

  static Map<String, Long> writtenRows(ImportFixture f, String source) throws Exception {
    Map<String, Long> m = new TreeMap<>();
    for (String row :
        f.rowsOf(
            "select concat(outcome, ':', reason) from gh_import_issue where source_name = '"
                + source
                + "' and reason not like 'phone:%'")) {
      String action =
          switch (row.substring(0, row.indexOf(':'))) {
            case "CREATED" -> "create";
            case "MERGED" -> "merge";
            case "SKIPPED" -> "skip";
            default -> "quarantine";
          };
      m.merge(action + row.substring(row.indexOf(':')), 1L, Long::sum);
    }
    return m;
  }

  static void assertSameCounts(PlanReport plan, RunReport run) {
    assertThat(List.of(plan.create(), plan.update(), plan.skip(), plan.quarantine()))
        .as("plan %s vs run %s", plan.reasons(), run)
        .containsExactly(run.created(), run.updated(), run.skipped(), run.quarantined());
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void aMergeThatCarriesAPhoneIntoAnAccountIsPlannedAsTheRunDoesIt(DatabaseKind kind)
      throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      seed(f);
      LegacySource source = cascading(f);

      PlanReport plan = f.importer.plan(source, merge("crm"));
      RunReport run = f.importer.run(source, merge("crm"));

      assertThat(run.completed()).isTrue();
      assertThat(List.of(run.created(), run.updated(), run.quarantined()))
          .containsExactly(3L, 5L, 1L);
      assertSameCounts(plan, run);
      assertThat(plan.reasons())
          .containsEntry("merge:conflict_phone", 3L)
          .containsEntry("merge:conflict_email", 2L)
          .containsEntry("create:username_dropped", 1L);
      assertThat(predictedRows(plan)).isEqualTo(writtenRows(f, "crm"));
      // Three accounts came of it besides the seeded one, and every phone is on the account
      // the run merged it into.
      assertThat(f.count("select count(*) from gh_user")).isEqualTo(4);
      assertThat(
              f.rowsOf(
                  "select concat(email_normalized, '=', phone) from gh_user"
                      + " where phone is not null order by phone"))
          .containsExactly(
              "eve@example.org=+12024561111",
              "ann@example.org=+14155552671",
              "seed@example.org=+16502530000");

      // A second plan and run of the same source agree too: all already imported but the record
      // with nothing to sign in with.
      PlanReport again = f.importer.plan(source, merge("crm"));
      RunReport rerun = f.importer.run(source, merge("crm"));
      assertSameCounts(again, rerun);
      assertThat(rerun.quarantined()).isEqualTo(1);
      assertThat(again.reasons().get("skip:already_imported")).isEqualTo(8L);
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void planAndRunAgreeOnTheDjangoSampleIntoAPrePopulatedTarget(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      f.importer.run(
          DjangoDumpdataSource.of(
              ImportFixture.sample("django/dumpdata.json"),
              "authentication.user",
              DjangoImportTest.UTC),
          ImportOptions.builder("django-dump")
              .batchSize(25)
              .conflictPolicy(ConflictPolicy.SKIP)
              .defaultRegion("MX")
              .ignoreEmailDomain("otp.local")
              .build());
      ImportOptions options = DjangoImportTest.options(ConflictPolicy.MERGE).build();
      PlanReport plan = f.importer.plan(DjangoImportTest.sqlite(), options);
      RunReport run = f.importer.run(DjangoImportTest.sqlite(), options);
      assertSameCounts(plan, run);
      assertThat(predictedRows(plan)).isEqualTo(writtenRows(f, options.sourceName()));
    }
  }
}
