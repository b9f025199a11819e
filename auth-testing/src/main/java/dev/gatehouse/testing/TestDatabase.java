package dev.gatehouse.testing;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;

/**
 * A fresh, empty database of one kind for one test run: an H2 in-memory database, a new PostgreSQL
 * schema, or a new MariaDB database. {@link #close()} drops it, so servers that outlive the run are
 * left as they were.
 *
 * <pre>{@code
 * try (TestDatabase db = TestDatabase.create(DatabaseKind.POSTGRESQL)) {
 *   DataSource ds = db.dataSource();
 *   ...
 * }
 * }</pre>
 *
 * <p>Which servers are available comes from the environment: {@code GATEHOUSE_TEST_POSTGRES_URL}
 * and {@code GATEHOUSE_TEST_MARIADB_URL} (JDBC URLs, user and password in the URL or in {@code
 * GATEHOUSE_TEST_POSTGRES_USER}/{@code _PASSWORD} and the MariaDB equivalents). With {@code
 * GATEHOUSE_REQUIRE_DBS=true} a missing URL is an error rather than a skip. Thread-safe.
 */
public final class TestDatabase implements AutoCloseable {

  private final DatabaseKind kind;
  private final String name;
  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final Runnable dropper;
  private HikariDataSource pool;

  private TestDatabase(
      DatabaseKind kind,
      String name,
      String jdbcUrl,
      String user,
      String password,
      Runnable dropper) {
    this.kind = kind;
    this.name = name;
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
    this.dropper = dropper;
  }

  /**
   * The kinds to run database tests on: H2 always, the servers whose URL is set.
   *
   * @return the enabled kinds, H2 first
   * @throws IllegalStateException when {@code GATEHOUSE_REQUIRE_DBS=true} and a URL is missing
   */
  public static List<DatabaseKind> enabledKinds() {
    List<DatabaseKind> kinds = new ArrayList<>();
    kinds.add(DatabaseKind.H2);
    boolean required = "true".equalsIgnoreCase(System.getenv("GATEHOUSE_REQUIRE_DBS"));
    for (DatabaseKind k : List.of(DatabaseKind.POSTGRESQL, DatabaseKind.MARIADB)) {
      String url = System.getenv(k.urlVariable());
      if (url != null && !url.isBlank()) {
        kinds.add(k);
      } else if (required) {
        throw new IllegalStateException(
            "GATEHOUSE_REQUIRE_DBS=true but " + k.urlVariable() + " is not set");
      }
    }
    return List.copyOf(kinds);
  }

  /**
   * Creates a fresh, empty database of {@code kind}.
   *
   * @param kind which database
   * @return the database; close it to drop it
   * @throws IllegalStateException when the kind is not configured or the server is unreachable
   */
  public static TestDatabase create(DatabaseKind kind) {
    requireNonNull(kind, "kind");
    String name = "gh_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    switch (kind) {
      case H2:
        String h2 = "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000";
        return new TestDatabase(kind, name, h2, "sa", "", () -> execute(h2, "sa", "", "SHUTDOWN"));
      case POSTGRESQL:
        {
          String base = serverUrl(kind);
          String u = credential(kind, "USER", "postgres");
          String p = credential(kind, "PASSWORD", "");
          execute(base, u, p, "CREATE SCHEMA " + name);
          String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + name;
          return new TestDatabase(
              kind,
              name,
              url,
              u,
              p,
              () -> execute(base, u, p, "DROP SCHEMA IF EXISTS " + name + " CASCADE"));
        }
      case MARIADB:
        {
          String base = serverUrl(kind);
          String u = credential(kind, "USER", "root");
          String p = credential(kind, "PASSWORD", "");
          execute(base, u, p, "CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
          String url = replaceDatabase(base, name);
          return new TestDatabase(
              kind, name, url, u, p, () -> execute(base, u, p, "DROP DATABASE IF EXISTS " + name));
        }
      default:
        throw new IllegalArgumentException(kind.toString());
    }
  }

  /**
   * The kind of database.
   *
   * @return the kind
   */
  public DatabaseKind kind() {
    return kind;
  }

  /**
   * The schema or database name (unique per run).
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * A JDBC URL pointing at this database.
   *
   * @return the JDBC URL
   */
  public String jdbcUrl() {
    return jdbcUrl;
  }

  /**
   * The user to connect as.
   *
   * @return the user name
   */
  public String user() {
    return user;
  }

