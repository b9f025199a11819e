package dev.gatehouse.spring.web;

import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.entity.DefaultEntities;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.jpa.GatehouseJpa;
import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.jpa.JpaAuthStore;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The host of the database-fault tests (docs/OPERATIONS.md, "Faults"): the contract over a small
 * pool (4 connections, a 1 s connection timeout, as production pools should wait briefly) on H2,
 * or, with {@code gatehouse.test.fault-database=PRIMARY}, on a fresh database of the private
 * PostgreSQL primary of {@code .ci/pg-replica.sh} (dropped with the context). No modules, the real
 * clock, no delivery workers.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class FaultHost {
  static final int POOL_SIZE = 4;
  static final long CONNECTION_TIMEOUT_MS = 1_000;

  /** The pool and, on the primary, the database it lives in. */
  static final class FaultDatabase implements AutoCloseable {
    final HikariDataSource pool;
    private final AutoCloseable drop;

    FaultDatabase(HikariDataSource pool, AutoCloseable drop) {
      this.pool = pool;
      this.drop = drop;
    }

    @Override
    public void close() throws Exception {
      pool.close();
      drop.close();
    }
  }

  @Bean(destroyMethod = "close")
  FaultDatabase faultDatabase(Environment env) throws SQLException {
    if ("PRIMARY".equals(env.getProperty("gatehouse.test.fault-database"))) {
      String admin = PrimaryRestart.primaryUrl();
      String name = "gh_f_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
      execute(admin, "CREATE DATABASE " + name);
      HikariDataSource pool = new HikariDataSource();
      pool.setJdbcUrl(PrimaryRestart.withDatabase(admin, name));
      configure(pool);
      return new FaultDatabase(
          pool, () -> execute(admin, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"));
    }
    TestDatabase db = TestDatabase.create(DatabaseKind.H2);
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(db.jdbcUrl());
    pool.setUsername(db.user());
    pool.setPassword(db.password());
    configure(pool);
    return new FaultDatabase(pool, db::close);
  }

  private static void configure(HikariDataSource pool) {
    pool.setMaximumPoolSize(POOL_SIZE);
    pool.setMinimumIdle(0);
    pool.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
    pool.setPoolName("fault-" + UUID.randomUUID().toString().substring(0, 4));
  }

  private static void execute(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  @Bean(destroyMethod = "close")
  EntityManagerFactory entityManagerFactory(FaultDatabase db) {
    EntityClasses entities = DefaultEntities.classes();
    GatehouseMigrations.migrate(db.pool, GatehouseMigrations.LIBRARY_CHANGELOG, entities);
    return GatehouseJpa.bootstrap(db.pool, entities, List.of());
  }

  @Bean
  CapturingEmailSender emailSender() {
    return new CapturingEmailSender();
  }

  @Bean(destroyMethod = "close")
  Gatehouse gatehouse(EntityManagerFactory emf, CapturingEmailSender email) {
    GatehouseConfig config =
        GatehouseConfig.builder()
            .clock(Clock.systemUTC())
            .set("gatehouse.frontend-url", "https://app.example.test")
            .set("gatehouse.password.argon2.memory-kib", "7168")
            .set("gatehouse.password.argon2.iterations", "1")
            .set("gatehouse.throttle.development.exempt-loopback", "true")
            // A rotation committed as the database went down, whose answer was lost: the client
            // presents the previous token once more (docs/OPERATIONS.md, "Promotion").
            .set(TokenSettings.REFRESH_REUSE_GRACE, Duration.ofSeconds(30))
            .build();
    return Gatehouse.builder(config, new JpaAuthStore(emf, DefaultEntities.classes()))
        .emailSender(email)
        .dispatchDeliveries(false)
        .build();
  }
}
