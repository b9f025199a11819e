package dev.gatehouse.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.error.ConfigurationException;
import dev.gatehouse.imports.VerificationPolicy;
import dev.gatehouse.imports.lazy.JdbcLegacyAuthenticator;
import dev.gatehouse.imports.source.ColumnMapping;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 */
final class LazyMigration {
  private static final Logger LOG = LoggerFactory.getLogger(LazyMigration.class);

  private LazyMigration() {}

  /**
   * Registers the legacy authenticator when {@code GATEHOUSE_LEGACY_DB_URL} is set.
   *
   * @return the legacy pool to close with the application, or {@code null} when not configured
   * @throws ConfigurationException naming the bad variable
   */
  static HikariDataSource configure(Gatehouse.Builder gb, Map<String, String> env) {
    String url = env.get("GATEHOUSE_LEGACY_DB_URL");
    if (url == null || url.isBlank()) {
      return null;
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(env.getOrDefault("GATEHOUSE_LEGACY_TIME_ZONE", "UTC"));
    } catch (RuntimeException e) {
      throw new ConfigurationException("GATEHOUSE_LEGACY_TIME_ZONE is not a time zone", e);
    }
    String spec = env.getOrDefault("GATEHOUSE_LEGACY_MAPPING", "django");
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
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    hc.setUsername(env.get("GATEHOUSE_LEGACY_DB_USER"));
    hc.setPassword(env.get("GATEHOUSE_LEGACY_DB_PASSWORD"));
    hc.setMaximumPoolSize(4);
    hc.setMinimumIdle(0);
    hc.setPoolName("legacy-users");
    HikariDataSource legacy = new HikariDataSource(hc);
    try {
      String table = env.getOrDefault("GATEHOUSE_LEGACY_TABLE", "auth_user");
      JdbcLegacyAuthenticator.Builder b = JdbcLegacyAuthenticator.builder(legacy, table, mapping);
      String migrated = env.get("GATEHOUSE_LEGACY_MIGRATED_COLUMN");
      if (migrated != null && !migrated.isBlank()) {
        b.migratedColumn(migrated);
      }
      if (Boolean.parseBoolean(env.getOrDefault("GATEHOUSE_LEGACY_ASSUME_VERIFIED", "false"))) {
        b.verificationPolicy(VerificationPolicy.ASSUME_VERIFIED);
      }
      gb.legacyAuthenticator(b.build());
      LOG.info("lazy migration on: unknown users are looked up in legacy table {}", table);
      return legacy;
    } catch (RuntimeException e) {
      legacy.close();
      throw e instanceof IllegalArgumentException
          ? new ConfigurationException("GATEHOUSE_LEGACY_*: " + e.getMessage(), e)
          : e;
    }
  }
}
