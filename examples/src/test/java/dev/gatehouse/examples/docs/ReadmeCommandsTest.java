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
 * The README stays a front door (at most 150 lines) and its commands are the ones CI runs: the test
 * command and the "Getting the jars" lines appear in {@code .ci/run} exactly (the full release,
 * with sources and Javadoc, whose layout CI checks; the quick variant the README leads with is that
 * command with the two skips added), and the repository those lines fill is named in one place: the
 * README's first line, which the guide's command writes into the generated host's {@code pom.xml}.
 */
class ReadmeCommandsTest {
  private static final Path ROOT = DocumentationFiles.repositoryRoot();

  /** What the quick variant adds: each skips one of the two kinds of jar a trial does not need. */
  private static final String QUICK = " -Dmaven.javadoc.skip=true -Dmaven.source.skip=true";

  @Test
  void theReadmeIsAtMost150Lines() throws IOException {
    assertThat(Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8))
        .hasSizeLessThanOrEqualTo(150);
  }

  @Test
  void ciRunsTheReadmesTestCommandAndItsGettingTheJarsCommandExactly() throws IOException {
    List<String> ci = Files.readAllLines(ROOT.resolve(".ci/run"), StandardCharsets.UTF_8);
    List<String> test = block(section("## The two commands"), 3);
    assertThat(test).containsExactly("mvn -B verify");
    assertThat(ci).anyMatch(l -> l.startsWith("mvn -B verify 2>&1"));

    List<String> jars = block(section("## Getting the jars"), 1);
    assertThat(jars).hasSize(3);
    assertThat(jars.get(0)).startsWith("GATEHOUSE_REPO=");
    // Maven's parallel deploy into a file repository that does not exist yet can fail to create it.
    assertThat(jars.get(1)).isEqualTo("mkdir -p \"$GATEHOUSE_REPO\"");
    assertThat(ci).contains(jars.get(1));
    assertThat(ci).anyMatch(l -> l.startsWith("GATEHOUSE_REPO="));
    String quick = jars.get(2);
    assertThat(quick).startsWith("mvn ").contains(" deploy ").contains("$GATEHOUSE_REPO");

    List<String> full = block(section("## Getting the jars"), 2);
    assertThat(full).hasSize(1);
    assertThat(ci)
        .as("the README's full release command, verbatim, in .ci/run (its layout is checked)")
        .contains(full.get(0));
    assertThat(full.get(0)).doesNotContain(QUICK);
    assertThat(quick)
        .as("the quick variant is the full command with the Javadoc and source jars skipped")
        .isEqualTo(
            full.get(0)
                .replace(" -Dmaven.test.skip=true ", " -Dmaven.test.skip=true" + QUICK + " "));
  }

  @Test
  void ciRunsTheReadmesFirstCommandFromTheReadmeWithNoGatehouseArtifactBeforeIt()
      throws IOException {
    List<String> first = block(section("## The two commands"), 1);
    assertThat(first).hasSize(1);
    assertThat(first.get(0))
        .startsWith("mvn ")
        .contains("-pl examples -am package")
        .contains("java -jar examples/target/gatehouse-examples.jar");
    List<String> ci = Files.readAllLines(ROOT.resolve(".ci/run"), StandardCharsets.UTF_8);
    assertThat(ci)
        .anyMatch(l -> l.startsWith("side ") && l.endsWith(" .ci/check-first-command.sh"));
    String check =
        Files.readString(ROOT.resolve(".ci/check-first-command.sh"), StandardCharsets.UTF_8);
    assertThat(check)
        .as("the check reads the command from the README, not a copy of it")
        .contains("/^## The two commands$/")
        .contains("README.md")
        .contains("rm -rf \"$work/repository/dev/gatehouse\"")
        .contains("-Dmaven.repo.local=$work/repository");
  }

  @Test
  void theRepositorysPathIsWrittenOnceAndTheGeneratedHostHoldsIt() throws IOException {
    String readmeRepo =
        block(section("## Getting the jars"), 1).get(0).replace("GATEHOUSE_REPO=", "");
    assertThat(readmeRepo).isEqualTo("\"$HOME/gatehouse-repo\"");
    String guide = Files.readString(ROOT.resolve("docs/SPRING.md"), StandardCharsets.UTF_8);
    String pom =
        Files.readString(
            ROOT.resolve(
                "gatehouse-spring-boot-archetype/src/main/resources/archetype-resources/pom.xml"),
            StandardCharsets.UTF_8);
    assertThat(guide)
        .as("the guide's command reads the README's $GATEHOUSE_REPO, it does not set it")
        .doesNotContain("GATEHOUSE_REPO=")
        .doesNotContain("file://${user.home}");
    assertThat(pom)
        .as("the generated pom holds the path the guide's command passes")
        .contains("<gatehouse.repository>file://${gatehouseRepository}</gatehouse.repository>")
        .contains("<url>${gatehouse.repository}</url>")
        .doesNotContain("gatehouse-repo");
    assertThat(guide).contains("-DgatehouseRepository=\"$GATEHOUSE_REPO\"");
  }

  /** The README's lines from a heading to the next heading of the same level. */
  private static List<String> section(String heading) throws IOException {
    List<String> lines = Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    int start = lines.indexOf(heading);
    assertThat(start).as("README heading %s", heading).isNotNegative();
    int end = start + 1;
    while (end < lines.size() && !lines.get(end).startsWith("## ")) {
      end++;
    }
    return lines.subList(start, end);
  }

  /** The lines of the n-th (1-based) {@code sh} block of a section. */
  private static List<String> block(List<String> section, int n) {
    int seen = 0;
    for (int i = 0; i < section.size(); i++) {
      if (section.get(i).equals("```sh") && ++seen == n) {
        List<String> out = new ArrayList<>();
        for (int j = i + 1; j < section.size() && !section.get(j).equals("```"); j++) {
          out.add(section.get(j));
        }
        return out;
      }
    }
    throw new AssertionError("no sh block " + n + " in " + section.get(0));
  }
}
