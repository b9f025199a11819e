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
 * command and the "Getting the jars" lines appear in {@code .ci/run} exactly, and the repository
 * those lines fill is the one the guides' host {@code pom.xml} reads by default.
 */
class ReadmeCommandsTest {
  private static final Path ROOT = DocumentationFiles.repositoryRoot();

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
    String deploy = jars.get(2);
    assertThat(deploy).startsWith("mvn ").contains(" deploy ").contains("$GATEHOUSE_REPO");
    assertThat(ci).as("the README's deploy line, verbatim, in .ci/run").contains(deploy);
    assertThat(ci).anyMatch(l -> l.startsWith("GATEHOUSE_REPO="));
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
  void theGuidesHostPomReadsTheRepositoryTheReadmeFills() throws IOException {
    String readmeRepo =
        block(section("## Getting the jars"), 1).get(0).replace("GATEHOUSE_REPO=", "");
    assertThat(readmeRepo).isEqualTo("\"$HOME/gatehouse-repo\"");
    String pom =
        Files.readString(
            ROOT.resolve(
                "gatehouse-spring-boot-archetype/src/main/resources/archetype-resources/pom.xml"),
            StandardCharsets.UTF_8);
    assertThat(pom)
        .contains("<gatehouse.repository>file://${user.home}/gatehouse-repo</gatehouse.repository>")
        .contains("<url>${gatehouse.repository}</url>");
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
