package dev.gatehouse.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/ARCHITECTURE.md}'s module table and the build agree: every module of the parent
 * {@code pom.xml} has a row, every row is a module of the build, and every module a row says it may
 * use is one too.
 */
class ArchitectureDocumentTest {
  private static final Path ROOT = DocumentationFiles.repositoryRoot();
  private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
  private static final Pattern ROW = Pattern.compile("^\\| `([a-z0-9.-]+)` \\|.*\\| (.*) \\|$");
  private static final Pattern NAMED = Pattern.compile("`([a-z0-9.-]+)`");

  @Test
  void theModuleTableNamesEveryModuleOfTheBuildAndNoOther() throws IOException {
    Set<String> build = new LinkedHashSet<>();
    Matcher m = MODULE.matcher(Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8));
    while (m.find()) {
      build.add(m.group(1).trim());
    }
    assertThat(build).as("the parent pom's modules").hasSizeGreaterThan(10);

    Set<String> rows = new LinkedHashSet<>();
    Set<String> used = new LinkedHashSet<>();
    boolean inModules = false;
    for (String line :
        Files.readAllLines(ROOT.resolve("docs/ARCHITECTURE.md"), StandardCharsets.UTF_8)) {
      if (line.startsWith("## ")) {
        // Only the table of the Modules section: the package map below has rows of its own.
        inModules = line.equals("## Modules");
      }
      if (!inModules) {
        continue;
      }
      Matcher row = ROW.matcher(line);
      if (row.matches()) {
        rows.add(row.group(1));
        Matcher named = NAMED.matcher(row.group(2));
        while (named.find()) {
          used.add(named.group(1));
        }
      }
    }
    assertThat(rows).as("the modules ARCHITECTURE.md describes").containsExactlyElementsOf(build);
    assertThat(build).as("modules named in the \"may use\" column").containsAll(used);
  }
}
