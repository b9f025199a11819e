package dev.gatehouse.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Every knob of {@link SideBySide}, from system properties ({@code sbs.*}) with the quick or full
 * defaults.
 */
record SideBySideSettings(
    boolean full,
    int users,
    int threads,
    Duration warmUp,
    Duration measure,
    int launchesPerSide,
    int memoryKib,
    int iterations,
    int parallelism,
    String alg,
    String pgUrl,
    Path kcHome,
    Path ghJar,
    Path ghBeforeJar,
    Path serverJava,
    Duration startLimit,
    Path logDir,
    boolean embedded,
    boolean jfr,
    String serverCpus,
    boolean kcGuards) {
  static SideBySideSettings read(String mode) {
    boolean full = mode.equals("full");
    return new SideBySideSettings(
        full,
        Integer.getInteger("sbs.users", full ? 200 : 40),
        Integer.getInteger("sbs.threads", 4),
        Duration.ofSeconds(Integer.getInteger("sbs.warmup", full ? 20 : 5)),
        Duration.ofSeconds(Integer.getInteger("sbs.seconds", full ? 30 : 8)),
        Integer.getInteger("sbs.launches", 2),
        Integer.getInteger("sbs.memoryKib", 7168),
        Integer.getInteger("sbs.iterations", 5),
        Integer.getInteger("sbs.parallelism", 1),
        System.getProperty("sbs.alg", "RS256"),
        System.getProperty(
            "sbs.postgres", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres"),
        Path.of(System.getProperty("sbs.keycloak", "keycloak")),
        Path.of(System.getProperty("sbs.gatehouseJar", "examples/target/gatehouse-examples.jar")),
        System.getProperty("sbs.gatehouseBeforeJar", "").isEmpty()
            ? null
            : Path.of(System.getProperty("sbs.gatehouseBeforeJar")),
        Path.of(System.getProperty("sbs.java", System.getProperty("java.home") + "/bin/java")),
        Duration.ofMinutes(Integer.getInteger("sbs.startMinutes", 5)),
        Path.of(System.getProperty("sbs.logs", "benchmarks/target/side-by-side")),
        Boolean.parseBoolean(System.getProperty("sbs.embedded", "true")),
        Boolean.parseBoolean(System.getProperty("sbs.jfr", "false")),
        System.getProperty("sbs.serverCpus", "").isEmpty()
            ? null
            : System.getProperty("sbs.serverCpus"),
        Boolean.parseBoolean(System.getProperty("sbs.kcGuards", "false")));
  }
}
