package dev.gatehouse.jpa.replica;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.core.entity.DefaultEntities;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.flows.StoreFixture;
import dev.gatehouse.jpa.GatehouseJpa;
import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.jpa.JpaAuthStore;
import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * One fresh database on the private PostgreSQL primary of {@code .ci/pg-replica.sh}, migrated
 * there, with a pool and a store on the primary and a pool and a store on its streaming replica
 * (which applies the same database). Closing drops the database. The script's other commands
 * (stopping and starting the primary, rebuilding the pair after a promotion) run through {@link
 * #script}.
 */
final class ReplicaDatabase implements AutoCloseable {
  /** The primary's and the replica's JDBC URLs, comma-separated, as the script prints them. */
  static final String URLS = "GATEHOUSE_TEST_PG_REPLICA_URLS";

  /** With {@code true}, a missing pair fails the tests instead of skipping them. */
  static final String REQUIRE = "GATEHOUSE_TEST_REQUIRE_PG_REPLICA";

  /** The script's directory, when not its default. */
  static final String DIR = "GATEHOUSE_TEST_PG_REPLICA_DIR";

  /**
   * How long a request waits for a connection: while the primary is down, a call fails after this
   * with the store's typed {@code storage_failed} rather than hanging.
   */
  static final long CONNECTION_TIMEOUT_MS = 1_000;

  final String name;
  final EntityClasses entities = DefaultEntities.classes();
  final String primaryUrl;
  final String replicaUrl;
  final List<HikariDataSource> pools = new ArrayList<>();
  final List<EntityManagerFactory> factories = new ArrayList<>();
  StoreFixture primary;
  JpaAuthStore replica;

  private ReplicaDatabase(List<String> urls) {
    this.primaryUrl = urls.get(0);
    this.replicaUrl = urls.get(1);
    this.name = "gh_r_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
  }

  /**
   * Why the tests cannot run here: {@code null} when {@link #URLS} is set.
   *
   * @throws IllegalStateException when it is not set and {@link #REQUIRE} is {@code true}
   */
  static String unavailable() {
    String value = System.getenv(URLS);
    if (value != null && !value.isBlank()) {
      return null;
    }
    String reason =
        URLS
            + " is not set: no PostgreSQL primary and replica to test against (start them with"
            + " `.ci/pg-replica.sh start`, which prints the URLs)";
    if ("true".equalsIgnoreCase(System.getenv(REQUIRE))) {
      throw new IllegalStateException(REQUIRE + "=true but " + reason);
    }
    return reason;
  }

  /**
   * Creates, migrates and opens a fresh database on the pair.
   *
   * @param synchronousCommit the database's {@code synchronous_commit}, or {@code null} for the
   *     server's ({@code remote_apply}, set by the script)
   */
  static ReplicaDatabase create(String synchronousCommit) throws SQLException {
    List<String> urls = Arrays.stream(System.getenv(URLS).split(",")).map(String::trim).toList();
    if (urls.size() != 2) {
      throw new IllegalStateException(URLS + " must name a primary and a replica");
    }
    ReplicaDatabase db = new ReplicaDatabase(urls);
    try {
      db.open(synchronousCommit);
      return db;
    } catch (RuntimeException | SQLException e) {
      try {
        db.close();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  private void open(String synchronousCommit) throws SQLException {
    execute(primaryUrl, "CREATE DATABASE " + name);
    if (synchronousCommit != null) {
      execute(
          primaryUrl, "ALTER DATABASE " + name + " SET synchronous_commit = " + synchronousCommit);
    }
    // Both statements committed with remote_apply: the replica has the database already. The
    // changelog's many small commits do not wait for the replica; the first commit that does
    // waits for all of them.
    HikariConfig migration = new HikariConfig();
    migration.setJdbcUrl(withDatabase(primaryUrl, name));
    migration.setConnectionInitSql("SET synchronous_commit = local");
    migration.setMaximumPoolSize(1);
    try (HikariDataSource m = new HikariDataSource(migration)) {
      GatehouseMigrations.migrate(m, GatehouseMigrations.LIBRARY_CHANGELOG, entities);
    }
    HikariDataSource primaryPool = pool(withDatabase(primaryUrl, name));
    EntityManagerFactory primaryEmf = GatehouseJpa.bootstrap(primaryPool, entities, List.of());
    factories.add(primaryEmf);
    primary = new StoreFixture(new JpaAuthStore(primaryEmf, entities));
    DataSource replicaDataSource = pool(withDatabase(replicaUrl, name));
    // snippet:start replica-store
    EntityManagerFactory replicaEmf =
        GatehouseJpa.bootstrap(replicaDataSource, entities, List.of());
    JpaAuthStore replicaStore = new JpaAuthStore(replicaEmf, entities);
    // Gatehouse.builder(config, primaryStore).staleReads(replicaStore)
    // snippet:end replica-store
    factories.add(replicaEmf);
    replica = replicaStore;
  }

  private HikariDataSource pool(String url) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(url);
    c.setMaximumPoolSize(16);
    c.setMinimumIdle(0);
    c.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
    c.setPoolName(name + "-" + pools.size());
    HikariDataSource pool = new HikariDataSource(c);
    pools.add(pool);
    return pool;
  }

  /** A plain connection to this database on the primary ({@code 0}) or the replica ({@code 1}). */
  Connection connect(int node) throws SQLException {
    return DriverManager.getConnection(withDatabase(node == 0 ? primaryUrl : replicaUrl, name));
  }

  /** Runs {@code sql} on the node's {@code postgres} database and answers its first column. */
  String query(int node, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(node == 0 ? primaryUrl : replicaUrl);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      return r.next() ? r.getString(1) : null;
    }
  }

  /**
   * Runs {@code .ci/pg-replica.sh command} on the pair this database lives on (at most two
   * minutes).
   */
  static void script(String command) throws IOException, InterruptedException {
    Path script = null;
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isRegularFile(d.resolve(".ci/pg-replica.sh"))) {
        script = d.resolve(".ci/pg-replica.sh");
        break;
      }
    }
    if (script == null) {
      throw new IllegalStateException(".ci/pg-replica.sh not found above the working directory");
    }
    List<String> args = new ArrayList<>(List.of("bash", script.toString(), command));
    String dir = System.getenv(DIR);
    if (dir != null && !dir.isBlank()) {
      args.add(dir);
    }
    Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
    p.getOutputStream().close();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(".ci/pg-replica.sh " + command + " did not end in 120 s");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.exitValue() != 0) {
      throw new IllegalStateException(".ci/pg-replica.sh " + command + " failed: " + out);
    }
  }

  private static void execute(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Replaces the database of a URL such as {@code jdbc:postgresql://host:5441/postgres?...}. */
  static String withDatabase(String url, String database) {
    int slash = url.indexOf('/', url.indexOf("//") + 2);
    int query = url.indexOf('?');
    String head = url.substring(0, slash < 0 ? (query < 0 ? url.length() : query) : slash);
    return head + "/" + database + (query < 0 ? "" : url.substring(query));
  }

  /**
   * Waits (bounded) until the primary's pool hands out a connection again, after the primary was
   * started again: the pool reconnects in the background, each try within its connection timeout.
   */
  void awaitPrimaryPool() throws SQLException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      try (Connection c = pools.get(0).getConnection()) {
        return;
      } catch (SQLException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
      }
    }
  }

  /** Closes the pools and factories, leaving the database (after a promotion it is gone). */
  void closeOnly() {
    factories.forEach(EntityManagerFactory::close);
    pools.forEach(HikariDataSource::close);
  }

  /** Closes the pools and factories and drops the database. */
  @Override
  public void close() {
    closeOnly();
    try {
      execute(primaryUrl, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop " + name, e);
    }
  }
}
