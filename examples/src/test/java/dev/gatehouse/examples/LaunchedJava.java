package dev.gatehouse.examples;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The start of a command that launches a Java process from a test: this JVM's {@code java}, with
 * this JVM's {@code -XX:} options (the build's {@code gatehouse.test.jvm}: the client compiler only
 * and the serial collector). A launched JVM lives as briefly as a test JVM, so the server compiler
 * and G1's threads cost it more CPU than they give back, on the build's two cores; what the process
 * prints and answers does not depend on them.
 */
final class LaunchedJava {
  private LaunchedJava() {}

  /** {@return the java executable and the JVM options every launched process gets} */
  static List<String> command() {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (option.startsWith("-XX:")) {
        command.add(option);
      }
    }
    return command;
  }
}
