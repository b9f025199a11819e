package dev.gatehouse.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/SPRING.md's first command generates the project its files show: it names this build's
 * archetype and plugin versions, and the groupId, artifactId and package that
 * DocumentationSnippetsTest renders the archetype's templates with. ({@code
 * .ci/build-archetype-host.sh} runs the command.)
 */
class ArchetypeCommandTest {
  private static final Path ROOT = DocumentationFiles.repositoryRoot();

  @Test
  void theGuidesCommandNamesThisBuildAndTheProjectItsFilesShow() throws IOException {
    String guide = Files.readString(ROOT.resolve("docs/SPRING.md"), StandardCharsets.UTF_8);
    String parent = Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8);
    String command = first(guide, "(?m)^(mvn -B \\S+maven-dependency-plugin\\S+:get .*)$");
    String version =
        first(parent, "<artifactId>gatehouse-parent</artifactId>\\s*<version>([^<]+)<");

    assertThat(command)
        .contains(
            "maven-dependency-plugin:" + property(parent, "dependency.plugin.version") + ":get")
        .contains(
            "maven-archetype-plugin:" + property(parent, "archetype.plugin.version") + ":generate")
        .contains("-Dartifact=dev.gatehouse:gatehouse-spring-boot-archetype:" + version + " ")
        .contains("-DarchetypeVersion=" + version + " ")
        .contains("file://${GATEHOUSE_REPO:?")
        .contains(" -DgatehouseRepository=\"$GATEHOUSE_REPO\" ");
    var values = DocumentationSnippetsTest.ARCHETYPE_VALUES;
    assertThat(command)
        .contains("-DgroupId=" + values.get("${groupId}") + " ")
        .contains("-DartifactId=" + values.get("${artifactId}") + " ")
        .endsWith("-Dpackage=" + values.get("${package}"))
        .doesNotContain("-Dversion=");
    // Without -Dversion the archetype plugin's default, which the guide's jar name shows.
    assertThat(guide)
        .contains(
            "java -jar target/"
                + values.get("${artifactId}")
                + "-"
                + values.get("${version}")
                + ".jar");
  }

  private static String property(String pom, String name) {
    return first(pom, "<" + Pattern.quote(name) + ">([^<]+)</");
  }

  private static String first(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("%s", regex).isTrue();
    return m.group(1);
  }
}
