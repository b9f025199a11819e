package dev.gatehouse.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The outside module (issue 75 item 5) stays outside: {@code outside/api-keys} is its own project
 * on the released jars, never a module of this build, and CI builds and tests it against the
 * release repository of the README's "Getting the jars", beside the guide's archetype host.
 */
class OutsideModuleTest {
  private static final Path ROOT = DocumentationFiles.repositoryRoot();
  private static final Path PROJECT = ROOT.resolve("outside/api-keys");

  @Test
  void ciBuildsAndTestsTheOutsideModuleAgainstTheReleaseBesideTheArchetypeHost()
      throws IOException {
    List<String> ci = Files.readAllLines(ROOT.resolve(".ci/run"), StandardCharsets.UTF_8);
    int deploy = indexOf(ci, l -> l.startsWith("mvn ") && l.contains(" deploy "));
    int host = indexOf(ci, l -> l.endsWith(" .ci/build-archetype-host.sh \"$GATEHOUSE_REPO\""));
    int outside = indexOf(ci, l -> l.endsWith(" .ci/build-outside-module.sh \"$GATEHOUSE_REPO\""));
    assertThat(deploy).isNotNegative();
    assertThat(host).isGreaterThan(deploy);
    assertThat(outside).isGreaterThan(deploy);
    assertThat(List.of(ci.get(host), ci.get(outside)))
        .as("each started beside the other with a local repository of its own")
        .allMatch(l -> l.startsWith("side ") && l.contains("MAVEN_REPO_LOCAL="));

    String script =
        Files.readString(ROOT.resolve(".ci/build-outside-module.sh"), StandardCharsets.UTF_8);
    assertThat(script)
        .contains("outside/api-keys")
        .contains("-Dgatehouse.repository=\"file://$repo\"")
        .contains("MAVEN_REPO_LOCAL")
        .contains("surefire-reports/TEST-*.xml")
        .contains("ran no tests");
  }

  @Test
  void theOutsideModuleIsNoModuleOfThisBuild() throws IOException {
    try (Stream<Path> poms = Files.walk(ROOT)) {
      List<Path> reactor =
          poms.filter(p -> p.getFileName().toString().equals("pom.xml"))
              .filter(p -> !p.startsWith(PROJECT))
              .filter(p -> !p.toString().contains("/target/"))
              .filter(p -> !p.toString().contains("/src/"))
              .toList();
      assertThat(reactor).contains(ROOT.resolve("pom.xml"));
      for (Path pom : reactor) {
        assertThat(Files.readString(pom, StandardCharsets.UTF_8))
            .as(ROOT.relativize(pom).toString())
            .doesNotContain("<module>outside")
            .doesNotContain("api-keys</module>");
      }
    }
  }

  @Test
  void theOutsideModuleReadsTheReleaseAsAHostDoesWithNoParentAndNoInternalPackage()
      throws IOException {
    String pom = Files.readString(PROJECT.resolve("pom.xml"), StandardCharsets.UTF_8);
    String version =
        Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8)
            .replaceAll(
                "(?s).*?<artifactId>gatehouse-parent</artifactId>\\s*<version>([^<]+)</version>.*",
                "$1");
    assertThat(pom)
        .doesNotContain("<parent>")
        .contains("<gatehouse.version>" + version + "</gatehouse.version>")
        .contains("<gatehouse.repository>file://${user.home}/gatehouse-repo</gatehouse.repository>")
        .contains("<url>${gatehouse.repository}</url>")
        .contains("<artifactId>gatehouse-platform</artifactId>");
    try (Stream<Path> sources = Files.walk(PROJECT.resolve("src"))) {
      for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
        assertThat(Files.readString(source, StandardCharsets.UTF_8))
            .as(ROOT.relativize(source).toString())
            .doesNotContainPattern("import (static )?dev\\.gatehouse\\.[a-z.]*\\.internal\\.");
      }
    }
  }

  private static int indexOf(List<String> lines, java.util.function.Predicate<String> line) {
    for (int i = 0; i < lines.size(); i++) {
      if (line.test(lines.get(i))) {
        return i;
      }
    }
    return -1;
  }
}
