package dev.gatehouse.spring.web;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The private PostgreSQL primary of {@code .ci/pg-replica.sh}, for the database-restart test: its
 * URL from {@code GATEHOUSE_TEST_PG_REPLICA_URLS} (the test is skipped without it), and the
 * script's {@code stop-primary} and {@code start-primary}. The machine's own PostgreSQL is never
 * touched.
 */
final class PrimaryRestart {
  static final String URLS = "GATEHOUSE_TEST_PG_REPLICA_URLS";

  private PrimaryRestart() {}

  /** {@return the primary's JDBC URL (its postgres database)} */
  static String primaryUrl() {
    return System.getenv(URLS).split(",")[0].trim();
  }

  /** Replaces the database of a URL such as {@code jdbc:postgresql://host:5441/postgres?...}. */
  static String withDatabase(String url, String database) {
    int slash = url.indexOf('/', url.indexOf("//") + 2);
    int query = url.indexOf('?');
    return url.substring(0, slash) + "/" + database + (query < 0 ? "" : url.substring(query));
  }

  /** Runs {@code .ci/pg-replica.sh command} (at most two minutes). */
  static void script(String command) throws Exception {
    Path script = null;
    for (Path d = Path.of("").toAbsolutePath(); d != null && script == null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve(".ci/pg-replica.sh"))) {
        script = d.resolve(".ci/pg-replica.sh");
      }
    }
    if (script == null) {
      throw new IllegalStateException(".ci/pg-replica.sh not found above the working directory");
    }
    List<String> args = new ArrayList<>(List.of("bash", script.toString(), command));
    String dir = System.getenv("GATEHOUSE_TEST_PG_REPLICA_DIR");
    if (dir != null && !dir.isBlank()) {
      args.add(dir);
    }
    Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
    p.getOutputStream().close();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(".ci/pg-replica.sh " + command + " did not end in 120 s");
    }
    if (p.exitValue() != 0) {
      throw new IllegalStateException(
          ".ci/pg-replica.sh "
              + command
              + " failed: "
              + new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
