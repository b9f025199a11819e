package dev.gatehouse.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The example as its jar runs it (Spring Boot's logging, not the tests' slf4j-simple), started in a
 * process of its own: every record is one line in Spring Boot's format, with no {@code
 * COMMONS-LOGGING} marker and no two-line {@code java.util.logging} record (Tomcat, Liquibase,
 * Hibernate log through JUL or commons-logging).
 */
class ExampleLogLinesTest {
  /**
   * The first line of a java.util.logging SimpleFormatter record: "Nov 24, 2026 3:03:43 PM ...".
   */
  private static final Pattern JUL_HEADER =
      Pattern.compile("^[A-Z][a-z]{2} \\d{1,2}, \\d{4} \\d{1,2}:\\d{2}:\\d{2} [AP]M .*");

  @Test
  void everyRecordOfTheStartIsOneLineInSpringBootsFormat() throws Exception {
    String classpath =
        Arrays.stream(
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path"))
                    .split(File.pathSeparator))
            // What the jar holds: the main classes and runtime libraries, not the tests' logger.
            .filter(e -> !e.contains("slf4j-simple") && !e.endsWith("test-classes"))
            .collect(Collectors.joining(File.pathSeparator));
    List<String> command = LaunchedJava.command();
    command.addAll(
        List.of(
            "-cp",
            classpath,
            "dev.gatehouse.examples.ExampleApplication",
            "--server.port=0",
            "--server.address=127.0.0.1",
            "--spring.datasource.url=jdbc:h2:mem:log-lines;DB_CLOSE_DELAY=-1"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    // Counted by .ci/test-times.sh (issue 57: what a run starts).
    System.out.println("gatehouse-test-start: jvm the example application");
    // The CI's own GATEHOUSE_TEST_* variables are not the example's settings.
    pb.environment().keySet().removeIf(k -> k.startsWith("GATEHOUSE_"));
    Process p = pb.start();
    List<String> lines = new ArrayList<>();
    CountDownLatch started = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  synchronized (lines) {
                    lines.add(line);
                  }
                  if (line.contains("Started ExampleApplication")) {
                    started.countDown();
                  }
                }
              } catch (java.io.IOException ignored) {
                // the process was stopped
              }
            });
    reader.start();
    try {
      assertThat(started.await(180, TimeUnit.SECONDS)).as("the example started").isTrue();
    } finally {
      p.destroy();
      p.waitFor(30, TimeUnit.SECONDS);
      reader.join(TimeUnit.SECONDS.toMillis(30));
    }
    List<String> log;
    synchronized (lines) {
      log = List.copyOf(lines);
    }
    assertThat(log).as("the start's log").noneMatch(l -> l.contains("COMMONS-LOGGING"));
    assertThat(log).noneMatch(l -> JUL_HEADER.matcher(l).matches());
    assertThat(log).noneMatch(l -> l.startsWith("INFO: ") || l.startsWith("WARNING: "));
    // Tomcat's JUL record and Spring's commons-logging record, each on one line with its level.
    assertThat(log)
        .anyMatch(l -> l.contains("Starting Servlet engine") && l.contains("INFO"))
        .anyMatch(l -> l.contains("Started ExampleApplication") && l.contains("INFO"));
  }
}
