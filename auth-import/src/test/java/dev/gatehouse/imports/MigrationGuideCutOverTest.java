package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Follows docs/MIGRATION.md's cut-over steps as written, through the CLI entry point, on the
 * Django, FastAPI-Users and MongoDB samples: the commands are read from the {@code shell} blocks of
 * the guide's "Cut-over" section, so the guide and the test cannot drift apart.
 */
@OneDatabase(
    "the guide's commands as written; the import's writes on each database are DjangoImportTest's")
class MigrationGuideCutOverTest {
  private static final Path GUIDE = Path.of("../docs/MIGRATION.md");
  private static final Pattern RUN_ID = Pattern.compile("Run (\\S+) of ");

  @TempDir Path dir;

  /** The cut-over section's shell blocks, in order. */
  static List<List<String>> shellBlocks() throws IOException {
    String guide = Files.readString(GUIDE, StandardCharsets.UTF_8);
    int start = guide.indexOf("\n## Cut-over\n");
    assertThat(start).as("the guide has a Cut-over section").isPositive();
    int end = guide.indexOf("\n## ", start + 5);
    String section = guide.substring(start, end < 0 ? guide.length() : end);
    List<List<String>> blocks = new ArrayList<>();
    Matcher m = Pattern.compile("```shell\n(.*?)```", Pattern.DOTALL).matcher(section);
    while (m.find()) {
      List<String> lines = new ArrayList<>();
      for (String line : m.group(1).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          lines.add(line.strip());
        }
      }
      blocks.add(lines);
    }
    return blocks;
  }

  /** The source blocks (those naming a SOURCE), by the sample directory they go with. */
  static Map<String, Map<String, String>> sources() throws IOException {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (List<String> block : shellBlocks()) {
      Map<String, String> vars = new LinkedHashMap<>();
      for (String line : block) {
        int eq = line.indexOf('=');
        if (eq > 0 && line.substring(0, eq).matches("[A-Z_]+")) {
          String v = line.substring(eq + 1);
          vars.put(line.substring(0, eq), v.startsWith("\"") ? v.substring(1, v.length() - 1) : v);
        }
      }
      if (vars.containsKey("SOURCE")) {
        String type = vars.get("SOURCE").split("\\s+")[1];
        String sample =
            switch (type) {
              case "django-sqlite" -> "django";
              case "fastapi-csv" -> "fastapi-users";
              case "mongo" -> "mongo-biograph";
              default -> throw new AssertionError("no sample for source type " + type);
            };
        out.put(sample, vars);
      }
    }
    return out;
  }

  /** The steps: the block of gatehouse-import commands. */
  static List<String> steps() throws IOException {
    return shellBlocks().stream()
        .filter(b -> b.stream().anyMatch(l -> l.startsWith("gatehouse-import ")))
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  @Test
  void theGuideHasABlockForEverySampleAndTheStepsInOrder() throws IOException {
    assertThat(sources().keySet()).containsExactly("django", "fastapi-users", "mongo-biograph");
    assertThat(steps().stream().map(l -> l.split("\\s+")[1]))
        .containsExactly(
            "plan", "run", "verify", "run", "resolve", "resolve", "runs", "rollback", "run");
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void theCutOverStepsOfTheGuideHoldOnTheSamples(DatabaseKind kind) throws Exception {
    for (Map.Entry<String, Map<String, String>> source : sources().entrySet()) {
      try (TestDatabase db = TestDatabase.create(kind)) {
        followTheGuide(db, source.getKey(), source.getValue());
      }
    }
  }

  private void followTheGuide(TestDatabase db, String sample, Map<String, String> guideVars)
      throws Exception {
    Path work = Files.createDirectories(dir.resolve(sample + "-" + db.kind()));
    try (Stream<Path> files = Files.list(ImportFixture.sample(sample))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, work.resolve(f.getFileName()));
      }
    }
    Map<String, String> vars = new LinkedHashMap<>(guideVars);
    String runId = null;
    long importedUsers = 0;
    int runs = 0;
    boolean rolledBack = false;
    for (String line : steps()) {
      List<String> args = new ArrayList<>();
      boolean applies = true;
      for (String token : line.split("\\s+")) {
        if (token.equals("$TARGET")) {
          args.addAll(
              List.of(
                  "--target-url",
                  db.jdbcUrl(),
                  "--target-user",
                  db.user(),
                  "--target-password",
                  db.password()));
        } else if (token.equals("$RUN_ID")) {
          assertThat(runId).as("a run printed its id before " + line).isNotNull();
          args.add(runId);
        } else if (token.startsWith("$")) {
          String v = expand(vars, token.substring(1));
          if (v == null) {
            applies = false;
            break;
          }
          args.addAll(List.of(v.split("\\s+")));
        } else {
          args.add(token);
        }
      }
      if (!applies) {
        continue;
      }
      args.remove(0); // gatehouse-import
      for (int i = 0; i < args.size(); i++) {
        if (args.get(i).matches("[\\w.-]+\\.(csv|json|jsonl|sqlite3)")) {
          args.set(i, work.resolve(args.get(i)).toString());
        }
      }
      String command = args.get(0);
      ImportCliTest.Result r = ImportCliTest.cli(args.toArray(String[]::new));
      String what = sample + " on " + db.kind() + ": " + line + "\n" + r.out() + r.err();
      switch (command) {
        case "plan" -> {
          assertThat(r.status()).as(what).isZero();
          assertThat(r.out()).as(what).contains("PASSED");
          assertThat(new ObjectMapper().readTree(work.resolve("plan.json").toFile()).isObject())
              .isTrue();
          assertThat(count(db, "select count(*) from gh_user")).as(what).isZero();
        }
        case "run" -> {
          assertThat(r.status()).as(what).isZero();
          assertThat(r.out()).as(what).contains("COMPLETED");
          Matcher m = RUN_ID.matcher(r.out());
          assertThat(m.find()).as(what).isTrue();
          long users = count(db, "select count(*) from gh_user");
          assertThat(users).as(what).isPositive();
          runs++;
          if (runs == 1) {
            runId = m.group(1); // step 2: the id the rollback takes
            importedUsers = users;
          } else if (!rolledBack) {
            // the re-run: already imported ids are skipped, nothing changes
            assertThat(users).as(what).isEqualTo(importedUsers);
            assertThat(r.out()).as(what).contains("created 0,");
          } else {
            // after the rollback: imported again, as many as the first time
            assertThat(users).as(what).isEqualTo(importedUsers);
          }
        }
        case "verify" -> {
          assertThat(r.status()).as(what).isIn(0, 1);
          assertThat(r.out()).as(what).contains("read-only").contains("LOGGED_IN");
          assertThat(count(db, "select count(*) from gh_session")).as(what).isZero();
        }
        case "resolve" -> {
          assertThat(r.status()).as(what).isIn(0, 1);
          if (args.contains("--export")) {
            List<String> mapping = Files.readAllLines(work.resolve("mapping.csv"));
            assertThat(mapping.get(0)).isEqualTo("legacy_id,user_id,action");
            assertThat(mapping)
                .hasSize((int) count(db, "select count(*) from gh_import_mapping") + 1);
          } else {
            assertResolved(db, work, what);
          }
        }
        case "runs" -> {
          assertThat(r.status()).as(what).isZero();
          assertThat(r.out())
              .as(what)
              .contains("run " + runId + " of " + vars.get("NAME") + ": COMPLETED")
              .contains(" #1 records 1-");
        }
        case "rollback" -> {
          assertThat(r.status()).as(what).isZero();
          assertThat(count(db, "select count(*) from gh_user")).as(what).isZero();
          assertThat(count(db, "select count(*) from gh_import_mapping")).as(what).isZero();
          rolledBack = true;
        }
        default -> throw new AssertionError("the guide runs an unknown command: " + line);
      }
    }
    assertThat(runs).as("the guide ran the imports of " + sample).isEqualTo(3);
    assertThat(rolledBack).isTrue();
  }

  private static String expand(Map<String, String> vars, String name) {
    String v = vars.get(name);
    if (v == null) {
      return null;
    }
    Matcher m = Pattern.compile("\\$([A-Z_]+)").matcher(v);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String inner = expand(vars, m.group(1));
      m.appendReplacement(b, Matcher.quoteReplacement(inner == null ? "" : inner));
    }
    m.appendTail(b);
    return b.toString().trim();
  }

  /** Every resolved reference names the account its legacy id is mapped to; no other is set. */
  private static void assertResolved(TestDatabase db, Path work, String what) throws Exception {
    Map<String, String> mapping = new LinkedHashMap<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select legacy_id, user_public_id from gh_import_mapping")) {
      while (rs.next()) {
        mapping.put(rs.getString(1), rs.getString(2));
      }
    }
    ObjectMapper json = new ObjectMapper();
    List<String> in = Files.readAllLines(work.resolve("biographs.jsonl"));
    List<String> out = Files.readAllLines(work.resolve("related.resolved.jsonl"));
    long resolved = 0;
    int n = 0;
    for (String line : in) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode before = json.readTree(line);
      JsonNode after = json.readTree(out.get(n++));
      assertThat(after.get("_id")).isEqualTo(before.get("_id"));
      JsonNode ref = before.get("user_id");
      String legacy = ref.has("$oid") ? ref.get("$oid").asText() : ref.asText();
      JsonNode id = after.get("gatehouse_user_id");
      if (mapping.containsKey(legacy)) {
        assertThat(id.asText()).as(what).isEqualTo(mapping.get(legacy));
        resolved++;
      } else {
        assertThat(id.isNull()).as(what).isTrue();
      }
    }
    assertThat(out).hasSize(n);
    assertThat(resolved).as(what).isPositive();
  }

  private static long count(TestDatabase db, String sql) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
