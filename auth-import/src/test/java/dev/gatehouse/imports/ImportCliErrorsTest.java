package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.imports.ImportCliTest.Result;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** Errors of the command line a user can act on (issue 18, finding 8). */
@OneDatabase("the command line's errors and exit codes")
class ImportCliErrorsTest {
  @TempDir Path dir;

  static List<String> target(TestDatabase db) {
    return List.of(
        "--target-url",
        db.jdbcUrl(),
        "--target-user",
        db.user(),
        "--target-password",
        db.password());
  }

  static List<String> django() {
    return List.of(
        "--source-type", "django-sqlite",
        "--source", ImportFixture.sample("django/db.sqlite3").toString(),
        "--source-name", "django");
  }

  static String[] args(String command, List<String> a, List<String> b, String... more) {
    List<String> all = new ArrayList<>();
    all.add(command);
    all.addAll(a);
    all.addAll(b);
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  /** Names of the tables in the database, lower case. */
  static List<String> tables(TestDatabase db) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = db.connect();
        ResultSet rs = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), "%", null)) {
      while (rs.next()) {
        out.add(rs.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT));
      }
    }
    return out;
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void anUnmigratedTargetSaysRunWithMigrateForEveryCommand(DatabaseKind kind) throws Exception {
    try (TestDatabase db = TestDatabase.create(kind)) {
      Path known = Files.writeString(dir.resolve("known.csv"), "login,password\na@b.c,x\n");
      Path refs = Files.writeString(dir.resolve("refs.jsonl"), "{\"user_id\":\"1\"}\n");
      List<String[]> commands =
          List.of(
              args("plan", django(), target(db)),
              args("run", django(), target(db)),
              args("rollback", List.of("--run", "x"), target(db)),
              args("verify", List.of("--known", known.toString()), target(db)),
              args("verify", List.of("--known", known.toString(), "--read-only"), target(db)),
              args(
                  "resolve",
                  List.of("--source-name", "django", "--input", refs.toString()),
                  target(db),
                  "--field",
                  "user_id"));
      for (String[] command : commands) {
        Result r = ImportCliTest.cli(command);
        assertThat(r.status()).as(String.join(" ", command) + r.err()).isEqualTo(2);
        assertThat(r.err())
            .as(command[0])
            .contains("the target database has no user table gh_user")
            .contains("run with --migrate")
            .doesNotContain("missing table");
        assertThat(r.out()).isEmpty();
      }
      assertThat(tables(db)).noneMatch(t -> t.startsWith("gh_") || t.contains("databasechangelog"));
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void everyOptionIsCheckedBeforeTheTargetIsTouched(DatabaseKind kind) throws Exception {
    try (TestDatabase db = TestDatabase.create(kind)) {
      // --migrate is given each time: a bad option must stop the command before it migrates.
      Result conflict =
          ImportCliTest.cli(
              args("plan", django(), target(db), "--migrate", "--conflict", "merged"));
      assertThat(conflict.status()).isEqualTo(2);
      assertThat(conflict.err())
          .contains(
              "unknown value 'merged' for --conflict; expected one of: skip, merge, quarantine")
          .doesNotContain("No enum constant");

      Result type =
          ImportCliTest.cli(
              args(
                  "plan",
                  List.of("--source-type", "djang", "--source", "x", "--source-name", "d"),
                  target(db),
                  "--migrate"));
      assertThat(type.status()).isEqualTo(2);
      assertThat(type.err()).contains("unknown value 'djang' for --source-type; expected one of:");

      Path missing = dir.resolve("no-such.sqlite3");
      Result file =
          ImportCliTest.cli(
              args(
                  "run",
                  List.of(
                      "--source-type",
                      "django-sqlite",
                      "--source",
                      missing.toString(),
                      "--source-name",
                      "django"),
                  target(db),
                  "--migrate"));
      assertThat(file.status()).isEqualTo(2);
      assertThat(file.err())
          .contains("source file not found: " + missing)
          .doesNotContain("ImportSourceException");

      Result model =
          ImportCliTest.cli(
              args(
                  "plan",
                  List.of(
                      "--source-type",
                      "django-dumpdata",
                      "--source",
                      ImportFixture.sample("django/dumpdata.json").toString(),
                      "--source-name",
                      "django",
                      "--dumpdata-model",
                      "authentication.usr"),
                  target(db),
                  "--migrate"));
      assertThat(model.status()).isEqualTo(2);
      assertThat(model.err())
          .contains("--dumpdata-model authentication.usr matches no record")
          .contains("models found: ")
          .contains("authentication.user");

      assertThat(ImportCliTest.cli(args("plan", django(), target(db), "--bogus")).status())
          .isEqualTo(2);
      assertThat(ImportCliTest.cli(args("plan", django(), List.of("--migrate"))).err())
          .contains("--target-url is required");
      assertThat(
              ImportCliTest.cli(args("plan", List.of("--source-type", "mongo"), target(db)))
                  .status())
          .isEqualTo(2);
      assertThat(ImportCliTest.cli(args("plan", django(), target(db), "--batch-size", "0")).err())
          .contains("bad value '0' for --batch-size");
      assertThat(ImportCliTest.cli(args("rollback", List.of(), target(db), "--migrate")).err())
          .contains("rollback needs one of --run ID or --batch ID");
      assertThat(ImportCliTest.cli("frobnicate").status()).isEqualTo(2);

      assertThat(tables(db)).noneMatch(t -> t.startsWith("gh_") || t.contains("databasechangelog"));
    }
  }

  @Test
  void aSourceThatIsNotWhatItsTypeSaysIsRefusedWithTheReasonAndTheFile() throws Exception {
    try (TestDatabase db = TestDatabase.create(DatabaseKind.H2)) {
      Path text = Files.writeString(dir.resolve("users.sqlite3"), "id,email\n1,a@example.com\n");
      Result sqlite =
          ImportCliTest.cli(
              args(
                  "plan",
                  List.of(
                      "--source-type", "django-sqlite",
                      "--source", text.toString(),
                      "--source-name", "django"),
                  target(db),
                  "--migrate"));
      assertThat(sqlite.status()).as(sqlite.err()).isEqualTo(2);
      assertThat(sqlite.out()).isEmpty();
      assertThat(sqlite.err())
          .contains(text.toString())
          .contains("not an SQLite database")
          .doesNotContain("the database failed")
          .doesNotContain("\tat ");
      // Refused before the target was touched.
      assertThat(tables(db)).noneMatch(t -> t.startsWith("gh_"));
    }
  }

  @Test
  void aTargetWithoutTheUserTableSaysWhichTableWasLookedForAndHowToNameTheHosts() throws Exception {
    try (TestDatabase db = TestDatabase.create(DatabaseKind.H2)) {
      Result r = ImportCliTest.cli(args("plan", django(), target(db)));
      assertThat(r.status()).isEqualTo(2);
      assertThat(r.err()).contains("gh_user").contains("--migrate").contains("--entities-jar");
    }
  }

  @Test
  void anEntitiesJarWithoutTheHostsEntitiesIsRefusedNamingTheBasesBeforeTheTargetIsTouched()
      throws Exception {
    try (TestDatabase db = TestDatabase.create(DatabaseKind.H2)) {
      Path empty = dir.resolve("no-entities.jar");
      try (java.util.jar.JarOutputStream out =
          new java.util.jar.JarOutputStream(Files.newOutputStream(empty))) {
        out.putNextEntry(new java.util.jar.JarEntry("BOOT-INF/classes/application.yml"));
        out.closeEntry();
      }
      Result r =
          ImportCliTest.cli(
              args("plan", django(), target(db), "--migrate", "--entities-jar", empty.toString()));
      assertThat(r.status()).as(r.err()).isEqualTo(2);
      assertThat(r.err())
          .contains("no entity extends AbstractAuthUser")
          .contains("no entity extends AbstractEmailLog")
          .contains("in --entities-jar " + empty);

      Path notAJar = dir.resolve("app.jar");
      Files.writeString(notAJar, "not a jar");
      Result bad =
          ImportCliTest.cli(
              args(
                  "plan", django(), target(db), "--migrate", "--entities-jar", notAJar.toString()));
      assertThat(bad.status()).isEqualTo(2);
      assertThat(bad.err()).contains("--entities-jar " + notAJar + " cannot be read as a jar");

      Result both =
          ImportCliTest.cli(
              args(
                  "plan",
                  django(),
                  target(db),
                  "--entities-jar",
                  empty.toString(),
                  "--entities",
                  "x.Y"));
      assertThat(both.status()).isEqualTo(2);
      assertThat(both.err()).contains("give --entities-jar or --entities, not both");
      assertThat(tables(db)).noneMatch(t -> t.startsWith("gh_") || t.contains("databasechangelog"));
    }
  }

  @Test
  void theReportIsAloneOnStdoutSoItCanBePiped() throws Exception {
    // A separate JVM, so that what Liquibase and Hibernate write to the real stdout is seen.
    String url = "jdbc:h2:" + dir.resolve("target").toAbsolutePath() + ";MODE=PostgreSQL";
    List<String> command = ImportCliTest.launch();
    command.addAll(
        List.of(
            "plan",
            "--json",
            "--migrate",
            "--source-type",
            "mongo",
            "--source",
            ImportFixture.sample("mongo-biograph/users.jsonl").toString(),
            "--source-name",
            "biograph",
            "--target-url",
            url,
            "--target-user",
            "sa"));
    // Counted by .ci/test-times.sh (issue 57: what a run starts).
    System.out.println("gatehouse-test-start: jvm the import CLI");
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String stdout = out.toString(StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(stdout).isZero();
    JsonNode report = new ObjectMapper().readTree(stdout);
    assertThat(report.isObject()).as(stdout).isTrue();
    assertThat(stdout.strip()).as("nothing but the report").startsWith("{").endsWith("}");
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void resolveRefusesAnOutputThatIsTheInputAndLeavesItIntact(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      Result run = ImportCliTest.cli(ConcurrentRunTest.cliRun(f));
      assertThat(run.status()).as(run.out() + run.err()).isZero();
      String content = "author,title\n1,first\n2,second\n";
      Path refs = Files.writeString(dir.resolve("refs.csv"), content);
      // The same file, named as given and by another spelling of its path.
      for (String output :
          List.of(refs.toString(), dir.resolve(".").resolve("refs.csv").toString())) {
        Result r =
            ImportCliTest.cli(
                args(
                    "resolve",
                    List.of(
                        "--source-name",
                        "biograph",
                        "--input",
                        refs.toString(),
                        "--field",
                        "author",
                        "--output",
                        output),
                    target(f.db)));
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err()).contains("--output must not be the --input file");
        assertThat(Files.readString(refs)).isEqualTo(content);
      }
      // Another output file still works.
      Path out = dir.resolve("resolved.csv");
      Result ok =
          ImportCliTest.cli(
              args(
                  "resolve",
                  List.of(
                      "--source-name",
                      "biograph",
                      "--input",
                      refs.toString(),
                      "--field",
                      "author",
                      "--output",
                      out.toString()),
                  target(f.db)));
      assertThat(ok.status()).as(ok.out() + ok.err()).isIn(0, 1);
      assertThat(Files.readString(out)).startsWith("author,title,gatehouse_user_id\n");
      assertThat(Files.readString(refs)).isEqualTo(content);
    }
  }
}
