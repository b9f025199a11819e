package dev.gatehouse.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.boot.host.HostApplication;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplicationAotProcessor;
import org.springframework.context.aot.AbstractAotProcessor.Settings;

/**
 * Spring's ahead-of-time processing of a host on the starter, as its build plugin runs it for a
 * native image: the generated reachability metadata names the library's changelogs and email
 * templates as resources and the host's entity subclasses (with Gatehouse's bases) for reflection.
 */
class AotHintsTest {

  @Test
  void aHostsNativeImageMetadataCoversChangelogsTemplatesAndItsEntities(@TempDir Path out)
      throws Exception {
    Settings settings =
        Settings.builder()
            .sourceOutput(out.resolve("sources"))
            .resourceOutput(out.resolve("resources"))
            .classOutput(out.resolve("classes"))
            .groupId("com.example")
            .artifactId("host")
            .build();
    new SpringApplicationAotProcessor(
            HostApplication.class,
            settings,
            new String[] {"--spring.datasource.url=jdbc:h2:mem:aot-hints;DB_CLOSE_DELAY=-1"})
        .process();

    String metadata;
    try (Stream<Path> files = Files.walk(out.resolve("resources"))) {
      metadata =
          files
              .filter(f -> f.toString().endsWith(".json"))
              .map(
                  f -> {
                    try {
                      return Files.readString(f, StandardCharsets.UTF_8);
                    } catch (java.io.IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .collect(Collectors.joining("\n"))
              // JSON may escape the slash.
              .replace("\\/", "/");
    }
    assertThat(metadata)
        .contains("dev/gatehouse/jpa/changelog/*.xml")
        .contains("dev/gatehouse/imports/changelog/*.xml")
        .contains("templates/gatehouse/email/*")
        .contains("dev.gatehouse.core.entity.AuthUserBase")
        .contains("dev.gatehouse.jpa.changes.BackfillNormalizedEmails");
    for (String entity :
        new String[] {"User", "Profile", "Device", "OtpCode", "SmsLog", "EmailLog"}) {
      assertThat(metadata)
          .as("the host's %s", entity)
          .contains("dev.gatehouse.spring.boot.host.HostEntities$" + entity);
    }
  }
}
