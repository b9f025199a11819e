package dev.gatehouse.jpa;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.error.AuthException.AuthInfrastructureException;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.error.ErrorCode;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.resource.ClassLoaderResourceAccessor;

/**
 * Runs a host's Liquibase changelog (which includes {@link #LIBRARY_CHANGELOG}) with the library's
 * changelog parameters.
 *
 * <pre>{@code
 * GatehouseMigrations.migrate(dataSource, "db/changelog/master.xml", entities);
 * }</pre>
 *
 * <p>The table-name parameters are derived from the host's {@code @Table} annotations, so the
 * tables the changelog creates are the tables the entities map. Parameters are checked before
 * anything runs: an unknown {@code gatehouse.*} key, a value that is not a plain SQL identifier, or
 * a table name that contradicts the entity's {@code @Table} fails with a {@link
 * ConfigurationException} naming the key.
 */
public final class GatehouseMigrations {

  /** Classpath location of the library's master changelog, to {@code <include>} from a host's. */
  public static final String LIBRARY_CHANGELOG =
      "dev/gatehouse/jpa/changelog/gatehouse.changelog.xml";

  /** The changelog parameters the library's changelog reads, with their defaults. */
  public static final Map<String, String> DEFAULT_PARAMETERS =
      Map.of(
          "gatehouse.table.user", "gh_user",
          "gatehouse.table.profile", "gh_profile",
          "gatehouse.table.device", "gh_device",
          "gatehouse.table.otpCode", "gh_otp_code",
          "gatehouse.table.smsLog", "gh_sms_log",
          "gatehouse.table.emailLog", "gh_email_log",
          "gatehouse.table.socialAccount", "gh_social_account",
          "gatehouse.table.passkey", "gh_passkey",
          "gatehouse.userIdType", "BIGINT");

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,47}");
  private static final Pattern SQL_TYPE = Pattern.compile("[A-Za-z][A-Za-z0-9_ ]*(\\(\\d+\\))?");

  private GatehouseMigrations() {}

  /**
   * Migrates with the table names taken from the entities' {@code @Table} annotations.
   *
   * @param dataSource the database
   * @param changelog classpath location of the host's master changelog
   * @param entities the host's entities
   * @throws ConfigurationException when a parameter is invalid (nothing has run)
   * @throws AuthInfrastructureException when Liquibase fails
   */
  public static void migrate(DataSource dataSource, String changelog, EntityClasses entities) {
    migrate(dataSource, changelog, entities, Map.of());
  }

  /**
   * Migrates with table names from the entities plus explicit parameters (for example {@code
   * gatehouse.userIdType} for a host whose user key is not a bigint). An explicit table name must
   * agree with the entity's {@code @Table}.
   *
   * @param dataSource the database
   * @param changelog classpath location of the host's master changelog
   * @param entities the host's entities
   * @param parameters explicit changelog parameters
   * @throws ConfigurationException when a parameter is invalid (nothing has run)
   * @throws AuthInfrastructureException when Liquibase fails
   */
  public static void migrate(
      DataSource dataSource,
      String changelog,
      EntityClasses entities,
      Map<String, String> parameters) {
    Map<String, String> derived = tableParameters(entities);
    for (Map.Entry<String, String> e : parameters.entrySet()) {
      String fromEntity = derived.get(e.getKey());
      if (fromEntity != null && !fromEntity.equalsIgnoreCase(e.getValue())) {
        throw new ConfigurationException(
            "changelog parameter "
                + e.getKey()
                + "="
                + e.getValue()
                + " contradicts the entity mapping, which uses table "
                + fromEntity);
      }
    }
    Map<String, String> all = new LinkedHashMap<>(derived);
    all.putAll(parameters);
    migrate(dataSource, changelog, all);
  }

  /**
   * Migrates with explicit changelog parameters only.
   *
   * @param dataSource the database
   * @param changelog classpath location of the host's master changelog
   * @param parameters changelog parameters; {@code gatehouse.*} keys are checked
   * @throws ConfigurationException when a parameter is invalid (nothing has run)
   * @throws AuthInfrastructureException when Liquibase fails
   */
  public static void migrate(
      DataSource dataSource, String changelog, Map<String, String> parameters) {
    requireNonNull(dataSource, "dataSource");
    requireNonNull(changelog, "changelog");
    validate(parameters);
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = GatehouseMigrations.class.getClassLoader();
    }
    if (loader.getResource(changelog) == null) {
      throw new ConfigurationException("changelog " + changelog + " is not on the classpath");
    }
    try (Connection c = dataSource.getConnection()) {
      Database db =
          DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
      @SuppressWarnings("deprecation")
      Liquibase liquibase = new Liquibase(changelog, new ClassLoaderResourceAccessor(loader), db);
      parameters.forEach(liquibase::setChangeLogParameter);
      // The update summary goes to the log, not to the host's (or the import CLI's) stdout.
      liquibase.setShowSummaryOutput(UpdateSummaryOutputEnum.LOG);
      liquibase.update(new Contexts(), new LabelExpression());
    } catch (SQLException | LiquibaseException e) {
      throw new AuthInfrastructureException(
          ErrorCode.MIGRATION_FAILED,
          "migrating " + changelog + " failed: " + e.getMessage(),
          false,
          e);
    }
  }

  /**
   * The {@code gatehouse.table.*} parameters implied by the entities' {@code @Table} names (or
   * their entity names when {@code @Table} gives none, as JPA does).
   *
   * @param entities the host's entities
   * @return parameter name to table name
   */
  public static Map<String, String> tableParameters(EntityClasses entities) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("gatehouse.table.user", tableOf(entities.user()));
    p.put("gatehouse.table.profile", tableOf(entities.profile()));
    p.put("gatehouse.table.device", tableOf(entities.device()));
    p.put("gatehouse.table.otpCode", tableOf(entities.otpCode()));
    p.put("gatehouse.table.smsLog", tableOf(entities.smsLog()));
    p.put("gatehouse.table.emailLog", tableOf(entities.emailLog()));
    entities.socialAccount().ifPresent(s -> p.put("gatehouse.table.socialAccount", tableOf(s)));
    entities.passkeyCredential().ifPresent(k -> p.put("gatehouse.table.passkey", tableOf(k)));
    return p;
  }

  static String tableOf(Class<?> entity) {
    Table t = entity.getAnnotation(Table.class);
    if (t != null && !t.name().isEmpty()) {
      return t.name();
    }
    Entity e = entity.getAnnotation(Entity.class);
    return e != null && !e.name().isEmpty() ? e.name() : entity.getSimpleName();
  }

  static void validate(Map<String, String> parameters) {
    for (Map.Entry<String, String> e : parameters.entrySet()) {
      String key = e.getKey();
      String value = e.getValue();
      if (!key.startsWith("gatehouse.")) {
        continue; // the host's own parameters are its business
      }
      if (!DEFAULT_PARAMETERS.containsKey(key)) {
        Set<String> known = new TreeSet<>(DEFAULT_PARAMETERS.keySet());
        throw new ConfigurationException(
            "unknown changelog parameter '" + key + "'; known parameters: " + known);
      }
      if (value == null) {
        throw new ConfigurationException("changelog parameter " + key + " has no value");
      }
      Pattern shape = key.equals("gatehouse.userIdType") ? SQL_TYPE : IDENTIFIER;
      if (!shape.matcher(value).matches()) {
        throw new ConfigurationException(
            "changelog parameter "
                + key
                + " must be "
                + (shape == SQL_TYPE
                    ? "a SQL type such as BIGINT or VARCHAR(36)"
                    : "a plain table name")
                + ", was '"
                + value
                + "'");
      }
    }
  }
}
