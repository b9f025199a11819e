package dev.gatehouse.jpa.galera;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.core.entity.DefaultEntities;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.flows.StoreFixture;
import dev.gatehouse.jpa.GatehouseJpa;
import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.jpa.JpaAuthStore;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * One fresh database on a three-node MariaDB Galera cluster (started by {@code .ci/galera.sh}),
 * migrated once through the library's changelog on the first node, and one store per node, each
 * with its own pool and EntityManagerFactory: three application instances, each on its own node.
 * Closing drops the database.
 */
final class GaleraDatabase implements AutoCloseable {
  /** The three nodes' JDBC URLs, comma-separated, as {@code .ci/galera.sh start} prints them. */
  static final String URLS = "GATEHOUSE_TEST_GALERA_URLS";

  /** With {@code true}, a missing cluster fails the tests instead of skipping them. */
  static final String REQUIRE = "GATEHOUSE_TEST_REQUIRE_GALERA";

  final String name;
  final EntityClasses entities = DefaultEntities.classes();
  final List<String> serverUrls;
  final List<HikariDataSource> pools = new ArrayList<>();
  final List<EntityManagerFactory> factories = new ArrayList<>();
  final List<StoreFixture> nodes = new ArrayList<>();

  private GaleraDatabase(List<String> serverUrls) {
    this.serverUrls = serverUrls;
    this.name = "gh_g_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
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
            + " is not set: no MariaDB Galera cluster to test against (start one with"
            + " `.ci/galera.sh start`, which prints the URLs)";
    if ("true".equalsIgnoreCase(System.getenv(REQUIRE))) {
      throw new IllegalStateException(REQUIRE + "=true but " + reason);
    }
    return reason;
  }

  /** The cluster's node URLs, from {@link #URLS}. */
  private static List<String> serverUrls() {
    List<String> urls = Arrays.stream(System.getenv(URLS).split(",")).map(String::trim).toList();
    if (urls.size() != 3) {
      throw new IllegalStateException(URLS + " must name three nodes, got " + urls.size());
    }
    return urls;
  }

  /** Creates, migrates and opens a fresh database on the configured cluster. */
  static GaleraDatabase create() throws SQLException {
    GaleraDatabase db = new GaleraDatabase(serverUrls());
    try {
      db.open();
      return db;
    } catch (RuntimeException | SQLException e) {
      db.close();
      throw e;
    }
  }

  private void open() throws SQLException {
    for (String url : serverUrls) {
      requireSyncedMember(url);
    }
    execute(serverUrls.get(0), "CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
    for (String url : serverUrls) {
      // The nodes run with wsrep_sync_wait=1: this read waits until the node applied the CREATE.
      execute(url, "SELECT COUNT(*) FROM information_schema.schemata");
      HikariConfig c = new HikariConfig();
      c.setJdbcUrl(withDatabase(url, name));
      c.setMaximumPoolSize(24);
      c.setMinimumIdle(0);
      c.setPoolName(name + "-" + pools.size());
      pools.add(new HikariDataSource(c));
    }
    GatehouseMigrations.migrate(pools.get(0), GatehouseMigrations.LIBRARY_CHANGELOG, entities);
    for (HikariDataSource pool : pools) {
      EntityManagerFactory emf = GatehouseJpa.bootstrap(pool, entities, List.of());
      factories.add(emf);
      nodes.add(new StoreFixture(new JpaAuthStore(emf, entities)));
    }
  }

  /** The store of node {@code i} (0, 1 or 2), as the JPA store it is. */
  JpaAuthStore store(int i) {
    return (JpaAuthStore) nodes.get(i).store;
  }

  /** A plain connection to this database on node {@code i}, for raw statements. */
  Connection connect(int i) throws SQLException {
    return DriverManager.getConnection(withDatabase(serverUrls.get(i), name));
  }

  /** Fails unless the node at {@code url} is a ready, synced member of a cluster of three. */
  private static void requireSyncedMember(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SHOW GLOBAL STATUS WHERE Variable_name IN"
                    + " ('wsrep_cluster_size', 'wsrep_ready', 'wsrep_local_state_comment')")) {
      StringBuilder seen = new StringBuilder();
      while (r.next()) {
        seen.append(r.getString(1)).append('=').append(r.getString(2)).append(' ');
      }
      String status = seen.toString();
      if (!status.contains("wsrep_cluster_size=3 ")
          || !status.contains("wsrep_ready=ON ")
          || !status.contains("wsrep_local_state_comment=Synced ")) {
        throw new IllegalStateException(
            "not a synced member of a three-node Galera cluster: " + url + " reports " + status);
      }
    }
  }

  private static void execute(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** Replaces the database of a URL such as {@code jdbc:mariadb://host:3311/test?user=root}. */
  static String withDatabase(String url, String database) {
    int slash = url.indexOf('/', url.indexOf("//") + 2);
    int query = url.indexOf('?');
    String head = slash < 0 ? (query < 0 ? url : url.substring(0, query)) : url.substring(0, slash);
    return head + "/" + database + (query < 0 ? "" : url.substring(query));
  }

  @Override
  public void close() {
    factories.forEach(EntityManagerFactory::close);
    pools.forEach(HikariDataSource::close);
    try {
      execute(serverUrls.get(0), "DROP DATABASE IF EXISTS " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop " + name, e);
    }
  }
}
