package dev.gatehouse.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.EntityClasses;
import dev.gatehouse.core.token.SigningKeys;
import dev.gatehouse.examples.app.AppEntities;
import dev.gatehouse.examples.http.HttpApi;
import dev.gatehouse.jpa.GatehouseJpa;
import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.jpa.JpaAuthStore;
import dev.gatehouse.jpa.MigrationClasspathCheck;
import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The example host application: its own entities and changelog, Gatehouse wired with providers, and
 * an HTTP JSON API. Starts on an embedded H2 database unless {@code GATEHOUSE_DB_URL} names
 * another.
 *
 * <p>Environment: {@code PORT} (default 8080), {@code GATEHOUSE_DB_URL} / {@code _USER} / {@code
 * _PASSWORD}, every {@code GATEHOUSE_*} setting of {@link GatehouseConfig}, and the {@code
 * GATEHOUSE_JWT_*} keys of {@link SigningKeys}. With {@code GATEHOUSE_LEGACY_DB_URL} set, logins
 * and password resets for unknown users are looked up in the old application's user table and moved
 * over on success (lazy migration; see {@code LazyMigration} for the {@code GATEHOUSE_LEGACY_*}
 * variables).
 */
public final class ExampleApplication implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExampleApplication.class);
  private static final Logger EVENTS = LoggerFactory.getLogger("dev.gatehouse.examples.EVENTS");

  /**
   * The {@code GATEHOUSE_*} variables this application reads itself (its database, providers,
   * legacy table and cleanup interval); declared so that Gatehouse still refuses any other unknown
   * {@code GATEHOUSE_*} variable as a typo.
   */
  static final List<String> HOST_VARIABLES =
      List.of(
          "GATEHOUSE_DB_",
          "GATEHOUSE_SMTP_",
          "GATEHOUSE_TWILIO_",
          "GATEHOUSE_LEGACY_",
          "GATEHOUSE_CLEANUP_INTERVAL_SECONDS");

  private final HikariDataSource dataSource;
  private final HikariDataSource legacyDataSource;
  private final EntityManagerFactory emf;
  private final Gatehouse gatehouse;
  private final HttpApi http;
  private final ScheduledExecutorService housekeeping =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "gatehouse-cleanup");
            t.setDaemon(true);
            return t;
          });

  private ExampleApplication(
      HikariDataSource dataSource,
      HikariDataSource legacyDataSource,
      EntityManagerFactory emf,
      Gatehouse gatehouse,
      HttpApi http) {
    this.dataSource = dataSource;
    this.legacyDataSource = legacyDataSource;
    this.emf = emf;
    this.gatehouse = gatehouse;
    this.http = http;
  }

  /**
   * Deletes expired and used codes, old delivery logs and dead sessions, in batches. Safe to run on
   * several instances at once; the example schedules it every {@code
   * GATEHOUSE_CLEANUP_INTERVAL_SECONDS} (default 600).
   *
   * @return a short summary of what was deleted
   */
  public String runCleanup() {
    var otp = gatehouse.otp().cleanup();
    int sessions = gatehouse.sessions().cleanup(gatehouse.config().clock().instant());
    return "codes="
        + otp.codes()
        + " smsLogs="
        + otp.smsLogs()
        + " emailLogs="
        + otp.emailLogs()
        + " outbox="
        + otp.outboxMessages()
        + " sessions="
        + sessions;
  }

  private void scheduleCleanup(long intervalSeconds) {
    housekeeping.scheduleWithFixedDelay(
        () -> {
          try {
            LOG.info("cleanup: {}", runCleanup());
          } catch (RuntimeException e) {
            LOG.warn("cleanup failed; will retry at the next interval", e);
          }
        },
        intervalSeconds,
        intervalSeconds,
        TimeUnit.SECONDS);
  }

  /**
   * Starts the application.
   *
   * @param env the environment (usually {@code System.getenv()})
   * @param customize last changes to the Gatehouse builder (tests register capturing senders and a
   *     clock here), or {@code null}
   * @return the running application
   * @throws IOException when the port cannot be bound
   */
  public static ExampleApplication start(
      Map<String, String> env,
      java.util.function.Function<GatehouseConfig.Builder, GatehouseConfig.Builder> configure,
      java.util.function.UnaryOperator<Gatehouse.Builder> customize)
      throws IOException {
    String url =
        env.getOrDefault("GATEHOUSE_DB_URL", "jdbc:h2:mem:gatehouse-example;DB_CLOSE_DELAY=-1");
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    hc.setUsername(env.getOrDefault("GATEHOUSE_DB_USER", url.startsWith("jdbc:h2:") ? "sa" : null));
    hc.setPassword(env.getOrDefault("GATEHOUSE_DB_PASSWORD", ""));
    hc.setMaximumPoolSize(Integer.parseInt(env.getOrDefault("GATEHOUSE_DB_POOL_SIZE", "16")));
    HikariDataSource ds = new HikariDataSource(hc);
    HikariDataSource legacy = null;
    try {
      EntityClasses entities = AppEntities.classes();
      MigrationClasspathCheck.check(
              AppEntities.CHANGELOG, ExampleApplication.class.getClassLoader(), ds)
          .throwIfProblems();
      GatehouseMigrations.migrate(ds, AppEntities.CHANGELOG, entities);
      EntityManagerFactory emf = GatehouseJpa.bootstrap(ds, entities, List.of());
      GatehouseConfig config =
          configure.apply(GatehouseConfig.builder().putEnvironment(env, HOST_VARIABLES)).build();
      Gatehouse.Builder gb =
          Gatehouse.builder(config, new JpaAuthStore(emf, entities))
              .listener(event -> EVENTS.info("{}", event));
      if (env.keySet().stream().anyMatch(k -> k.startsWith("GATEHOUSE_JWT_"))) {
        gb.signingKeys(SigningKeys.fromEnvironment(env));
      }
      Providers.configure(gb, env);
      legacy = LazyMigration.configure(gb, env);
      Gatehouse gatehouse = (customize == null ? gb : customize.apply(gb)).build();
      HttpApi http = new HttpApi(Integer.parseInt(env.getOrDefault("PORT", "8080")));
      ExampleApplication app = new ExampleApplication(ds, legacy, emf, gatehouse, http);
      Routes.install(http, app);
      app.scheduleCleanup(
          Long.parseLong(env.getOrDefault("GATEHOUSE_CLEANUP_INTERVAL_SECONDS", "600")));
      http.start();
      LOG.info(
          "Gatehouse example listening on http://127.0.0.1:{}/ (database {})",
          http.port(),
          url.replaceAll("password=[^&;]*", "password=***"));
      return app;
    } catch (RuntimeException | IOException e) {
      if (legacy != null) {
        legacy.close();
      }
      ds.close();
      throw e;
    }
  }

  /** The facade. */
  public Gatehouse gatehouse() {
    return gatehouse;
  }

  /**
   * A store over the application's database, for tests in this package that seed data (the facade
   * does not hand out its own).
   */
  AuthStore store() {
    return new JpaAuthStore(emf, AppEntities.classes());
  }

  /** The HTTP port. */
  public int port() {
    return http.port();
  }

  /** Whether the database answers. */
  public boolean databaseUp() {
    try (Connection c = dataSource.getConnection()) {
      return c.isValid(2);
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public void close() {
    housekeeping.shutdownNow();
    http.close();
    // Stops the delivery workers; anything not yet sent waits in the outbox for the next start.
    gatehouse.close();
    emf.close();
    dataSource.close();
    if (legacyDataSource != null) {
      legacyDataSource.close();
    }
  }

  /**
   * Runs the example until the process is stopped.
   *
   * @param args ignored
   * @throws IOException when the port cannot be bound
   */
  public static void main(String[] args) throws IOException {
    Map<String, String> env = new LinkedHashMap<>(System.getenv());
    ExampleApplication app = start(env, b -> b, null);
    Runtime.getRuntime().addShutdownHook(new Thread(app::close, "gatehouse-shutdown"));
  }
}
