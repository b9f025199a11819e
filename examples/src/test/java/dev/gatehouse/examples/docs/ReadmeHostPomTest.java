package dev.gatehouse.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's host {@code pom.xml} names the versions this build makes and is tested with, so it
 * cannot go stale at a release or a Spring Boot upgrade. ({@code .ci/build-readme-host.sh} builds
 * the host with it against the release build; DocumentationSnippetsTest keeps the README's copy.)
 */
class ReadmeHostPomTest {
  private static final Path HOST_POM = Path.of("src/test/resources/com/example/shop/pom.xml");
  private static final Path PARENT_POM = Path.of("..", "pom.xml");

  @Test
  void theHostPomNamesThisBuildsGatehouseAndSpringBootVersions() throws Exception {
    String host = Files.readString(HOST_POM);
    String parent = Files.readString(PARENT_POM);
    String ownVersion =
        first(parent, "<artifactId>gatehouse-parent</artifactId>\\s*<version>([^<]+)</version>");
    assertThat(first(host, "<gatehouse.version>([^<]+)</gatehouse.version>")).isEqualTo(ownVersion);
    assertThat(first(host, "<spring-boot.version>([^<]+)</spring-boot.version>"))
        .isEqualTo(first(parent, "<spring-boot.version>([^<]+)</spring-boot.version>"));
    assertThat(
            first(
                host,
                "<artifactId>maven-compiler-plugin</artifactId>\\s*<version>([^<]+)</version>"))
        .isEqualTo(first(parent, "<compiler.plugin.version>([^<]+)</compiler.plugin.version>"));
    assertThat(
            first(
                host,
                "<artifactId>maven-surefire-plugin</artifactId>\\s*<version>([^<]+)</version>"))
        .isEqualTo(first(parent, "<surefire.plugin.version>([^<]+)</surefire.plugin.version>"));
    assertThat(host.indexOf("<artifactId>gatehouse-platform</artifactId>"))
        .as("Gatehouse's platform imported before Spring Boot's, so Liquibase stays on 4.x")
        .isPositive()
        .isLessThan(host.indexOf("<artifactId>spring-boot-dependencies</artifactId>"));
    assertThat(host).contains("<maven.compiler.release>17</maven.compiler.release>");
    assertThat(host).contains("<parameters>true</parameters>");
  }

  private static String first(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("%s", regex).isTrue();
    return m.group(1);
  }
}
