package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.internal.HashCheck;
import dev.gatehouse.imports.internal.LoginReplay;
import dev.gatehouse.imports.source.CsvSource;
import dev.gatehouse.imports.source.JdbcTableSource.ColumnMapping;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Issue 18, throughput: {@code verify} and {@code check-hashes} run in bounded memory. The replay
 * keeps counts and a bounded sample, every row goes to a stream (a file), the CSV is read as a
 * stream; {@code check-hashes} over 200,000 pairs finishes in a JVM of 48 MB.
 */
@OneDatabase("verify's memory in a 48 MB heap; the reads are the store contract's")
class VerifyBoundedMemoryTest {
  static final int KNOWN_USERS = 5;

  @TempDir Path dir;

  /** Django's salted MD5, cheap to make and to check. */
  static String md5(String salt, String password) throws Exception {
    byte[] d =
        MessageDigest.getInstance("MD5").digest((salt + password).getBytes(StandardCharsets.UTF_8));
    return "md5$" + salt + "$" + HexFormat.of().formatHex(d);
  }

  void importUsers(ImportFixture f) throws Exception {
    Path file = dir.resolve("users.csv");
    StringBuilder b = new StringBuilder("id,email,pw,verified\n");
    for (int i = 0; i < KNOWN_USERS; i++) {
      b.append(i).append(",u").append(i).append("@example.org,").append(md5("s" + i, "pw-" + i));
      b.append(",true\n");
    }
    Files.writeString(file, b);
    f.importer.run(
        CsvSource.of(
            file,
            ColumnMapping.parse(
                "legacy_id=id,email=email,password_hash=pw,is_verified=verified", ZoneOffset.UTC)),
        ImportOptions.builder("users").build());
  }

  /** {@code rows} known logins: the imported users first, then addresses nobody has. */
  Path known(int rows) throws Exception {
    Path file = dir.resolve("known.csv");
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("login,password\n");
      for (int i = 0; i < rows; i++) {
        w.write((i < KNOWN_USERS ? "u" + i : "nobody" + i) + "@example.org,pw-" + i + "\n");
      }
    }
    return file;
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void theReplayKeepsCountsAndABoundedSampleAndStreamsEveryRow(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      importUsers(f);
      int rows = 3 * LoginReplay.SAMPLE_SIZE + 7;
      List<LoginReplay.Row> streamed = new ArrayList<>();
      LoginReplay replay =
          LoginReplay.readOnly(
                  f.store,
                  f.hashing,
                  dev.gatehouse.core.identity.PhoneNumbers.forRegion("US"),
                  true,
                  new HashCheck(f.hashing))
              .onEachRow(streamed::add);
      for (int i = 0; i < rows; i++) {
        replay.replay((i < KNOWN_USERS ? "u" + i : "nobody" + i) + "@example.org", "pw-" + i);
      }
      assertThat(replay.replayed()).isEqualTo(rows);
      assertThat(replay.outcomes())
          .containsEntry(LoginReplay.Outcome.LOGGED_IN, (long) KNOWN_USERS)
          .containsEntry(LoginReplay.Outcome.NOT_FOUND, (long) rows - KNOWN_USERS);
      assertThat(replay.sample()).hasSize(LoginReplay.SAMPLE_SIZE);
      assertThat(replay.sample().get(0).row()).isEqualTo(KNOWN_USERS + 1);
      assertThat(streamed).hasSize(rows);
      assertThat(streamed.get(rows - 1).row()).isEqualTo(rows);
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void theVerifyCommandWritesEveryRowToTheRowsFileAndOnlyASampleToStdout(DatabaseKind kind)
      throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      importUsers(f);
      int rows = 1_000;
      Path out = dir.resolve("rows.csv");
      ImportCliTest.Result r =
          ImportCliTest.cli(
              ImportCliTest.args(
                  "verify",
                  List.of(
                      "--known", known(rows).toString(), "--read-only", "--rows", out.toString()),
                  SourcesCliTest.target(f),
                  List.of()));
      assertThat(r.status()).as(r.out() + r.err()).isEqualTo(1);
      assertThat(r.out()).contains("LOGGED_IN=" + KNOWN_USERS).contains("NOT_FOUND=995");
      assertThat(r.out().lines().filter(l -> l.startsWith("  row "))).hasSize(100);
      List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
      assertThat(lines).hasSize(rows + 1);
      assertThat(lines.get(1)).startsWith("1,").endsWith(",LOGGED_IN");
      assertThat(lines.get(rows)).startsWith(rows + ",").endsWith(",NOT_FOUND");
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void theVerifyCommandReusesItsConnectionsInsteadOfOpeningOnePerRow(DatabaseKind kind)
      throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      importUsers(f);
      // Four times the connections allowed, so one per row fails; no more, as every unknown login
      // costs a dummy hash at the library's default work factor.
      int rows = 40;
      for (List<String> mode : List.of(List.of("--read-only"), List.<String>of())) {
        int before = CountingDriver.opened(f.db.jdbcUrl());
        List<String> options = new ArrayList<>(List.of("--known", known(rows).toString()));
        options.addAll(mode);
        ImportCliTest.Result r =
            ImportCliTest.cli(
                ImportCliTest.args(
                    "verify",
                    options,
                    List.of(
                        "--target-url",
                        CountingDriver.counted(f.db.jdbcUrl()),
                        "--target-user",
                        f.db.user(),
                        "--target-password",
                        f.db.password()),
                    List.of()));
        assertThat(r.out()).as(r.out() + r.err()).contains("LOGGED_IN=" + KNOWN_USERS);
        // A few (the checks before the command, then the command's pool), not one or more per row.
        assertThat(CountingDriver.opened(f.db.jdbcUrl()) - before)
            .as("connections opened by verify %s over %d rows", mode, rows)
            .isBetween(1, 10);
      }
    }
  }

  @Test
  void checkHashesOverTwoHundredThousandPairsRunsInA48MegabyteHeap() throws Exception {
    int pairs = 200_000;
    Path file = dir.resolve("pairs.csv");
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("password,hash\n");
      for (int i = 0; i < pairs; i++) {
        w.write("pw-" + i + "," + md5("salt" + i, "pw-" + i) + "\n");
      }
    }
    Path output = dir.resolve("check-hashes.out");
    // Counted by .ci/test-times.sh (issue 57: what a run starts).
    System.out.println("gatehouse-test-start: jvm the import CLI in 48 MB");
    List<String> command = ImportCliTest.launch("-Xmx48m");
    command.addAll(List.of("check-hashes", "--pairs", file.toString()));
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    // A guard against a hung child, not a measurement.
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
    String text = Files.readString(output);
    assertThat(p.exitValue()).as(text).isZero();
    assertThat(text).contains(pairs + " / " + pairs).doesNotContain("OutOfMemoryError");
  }
}
