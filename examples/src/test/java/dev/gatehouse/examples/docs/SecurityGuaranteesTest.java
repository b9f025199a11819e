package dev.gatehouse.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/SECURITY-GUARANTEES.md} names, for every guarantee, the tests that prove it (issue
 * 36): each row of its tables must name at least one test, and each named test class must exist in
 * the module's test sources and each named method in that class, so a guarantee cannot keep a proof
 * that was renamed or deleted.
 *
 * <p>A reference is {@code path/Class} or {@code path/Class.method}, relative to a module's test
 * package (auth-jpa's unless the cell names another module first, {@code auth-core: ...}, which
 * then holds for the rest of the cell); {@code …method} names a method of the cell's previous
 * class.
 */
class SecurityGuaranteesTest {
  private static final Path ROOT = DocumentationFiles.repositoryRoot();
  private static final Pattern REFERENCE =
      Pattern.compile(
          "`(?:([a-z0-9-]+): )?([A-Za-z0-9/]*[A-Z][A-Za-z0-9]*)(?:\\.([A-Za-z0-9_]+))?`");
  private static final Pattern CONTINUED = Pattern.compile("`…([A-Za-z0-9_]+)`");

  @Test
  void everyGuaranteeNamesTestsThatExist() throws IOException {
    List<String> lines =
        Files.readAllLines(ROOT.resolve("docs/SECURITY-GUARANTEES.md"), StandardCharsets.UTF_8);
    List<String> problems = new ArrayList<>();
    int rows = 0;
    int references = 0;
    for (String line : lines) {
      if (!line.startsWith("| ") || line.startsWith("| guarantee") || line.startsWith("|---")) {
        continue;
      }
      String[] cells = line.split(" \\| ");
      String proof = cells[cells.length - 1];
      rows++;
      String module = "auth-jpa";
      Path lastClass = null;
      int found = 0;
      // References in the order they appear: full ones and continuations.
      Matcher full = REFERENCE.matcher(proof);
      Matcher more = CONTINUED.matcher(proof);
      List<int[]> order = new ArrayList<>();
      while (full.find()) {
        order.add(new int[] {full.start(), 0});
      }
      while (more.find()) {
        order.add(new int[] {more.start(), 1});
      }
      order.sort((a, b) -> Integer.compare(a[0], b[0]));
      for (int[] at : order) {
        String method;
        if (at[1] == 0) {
          full.find(at[0]);
          if (full.group(1) != null) {
            module = full.group(1);
          }
          lastClass = testClass(module, full.group(2));
          if (lastClass == null) {
            problems.add("no test class " + module + ": " + full.group(2) + " (" + proof + ")");
            continue;
          }
          method = full.group(3);
        } else {
          more.find(at[0]);
          method = more.group(1);
          if (lastClass == null) {
            problems.add("…" + method + " follows no test class (" + proof + ")");
            continue;
          }
        }
        if (method != null && !declares(lastClass, method)) {
          problems.add(ROOT.relativize(lastClass) + " has no test " + method);
          continue;
        }
        found++;
        references++;
      }
      if (found == 0 && problems.stream().noneMatch(p -> p.contains(proof))) {
        problems.add("a guarantee names no test: " + line);
      }
    }
    assertThat(problems).as("docs/SECURITY-GUARANTEES.md").isEmpty();
    assertThat(rows).isGreaterThan(20);
    assertThat(references).isGreaterThanOrEqualTo(rows);
  }

  /** The test source of {@code reference} ({@code dir/Class}) in {@code module}, or null. */
  private static Path testClass(String module, String reference) {
    Path tests = ROOT.resolve(module).resolve("src/test/java");
    if (!Files.isDirectory(tests)) {
      return null;
    }
    String suffix = "/" + reference + ".java";
    try (Stream<Path> files = Files.walk(tests)) {
      return files
          .filter(p -> p.toString().replace('\\', '/').endsWith(suffix))
          .findFirst()
          .orElse(null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean declares(Path source, String method) {
    try {
      return Pattern.compile("\\bvoid\\s+" + Pattern.quote(method) + "\\s*\\(")
          .matcher(Files.readString(source, StandardCharsets.UTF_8))
          .find();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