  /**
   * The password to connect with.
   *
   * @return the password
   */
  public String password() {
    return password;
  }

  /**
   * A pooled data source on this database (created on first use, closed by {@link #close()}).
   *
   * @return the data source
   */
  public synchronized DataSource dataSource() {
    if (pool == null) {
      pool = newPool(20);
    }
    return pool;
  }

  /**
   * A new, separate pool on this database, standing for a second application instance.
   *
   * @param maxSize pool size
   * @return a pool the caller closes
   */
  public HikariDataSource newPool(int maxSize) {
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(jdbcUrl);
    c.setUsername(user);
    c.setPassword(password);
    c.setMaximumPoolSize(maxSize);
    c.setMinimumIdle(0);
    c.setPoolName(name + "-" + UUID.randomUUID().toString().substring(0, 4));
    return new HikariDataSource(c);
  }

  /**
   * Opens a plain connection (for assertions on raw tables).
   *
   * @return a new connection the caller closes
   * @throws SQLException when the database refuses
   */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, user, password);
  }

  @Override
  public synchronized void close() {
    if (pool != null) {
      pool.close();
      pool = null;
    }
    dropper.run();
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(Locale.ROOT);
  }

  private static String serverUrl(DatabaseKind kind) {
    String url = System.getenv(kind.urlVariable());
    if (url == null || url.isBlank()) {
      throw new IllegalStateException(kind.urlVariable() + " is not set");
    }
    return url;
  }

  private static String credential(DatabaseKind kind, String what, String fallback) {
    String prefix =
        kind == DatabaseKind.POSTGRESQL ? "GATEHOUSE_TEST_POSTGRES_" : "GATEHOUSE_TEST_MARIADB_";
    String v = System.getenv(prefix + what);
    return v == null ? fallback : v;
  }

  /** Replaces the database path of a MariaDB URL such as jdbc:mariadb://host:3306/test?x=y. */
  static String replaceDatabase(String url, String database) {
    int schemeEnd = url.indexOf("//");
    int slash = url.indexOf('/', schemeEnd + 2);
    int query = url.indexOf('?');
    String head = slash < 0 ? (query < 0 ? url : url.substring(0, query)) : url.substring(0, slash);
    String tail = query < 0 ? "" : url.substring(query);
    return head + "/" + database + tail;
  }

  private static void execute(String url, String user, String password, String sql) {
    try (Connection c = DriverManager.getConnection(url, user, password);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("could not run '" + sql + "' on " + redact(url), e);
    }
  }

  private static String redact(String url) {
    return url.replaceAll("password=[^&;]*", "password=***");
  }

  /** The databases Gatehouse is tested against. */
  public enum DatabaseKind {
    /** Embedded H2, always available. */
    H2(null),
    /** PostgreSQL, when {@code GATEHOUSE_TEST_POSTGRES_URL} is set. */
    POSTGRESQL("GATEHOUSE_TEST_POSTGRES_URL"),
    /** MariaDB, when {@code GATEHOUSE_TEST_MARIADB_URL} is set. */
    MARIADB("GATEHOUSE_TEST_MARIADB_URL");

    private final String urlVariable;

    DatabaseKind(String urlVariable) {
      this.urlVariable = urlVariable;
    }

    /**
     * The environment variable holding the server's JDBC URL, or {@code null} for H2.
     *
     * @return the URL variable's name, or {@code null}
     */
    public @Nullable String urlVariable() {
      return urlVariable;
    }
  }

  /**
   * Supplies every enabled {@link DatabaseKind} to a parameterised test:
   *
   * <pre>{@code
   * @ParameterizedTest(name = "{0}")
   * @ArgumentsSource(EnabledDatabases.class)
   * void migratesCleanly(DatabaseKind kind) { ... }
   * }</pre>
   *
   * With {@code GATEHOUSE_REQUIRE_DBS=true} a missing server fails the test instead of skipping. A
   * class or test marked {@link OneDatabase} gets the first enabled kind only (H2).
   */
  public static final class EnabledDatabases implements ArgumentsProvider {
    @Override
    public Stream<? extends Arguments> provideArguments(ExtensionContext context) {
      List<DatabaseKind> kinds = TestDatabase.enabledKinds();
      return (OneDatabase.Marks.marked(context) ? kinds.subList(0, 1) : kinds)
          .stream().map(Arguments::of);
    }
  }
}
