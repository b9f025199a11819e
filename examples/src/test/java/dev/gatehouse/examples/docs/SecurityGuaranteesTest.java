package dev.gatehouse.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/SECURITY-GUARANTEES.md} names, for every guarantee, the tests that prove it (issue
 * 36): each row of its tables must name at least one test, and each named test class must exist in
 * the module's test sources and each named method in that class, so a guarantee cannot keep a proof
 * that was renamed or deleted. How a cell names a test: {@link TestReferences} (auth-jpa's unless
 * the cell names another module first).
 */
class SecurityGuaranteesTest {
  private static final Path ROOT = DocumentationFiles.repositoryRoot();

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
      int found = TestReferences.in(proof, "auth-jpa", ROOT, problems).size();
      references += found;
      if (found == 0 && problems.stream().noneMatch(p -> p.contains(proof))) {
        problems.add("a guarantee names no test: " + line);
      }
    }
    assertThat(problems).as("docs/SECURITY-GUARANTEES.md").isEmpty();
    assertThat(rows).isGreaterThan(20);
    assertThat(references).isGreaterThanOrEqualTo(rows);
  }
}
