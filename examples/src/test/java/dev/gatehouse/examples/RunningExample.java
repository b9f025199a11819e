package dev.gatehouse.examples;

import dev.gatehouse.spring.boot.GatehouseBuilderCustomizer;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.MutableClock;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot application started for a test on a real port over a fresh database ({@link
 * TestDatabase}: an H2 database, a PostgreSQL schema or a MariaDB database, dropped by {@link
 * #close()}).
 *
 * <p>{@code properties} are Spring properties ({@code gatehouse.frontend-url}, ...) or the host's
 * own variables ({@code GATEHOUSE_SMTP_HOST}, ...), seen as the process environment would provide
 * them.
 */
final class RunningExample implements AutoCloseable {
  private final TestDatabase db;
  private final boolean ownsDatabase;
  private final ConfigurableApplicationContext context;

  private RunningExample(
      TestDatabase db, boolean ownsDatabase, ConfigurableApplicationContext context) {
    this.db = db;
    this.ownsDatabase = ownsDatabase;
    this.context = context;
  }

  /**
   * Starts a second instance of the example application on the database of {@code first}, as a
   * deployment of several instances runs; closing it leaves the database to {@code first}.
   *
   * @param first the running instance whose database this one shares
   * @param properties properties and host variables
   * @param testBeans test configuration
   * @return the running second instance
   */
  static RunningExample startBeside(
      RunningExample first, Map<String, String> properties, Class<?>... testBeans) {
    List<Class<?>> sources = new ArrayList<>();
    sources.add(ExampleApplication.class);
    sources.addAll(List.of(testBeans));
    return new RunningExample(
        first.db,
        false,
        run(
            first.db,
            properties,
            ExampleApplication::application,
            sources.toArray(Class<?>[]::new)));
  }

  /** Starts the example application ({@link ExampleApplication}) with test beans. */
  static RunningExample start(
      DatabaseKind kind, Map<String, String> properties, Class<?>... testBeans) {
    List<Class<?>> sources = new ArrayList<>();
    sources.add(ExampleApplication.class);
    sources.addAll(List.of(testBeans));
    return start(
        kind, properties, ExampleApplication::application, sources.toArray(Class<?>[]::new));
  }

  /**
   * @param kind the database
   * @param properties properties and host variables
   * @param application builds the application from its sources
   * @param sources the application class and test configuration
   * @return the running application
   */
  static RunningExample start(
      DatabaseKind kind,
      Map<String, String> properties,
      Function<Class<?>[], SpringApplication> application,
      Class<?>... sources) {
    TestDatabase db = TestDatabase.create(kind);
    try {
      return new RunningExample(db, true, run(db, properties, application, sources));
    } catch (RuntimeException | Error e) {
      db.close();
      throw e;
    }
  }

  private static ConfigurableApplicationContext run(
      TestDatabase db,
      Map<String, String> properties,
      Function<Class<?>[], SpringApplication> application,
      Class<?>... sources) {
    SpringApplication app = application.apply(sources);
    Map<String, String> values = new LinkedHashMap<>();
    values.put("server.port", "0");
    values.put("server.address", "127.0.0.1");
    values.put("spring.datasource.url", db.jdbcUrl());
    values.put("spring.datasource.username", db.user());
    values.put("spring.datasource.password", db.password());
    // Fast hashing for tests; production keeps the OWASP defaults.
    values.put("gatehouse.password.argon2.memory-kib", "7168");
    values.put("gatehouse.password.argon2.iterations", "1");
    // Every request of a test comes from loopback, more than one client may make in an hour;
    // the per-network limits are tested in auth-core and gatehouse-spring-boot-web.
    values.put("gatehouse.throttle.development.exempt-loopback", "true");
    values.putAll(properties);
    // As command-line arguments: read before application.yml (spring.config.location) and
    // above it in precedence.
    String[] args =
        values.entrySet().stream()
            .map(e -> "--" + e.getKey() + "=" + e.getValue())
            .toArray(String[]::new);
    return app.run(args);
  }

  int port() {
    return context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
  }

  HttpClientSupport http() {
    return new HttpClientSupport(port());
  }

  <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  TestDatabase database() {
    return db;
  }

  @Override
  public void close() {
    try {
      context.close();
    } finally {
      if (ownsDatabase) {
        db.close();
      }
    }
  }

  // The test configurations below carry no @Configuration: the application's component scan
  // (dev.gatehouse.examples) would otherwise pick every one up in every test.

  /** A clock the test moves, and deliveries on the request thread right after the commit. */
  static class TestClock {
    @Bean
    MutableClock clock() {
      return MutableClock.at(Instant.parse("2026-05-01T08:00:00Z"));
    }

    @Bean
    GatehouseBuilderCustomizer deliverOnTheRequestThread() {
      return b -> b.deliveryExecutor(Runnable::run);
    }
  }

  /** Emails captured in memory instead of sent. */
  static class CapturedEmail {
    @Bean
    CapturingEmailSender capturingEmailSender() {
      return new CapturingEmailSender();
    }
  }
}
