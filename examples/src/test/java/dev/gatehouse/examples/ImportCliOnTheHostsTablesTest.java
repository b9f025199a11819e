package dev.gatehouse.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.examples.app.AppEntities;
import dev.gatehouse.imports.cli.ImportCli;
import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The import tool on a host that followed the README, as an operator runs it: in a JVM of its own
 * whose class path has the tool and not the host's classes, given the host's Spring Boot jar with
 * {@code --entities-jar}, on a target whose Gatehouse tables the host's own changelog created. It
 * finds the host's tables, {@code --migrate} applies only the importer's changelog (the library's
 * changesets, recorded with the host's table names, are the host's), imports, and {@code runs}
 * lists the run and its batches.
 */
@OneDatabase(
    "the tool finding the host's tables in its jar, in a JVM of its own; the import into a host's"
        + " renamed tables on each server is ImportOnRenamedColumnsTest's")
class ImportCliOnTheHostsTablesTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void theToolFindsTheHostsTablesInItsJarAndImportsIntoThem(DatabaseKind kind) throws Exception {
    Path bootJar = hostJar("BOOT-INF/classes/");
    Path sqlite = dir.resolve("db.sqlite3");
    Files.copy(
        Path.of(getClass().getResource("/legacy-samples/django/db.sqlite3").toURI()), sqlite);
    try (Target target = Target.create(kind)) {
      GatehouseMigrations.migrate(
          target.dataSource(), AppEntities.CHANGELOG, AppEntities.classes());
      long changesets = count(target.dataSource(), "select count(*) from DATABASECHANGELOG");

      List<String> source =
          List.of(
              "--source-type",
              "django-sqlite",
              "--source",
              sqlite.toString(),
              "--source-name",
              "django",
              "--default-region",
              "MX",
              "--ignore-email-domain",
              "otp.local",
              "--conflict",
              "merge");

      // Without the jar: the tool looks for gh_user and says how to name the host's tables.
      Result unnamed = cli(join(List.of("plan"), source, target.args()));
      assertThat(unnamed.status()).as(unnamed.err()).isEqualTo(2);
      assertThat(unnamed.err()).contains("no user table gh_user").contains("--entities-jar");

      Result plan =
          cli(
              join(
                  List.of("plan", "--migrate", "--entities-jar", bootJar.toString()),
                  source,
                  target.args()));
      assertThat(plan.status()).as(plan.err()).isZero();
      assertThat(plan.out()).contains("PASSED");
      assertThat(plan.err()).contains("applying only");
      assertThat(count(target.dataSource(), "select count(*) from gh_import_run")).isZero();
      assertThat(count(target.dataSource(), "select count(*) from DATABASECHANGELOG"))
          .as("only the importer's changesets were added")
          .isGreaterThan(changesets);
      assertThat(tables(target.dataSource())).noneMatch(t -> t.equals("gh_user"));

      Result run =
          cli(
              join(
                  List.of("run", "--entities-jar", bootJar.toString(), "--batch-size", "4"),
                  source,
                  target.args()));
      assertThat(run.status()).as(run.err()).isZero();
      assertThat(run.out()).contains("COMPLETED");
      long users = count(target.dataSource(), "select count(*) from app_user");
      assertThat(users).isPositive();
      String runId = run.out().replaceAll("(?s)^Run (\\S+) of .*", "$1");

      // A plain jar of the same classes names the same tables.
      Result runs =
          cli(
              join(
                  List.of("runs", "--entities-jar", hostJar("").toString(), "--json"),
                  List.of("--source-name", "django"),
                  target.args()));
      assertThat(runs.status()).as(runs.err()).isZero();
      JsonNode listed = new ObjectMapper().readTree(runs.out());
      assertThat(listed.isArray()).as(runs.out()).isTrue();
      assertThat(listed).hasSize(1);
      assertThat(listed.get(0).get("runId").asText()).isEqualTo(runId);
      assertThat(listed.get(0).get("status").asText()).isEqualTo("COMPLETED");
      JsonNode batches = listed.get(0).get("batches");
      assertThat(batches.size())
          .isEqualTo((int) count(target.dataSource(), "select count(*) from gh_import_batch"))
          .isGreaterThan(1);
      long created = 0;
      for (JsonNode b : batches) {
        assertThat(b.get("status").asText()).isEqualTo("COMMITTED");
        created += b.get("created").asLong();
      }
      assertThat(created).isEqualTo(users);

      Result summary =
          cli(
              join(
                  List.of("runs", "--entities-jar", bootJar.toString()), List.of(), target.args()));
      assertThat(summary.status()).as(summary.err()).isZero();
      assertThat(summary.out())
          .contains("run " + runId + " of django: COMPLETED")
          .contains("batch " + batches.get(0).get("batchId").asText() + " #1 records 1-");
    }
  }

  /** The example host's classes in a jar: a Spring Boot jar's layout, or a plain one. */
  private Path hostJar(String root) throws IOException, URISyntaxException {
    Path classes =
        Path.of(AppEntities.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path jar = dir.resolve(root.isEmpty() ? "app-plain.jar" : "app-boot.jar");
    if (Files.exists(jar)) {
      return jar;
    }
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file);
        Stream<Path> all = Files.walk(classes)) {
      // The README host's classes: its entities and the application around them (the example
      // module's two other hosts, with their own entity sets, are not part of this application).
      Path app = classes.resolve("dev/gatehouse/examples/app");
      Path top = classes.resolve("dev/gatehouse/examples");
      for (Path p :
          (Iterable<Path>)
              all.filter(Files::isRegularFile)
                      .filter(p -> p.startsWith(app) || p.getParent().equals(top))
                  ::iterator) {
        out.putNextEntry(
            new JarEntry(root + classes.relativize(p).toString().replace(File.separatorChar, '/')));
        Files.copy(p, out);
        out.closeEntry();
      }
      if (!root.isEmpty()) {
        // What a Spring Boot jar also holds; the tool reads none of it.
        out.putNextEntry(new JarEntry("BOOT-INF/lib/placeholder.jar"));
        out.write(new byte[] {1, 2, 3});
        out.closeEntry();
      }
    }
    return jar;
  }

  record Result(int status, String out, String err) {}

  /**
   * The tool in a JVM whose class path is this test's without the example's classes: the host's
   * entities come from the jar alone.
   */
  private Result cli(List<String> args) throws Exception {
    Path classes =
        Path.of(AppEntities.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path testClasses =
        Path.of(getClass().getProtectionDomain().getCodeSource().getLocation().toURI());
    // Surefire's own class path property: java.class.path may be its manifest-only booter jar.
    List<String> entries =
        Arrays.stream(
                System.getProperty(
                        "surefire.test.class.path", System.getProperty("java.class.path"))
                    .split(File.pathSeparator))
            .filter(e -> !Path.of(e).equals(classes) && !Path.of(e).equals(testClasses))
            // The tool's own logging binding writes to standard error; Spring Boot's would not.
            .filter(e -> !Path.of(e).getFileName().toString().startsWith("logback-"))
            .toList();
    assertThat(entries)
        .as("the host's classes are not on the tool's class path")
        .noneMatch(e -> Files.exists(Path.of(e, "dev", "gatehouse", "examples", "app")));
    String classPath = String.join(File.pathSeparator, entries);
    List<String> command = LaunchedJava.command();
    command.add("-cp");
    command.add(classPath);
    command.add(ImportCli.class.getName());
    command.addAll(args);
    Path err = Files.createTempFile(dir, "err", ".txt");
    // Counted by .ci/test-times.sh (issue 57: what a run starts).
    System.out.println("gatehouse-test-start: jvm the import CLI");
    Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the tool finished").isTrue();
    return new Result(p.exitValue(), out.toString(StandardCharsets.UTF_8), Files.readString(err));
  }

  @SafeVarargs
  private static List<String> join(List<String>... parts) {
    List<String> all = new ArrayList<>();
    for (List<String> p : parts) {
      all.addAll(p);
    }
    return all;
  }

  private static long count(DataSource ds, String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<String> tables(DataSource ds) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection c = ds.getConnection();
        ResultSet rs = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), "%", null)) {
      while (rs.next()) {
        names.add(rs.getString("TABLE_NAME").toLowerCase(java.util.Locale.ROOT));
      }
    }
    return names;
  }

  /**
   * The target database, reachable from the tool's JVM: H2 in memory behind a TCP server of this
   * JVM (one process owns the database, as an application's does; two processes opening one file
   * rely on the file system's locks), PostgreSQL and MariaDB as the suite creates them.
   */
  record Target(
      DataSource dataSource,
      String url,
      String user,
      String password,
      TestDatabase db,
      org.h2.tools.Server server)
      implements AutoCloseable {
    static Target create(DatabaseKind kind) throws SQLException {
      if (kind == DatabaseKind.H2) {
        org.h2.tools.Server server =
            org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
        String url =
            "jdbc:h2:tcp://localhost:"
                + server.getPort()
                + "/mem:target-"
                + java.util.UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url);
        h2.setUser("sa");
        return new Target(h2, url, "sa", "", null, server);
      }
      TestDatabase db = TestDatabase.create(kind);
      return new Target(db.dataSource(), db.jdbcUrl(), db.user(), db.password(), db, null);
    }

    List<String> args() {
      List<String> a = new ArrayList<>(List.of("--target-url", url, "--target-user", user));
      if (password != null && !password.isEmpty()) {
        a.addAll(List.of("--target-password", password));
      }
      return a;
    }

    @Override
    public void close() {
      if (db != null) {
        db.close();
      }
      if (server != null) {
        server.stop();
      }
    }
  }
}
