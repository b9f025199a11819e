package dev.gatehouse.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The host {@code pom.xml} that gatehouse-spring-boot-archetype writes names the versions this
 * build makes and is tested with, so it cannot go stale at a release or a Spring Boot upgrade: the
 * archetype's descriptor gives this build's Gatehouse and Spring Boot versions as the defaults of
 * the template's {@code gatehouseVersion} and {@code springBootVersion}, and the plugins are the
 * parent's. ({@code .ci/build-archetype-host.sh} generates and builds the host against the release
 * build; DocumentationSnippetsTest keeps docs/SPRING.md's copy.)
 */
class ReadmeHostPomTest {
  private static final Path ARCHETYPE = Path.of("..", "gatehouse-spring-boot-archetype");
  private static final Path HOST_POM =
      ARCHETYPE.resolve("src/main/resources/archetype-resources/pom.xml");
  private static final Path DESCRIPTOR =
      ARCHETYPE.resolve("src/main/resources/META-INF/maven/archetype-metadata.xml");
  private static final Path PARENT_POM = Path.of("..", "pom.xml");

  @Test
  void theHostPomNamesThisBuildsGatehouseAndSpringBootVersions() throws Exception {
    String host = Files.readString(HOST_POM);
    String descriptor = Files.readString(DESCRIPTOR);
    String parent = Files.readString(PARENT_POM);
    assertThat(first(host, "<gatehouse.version>([^<]+)</gatehouse.version>"))
        .isEqualTo("${gatehouseVersion}");
    assertThat(first(host, "<spring-boot.version>([^<]+)</spring-boot.version>"))
        .isEqualTo("${springBootVersion}");
    // Filtered by the archetype's build: ${project.version} and the parent's
    // ${spring-boot.version}.
    assertThat(first(descriptor, "key=\"gatehouseVersion\"><defaultValue>([^<]+)<"))
        .isEqualTo("${project.version}");
    assertThat(first(descriptor, "key=\"springBootVersion\"><defaultValue>([^<]+)<"))
        .isEqualTo("${spring-boot.version}");
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
    assertThat(host)
        .as("the probes docs/SPRING.md promises")
        .contains("<artifactId>spring-boot-starter-actuator</artifactId>");
  }

  private static String first(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("%s", regex).isTrue();
    return m.group(1);
  }
}
