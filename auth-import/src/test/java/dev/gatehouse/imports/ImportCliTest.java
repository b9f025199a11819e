package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.imports.cli.ImportCli;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@OneDatabase(
    "the command line's happy path; the import's writes on each database are DjangoImportTest's")
class ImportCliTest {
  @TempDir Path dir;

  record Result(int status, String out, String err) {}

  static Result cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        ImportCli.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void helpListsEveryCommandAndOption() {
    Result r = cli("--help");
    assertThat(r.status()).isZero();
    for (String s :
        List.of(
            "plan",
            "run",
            "rollback",
            "verify",
            "check-hashes",
            "--source-type",
            "--source ",
            "--source-name",
            "--batch-size",
            "--conflict",
            "--assume-verified",
            "--default-region",
            "--ignore-email-domain",
            "--max-unsupported-hashes",
            "--target-url",
            "--entities",
            "--run ",
            "--batch ",
            "--known",
            "--pairs",
            "--report",
            "--mapping",
            "--source-zone")) {
      assertThat(r.out()).contains(s);
    }
    assertThat(cli("plan", "--no-such-option", "x").status()).isEqualTo(2);
  }

  @Test
  void checkHashesMatchesTheKnownDjangoPasswordsWithoutADatabase() throws Exception {
    Map<String, String> hashes = VerificationTest.hashesById(DjangoImportTest.sqlite());
    List<String> lines = new ArrayList<>();
    lines.add("password,hash");
    for (List<String> row :
        VerificationTest.known(ImportFixture.sample("django/known-passwords.csv"))) {
      lines.add(quote(row.get(1)) + "," + quote(hashes.get(row.get(3))));
    }
    Path pairs = dir.resolve("pairs.csv");
    Files.write(pairs, lines, StandardCharsets.UTF_8);
    Result r = cli("check-hashes", "--pairs", pairs.toString());
    assertThat(r.status()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains("29 / 29");
    assertThat(r.out()).doesNotContain("pbkdf2_sha256$");
  }

  @Test
  void checkHashesMatchesEveryLegacyFormatVectorWithTheLegacyOptions() throws Exception {
    // The vectors auth-core's tests use, made by real tools (see the README beside the file).
    Path vectors = Path.of("../auth-core/src/test/resources/password/legacy-hashes.jsonl");
    ObjectMapper json = new ObjectMapper();
    List<String> lines = new ArrayList<>();
    lines.add("password,hash");
    List<String> unsalted = new ArrayList<>(lines);
    for (String line : Files.readAllLines(vectors, StandardCharsets.UTF_8)) {
      JsonNode row = json.readTree(line);
      if (row.has("hash")) {
        String pair = quote(row.get("password").asText()) + "," + quote(row.get("hash").asText());
        lines.add(pair);
        if (row.get("format").asText().startsWith("raw-sha1")) {
          unsalted.add(pair);
        }
      }
    }
    Path pairs = dir.resolve("legacy-pairs.csv");
    Files.write(pairs, lines, StandardCharsets.UTF_8);
    Result r =
        cli(
            "check-hashes",
            "--pairs",
            pairs.toString(),
            "--allow-unsalted-digests",
            "--firebase-signer-key",
            "jxspr8Ki0RYycVU8zykbdLGjFQ3McFUH0uiiTvC8pVMXAn210wjLNmdZJzxUECKbm0QsEmYUSDzZvpjeJ9WmXA==",
            "--firebase-salt-separator",
            "Bw==",
            "--firebase-rounds",
            "8",
            "--firebase-mem-cost",
            "14");
    assertThat(r.status()).as(r.out() + r.err()).isZero();
    assertThat(r.out()).contains((lines.size() - 1) + " / " + (lines.size() - 1));

    // Without the option, unsalted digests are not verified.
    Path unsaltedPairs = dir.resolve("unsalted-pairs.csv");
    Files.write(unsaltedPairs, unsalted, StandardCharsets.UTF_8);
    Result off = cli("check-hashes", "--pairs", unsaltedPairs.toString());
    assertThat(off.status()).as(off.out()).isEqualTo(1);
  }

  static String quote(String s) {
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }

  @Test
  void planRunAndRollbackFromTheCommandLine() throws Exception {
    try (ImportFixture f = ImportFixture.create(DatabaseKind.H2)) {
      List<String> target =
          List.of(
              "--target-url",
              f.db.jdbcUrl(),
              "--target-user",
              f.db.user(),
              "--target-password",
              f.db.password());
      List<String> source =
          List.of(
              "--source-type", "django-sqlite",
              "--source", ImportFixture.sample("django/db.sqlite3").toString(),
              "--source-name", "django",
              "--default-region", "MX",
              "--ignore-email-domain", "otp.local",
              "--conflict", "merge",
              "--batch-size", "40");
      Path report = dir.resolve("plan.json");
      Result plan = cli(args("plan", source, target, List.of("--report", report.toString())));
      assertThat(plan.status()).as(plan.out() + plan.err()).isZero();
      assertThat(plan.out()).contains("records: 119").contains("PASSED");
      assertThat(Files.readString(report)).contains("\"hashFormats\"");
      assertThat(f.count("select count(*) from gh_user")).isZero();

      Result run = cli(args("run", source, target, List.of()));
      assertThat(run.status()).as(run.out() + run.err()).isZero();
      assertThat(run.out()).contains("COMPLETED").doesNotContain("progress:");
      // Progress goes to standard error (not a terminal here: plain lines), ending at the total.
      assertThat(run.err()).contains("progress: batch 1, 40 of 119 records (33.6%)");
      assertThat(run.err()).contains("progress: batch 3, 119 of 119 records (100.0%)");
      assertThat(f.count("select count(*) from gh_user")).isPositive();

      String runId;
      try (var c = f.db.connect();
          var s = c.createStatement();
          var rs = s.executeQuery("select id from gh_import_run")) {
        rs.next();
        runId = rs.getString(1);
      }
      Result rollback = cli(args("rollback", List.of("--run", runId), target, List.of()));
      assertThat(rollback.status()).as(rollback.out() + rollback.err()).isZero();
      assertThat(f.count("select count(*) from gh_user")).isZero();
    }
  }

  /**
   * The start of a command that runs the import CLI in a JVM of its own: this JVM's {@code java}
   * with the options the build gives a short-lived test JVM ({@code gatehouse.test.jvm}, passed on
   * by Surefire: the client compiler and the serial collector; one {@code plan --migrate} took 9.1
   * s of CPU with the defaults, 4.4 s with them), then {@code jvmOptions} and this JVM's class
   * path.
   *
   * @param jvmOptions options of the launched JVM, e.g. {@code -Xmx48m}
   * @return the command up to the CLI's arguments
   */
  static List<String> launch(String... jvmOptions) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String shortLived = System.getProperty("gatehouse.test.jvm", "").strip();
    if (!shortLived.isEmpty()) {
      command.addAll(List.of(shortLived.split("\\s+")));
    }
    command.addAll(List.of(jvmOptions));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ImportCli.class.getName());
    return command;
  }

  static String[] args(String command, List<String> a, List<String> b, List<String> c) {
    List<String> all = new ArrayList<>();
    all.add(command);
    all.addAll(a);
    all.addAll(b);
    all.addAll(c);
    return all.toArray(String[]::new);
  }
}
