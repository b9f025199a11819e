package dev.gatehouse.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.imports.api.ImportOptions.VerificationPolicy;
import dev.gatehouse.imports.lazy.JdbcLegacyAuthenticator;
import dev.gatehouse.imports.source.JdbcTableSource.ColumnMapping;
import dev.gatehouse.legacy.LegacyAuthenticator;
import java.time.ZoneId;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Optional lazy migration from the old application's user table, configured from the environment:
 *
 * <ul>
 *   <li>{@code GATEHOUSE_LEGACY_DB_URL}: JDBC URL of the legacy database (unset: no lazy
 *       migration); {@code GATEHOUSE_LEGACY_DB_USER}, {@code GATEHOUSE_LEGACY_DB_PASSWORD}
 *   <li>{@code GATEHOUSE_LEGACY_TABLE}: the user table (default {@code auth_user})
 *   <li>{@code GATEHOUSE_LEGACY_MAPPING}: {@code django} (default), {@code fastapi-users}, or a
 *       column mapping such as {@code legacy_id=id,email=mail,password_hash=pw}
 *   <li>{@code GATEHOUSE_LEGACY_TIME_ZONE}: zone of naive timestamps (default UTC)
 *   <li>{@code GATEHOUSE_LEGACY_MIGRATED_COLUMN}: a nullable timestamp column stamped on migration
 *       (optional; without it the legacy database is only read)
 *   <li>{@code GATEHOUSE_LEGACY_ASSUME_VERIFIED}: {@code true} to treat legacy emails as verified
 *       (for Django's {@code auth_user}, which records no verification)
 * </ul>
 *
 * <p>The starter hands the {@link LegacyAuthenticator} bean to the legacy module ({@code
 * auth-legacy}'s {@code LegacyCutOver#lazyMigration}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${GATEHOUSE_LEGACY_DB_URL:}'.isBlank()")
class LazyMigration {
  private static final Logger LOG = LoggerFactory.getLogger(LazyMigration.class);

  /** The legacy database's pool, closed with the application; not a {@code DataSource} bean. */
  record LegacyDatabase(HikariDataSource pool) implements AutoCloseable {
    @Override
    public void close() {
      pool.close();
    }
  }

  /**
   * @param env {@code GATEHOUSE_LEGACY_DB_URL}, {@code _USER}, {@code _PASSWORD}
   * @return the legacy pool
   */
  @Bean(destroyMethod = "close")
  LegacyDatabase legacyDatabase(Environment env) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(env.getRequiredProperty("GATEHOUSE_LEGACY_DB_URL"));
    hc.setUsername(env.getProperty("GATEHOUSE_LEGACY_DB_USER"));
    hc.setPassword(env.getProperty("GATEHOUSE_LEGACY_DB_PASSWORD"));
    hc.setMaximumPoolSize(4);
    hc.setMinimumIdle(0);
    hc.setPoolName("legacy-users");
    return new LegacyDatabase(new HikariDataSource(hc));
  }

  /**
   * @param legacy the legacy pool
   * @param env the {@code GATEHOUSE_LEGACY_*} variables above
   * @return the authenticator that looks unknown users up in the legacy table
   * @throws ConfigurationException naming the bad variable
   */
  @Bean
  LegacyAuthenticator legacyAuthenticator(LegacyDatabase legacy, Environment env) {
    ZoneId zone;
    try {
      zone = ZoneId.of(env.getProperty("GATEHOUSE_LEGACY_TIME_ZONE", "UTC"));
    } catch (RuntimeException e) {
      throw new ConfigurationException("GATEHOUSE_LEGACY_TIME_ZONE is not a time zone", e);
    }
    String spec = env.getProperty("GATEHOUSE_LEGACY_MAPPING", "django");
    ColumnMapping mapping;
    try {
      mapping =
          switch (spec.toLowerCase(Locale.ROOT)) {
            case "django" -> ColumnMapping.django();
            case "fastapi-users" -> ColumnMapping.fastApiUsers();
            default -> ColumnMapping.parse(spec, zone);
          };
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("GATEHOUSE_LEGACY_MAPPING: " + e.getMessage(), e);
    }
    try {
      String table = env.getProperty("GATEHOUSE_LEGACY_TABLE", "auth_user");
      JdbcLegacyAuthenticator.Builder b =
          JdbcLegacyAuthenticator.builder(legacy.pool(), table, mapping);
      String migrated = env.getProperty("GATEHOUSE_LEGACY_MIGRATED_COLUMN");
      if (migrated != null && !migrated.isBlank()) {
        b.migratedColumn(migrated);
      }
      if (env.getProperty("GATEHOUSE_LEGACY_ASSUME_VERIFIED", Boolean.class, false)) {
        b.verificationPolicy(VerificationPolicy.ASSUME_VERIFIED);
      }
      LOG.info("lazy migration on: unknown users are looked up in legacy table {}", table);
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("GATEHOUSE_LEGACY_*: " + e.getMessage(), e);
    }
  }
}
