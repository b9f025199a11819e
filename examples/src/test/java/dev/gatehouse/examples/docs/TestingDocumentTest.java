package dev.gatehouse.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.examples.docs.TestReferences.Reference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/TESTING.md}, "Where Gatehouse's own tests run" (issue 57), says for every guarantee
 * of {@code docs/SECURITY-GUARANTEES.md}, every database-specific behaviour and every flow test
 * class which tests prove it and where they run. A guarantee must not lose its row, a row must not
 * name a test that is gone, and a flow test class must run where the table says.
 */
class TestingDocumentTest {
  private static final Path ROOT = DocumentationFiles.repositoryRoot();
  private static final Path FLOWS =
      ROOT.resolve("auth-core/src/test/java/dev/gatehouse/core/flows");
  private static final String EVERY_DATABASE = "in-memory, H2, PostgreSQL, MariaDB";
  private static final String ONE_DATABASE = "in-memory, H2";

  /** A place a test runs, in the parentheses after each test a "proved by" cell names. */
  private static final Pattern PLACES =
      Pattern.compile("\\([^()]*\\b(in-memory|H2|PostgreSQL|MariaDB|no store)\\b[^()]*\\)");

  /** A test reference that starts a new item of a cell (a continuation {@code …m} does not). */
  private static final Pattern ITEM = Pattern.compile("`(?:[a-z0-9-]+: )?[A-Za-z0-9/]*[A-Z]");

  @Test
  void everyGuaranteeHasItsRowWithEveryTestItNames() {
    List<String[]> guarantees = rows(read("docs/SECURITY-GUARANTEES.md"), null);
    List<String[]> table = rows(read("docs/TESTING.md"), "### Security guarantees");
    List<String> problems = new ArrayList<>();
    Map<String, Integer> matchedRows = new LinkedHashMap<>();
    table.forEach(row -> matchedRows.put(prefix(row[0]), 0));
    for (String[] guarantee : guarantees) {
      String text = normalised(guarantee[0]);
      List<String[]> matches =
          table.stream().filter(row -> text.startsWith(prefix(row[0]))).toList();
      if (matches.size() != 1) {
        problems.add(
            (matches.isEmpty() ? "no row in TESTING.md for " : "several rows in TESTING.md for ")
                + text);
        continue;
      }
      matchedRows.merge(prefix(matches.get(0)[0]), 1, Integer::sum);
      Set<String> named = classes(guarantee[guarantee.length - 1], problems);
      Set<String> listed = classes(matches.get(0)[1], problems);
      named.removeAll(listed);
      if (!named.isEmpty()) {
        problems.add("TESTING.md's row for \"" + text + "\" lacks " + named);
      }
    }
    matchedRows.forEach(
        (prefix, n) -> {
          if (n == 0) {
            problems.add("TESTING.md's row \"" + prefix + "\" matches no guarantee");
          }
        });
    assertThat(problems).as("docs/TESTING.md against docs/SECURITY-GUARANTEES.md").isEmpty();
    assertThat(guarantees).hasSizeGreaterThan(20).hasSameSizeAs(table);
  }

  @Test
  void everyTestTheTablesNameExistsAndSaysWhereItRuns() {
    List<String> lines = read("docs/TESTING.md");
    List<String> problems = new ArrayList<>();
    int references = 0;
    for (String heading : List.of("### Database-specific behaviour", "### Security guarantees")) {
      List<String[]> table = rows(lines, heading);
      assertThat(table).as(heading).isNotEmpty();
      for (String[] row : table) {
        String cell = row[row.length - 1];
        references += TestReferences.in(cell, "auth-jpa", ROOT, problems).size();
        // Each test named starts an item that says where it runs before the next one starts.
        Matcher item = ITEM.matcher(cell);
        List<Integer> starts = new ArrayList<>();
        while (item.find()) {
          starts.add(item.start());
        }
        for (int i = 0; i < starts.size(); i++) {
          int end = i + 1 < starts.size() ? starts.get(i + 1) : cell.length();
          String one = cell.substring(starts.get(i), end);
          if (!PLACES.matcher(one).find()) {
            problems.add("no place to run in \"" + one.trim() + "\" (" + heading + ")");
          }
        }
      }
    }
    assertThat(problems).as("docs/TESTING.md").isEmpty();
    assertThat(references).isGreaterThan(80);
  }

  @Test
  void everyFlowTestClassRunsWhereTheTableSays() throws IOException {
    List<String> problems = new ArrayList<>();
    Map<Path, String> said = new LinkedHashMap<>();
    for (String[] row : rows(read("docs/TESTING.md"), "### Flow test classes")) {
      for (Reference r : TestReferences.in(row[0], "auth-core", ROOT, problems)) {
        said.put(r.source(), row[1].trim());
      }
    }
    List<Path> classes;
    try (Stream<Path> files = Files.walk(FLOWS)) {
      classes = files.filter(p -> p.toString().endsWith("Test.java")).sorted().toList();
    }
    assertThat(classes).hasSizeGreaterThan(30);
    for (Path source : classes) {
      String name = FLOWS.relativize(source).toString().replace('\\', '/');
      String places = said.remove(source);
      if (places == null) {
        problems.add("flow test class " + name + " is not in TESTING.md's first table");
      } else if (!places.equals(runsOn(source))) {
        problems.add(name + " runs on " + runsOn(source) + ", TESTING.md says " + places);
      }
    }
    said.keySet().forEach(p -> problems.add("not a flow test class: " + ROOT.relativize(p)));
    assertThat(problems).as("docs/TESTING.md, flow test classes").isEmpty();
  }

  /**
   * Where auth-core's build and auth-jpa's run a flow test class: every store kind through {@code
   * EnabledStores}, the first kind of each module only when the class is {@code @OneDatabase} or
   * never takes its kinds from {@code EnabledStores}.
   */
  private static String runsOn(Path source) {
    String text;
    try {
      text = Files.readString(source, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    boolean everyKind = text.contains("EnabledStores") && !text.contains("\n@OneDatabase(");
    return everyKind ? EVERY_DATABASE : ONE_DATABASE;
  }

  /** The {@code module: path/Class} of every test a cell names (problems get the missing ones). */
  private static Set<String> classes(String cell, List<String> problems) {
    return TestReferences.in(cell, "auth-jpa", ROOT, problems).stream()
        .map(Reference::testClass)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** The text of a TESTING.md row's first cell before its "…", normalised. */
  private static String prefix(String cell) {
    String text = normalised(cell);
    return text.endsWith("…") ? text.substring(0, text.length() - 1).trim() : text;
  }

  private static String normalised(String cell) {
    return cell.replace("**", "").replace("`", "").replaceAll("\\s+", " ").trim();
  }

  /**
   * The cells of the body rows of every table after {@code heading} up to the next heading of any
   * level (of every table in the file when null).
   */
  private static List<String[]> rows(List<String> lines, String heading) {
    List<String[]> rows = new ArrayList<>();
    boolean in = heading == null;
    boolean header = true;
    for (String line : lines) {
      if (line.startsWith("#")) {
        in = heading == null || line.equals(heading);
        continue;
      }
      if (line.startsWith("|---")) {
        continue;
      }
      if (!in || !line.startsWith("| ")) {
        header = true;
        continue;
      }
      if (header) {
        header = false; // the table's header row
        continue;
      }
      String body = line.substring(2, line.endsWith(" |") ? line.length() - 2 : line.length());
      rows.add(body.split(" \\| "));
    }
    return rows;
  }

  private static List<String> read(String page) {
    try {
      return Files.readAllLines(ROOT.resolve(page), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
