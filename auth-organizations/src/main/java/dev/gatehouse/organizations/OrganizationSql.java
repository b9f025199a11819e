package dev.gatehouse.organizations;

import dev.gatehouse.core.error.AuthException.AuthInfrastructureException;
import dev.gatehouse.core.error.AuthException.StorageConflictException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Calendar;
import java.util.Locale;
import java.util.TimeZone;
import org.jspecify.annotations.Nullable;

/**
 * How {@link JdbcOrganizationStore}'s statements bind and read instants, and what their failures
 * become, on the connection of the store's transaction ({@code ModuleTables#connection}). Instants
 * are held as the library's changelogs' {@code gatehouse.timestamp} columns hold them, the rule of
 * auth-jpa's {@code SqlDialect#bindInstant} (which this module does not depend on): the zoned
 * columns of PostgreSQL and H2 take an offset date-time in UTC, the others a timestamp in UTC.
 */
final class OrganizationSql {
  private static final ThreadLocal<Calendar> UTC =
      ThreadLocal.withInitial(() -> Calendar.getInstance(TimeZone.getTimeZone("UTC")));

  private final boolean zoned;

  private OrganizationSql(boolean zoned) {
    this.zoned = zoned;
  }

  /** The rule for a connection's database. */
  static OrganizationSql of(DatabaseMetaData meta) throws SQLException {
    String product = meta.getDatabaseProductName().toLowerCase(Locale.ROOT);
    return new OrganizationSql(product.contains("postgresql") || product.equals("h2"));
  }

  /** Prepares {@code sql} with {@code values} bound in order; closed again when that fails. */
  PreparedStatement prepare(Connection c, String sql, Object... values) throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    try {
      for (int i = 0; i < values.length; i++) {
        Object v = values[i];
        if (v instanceof Instant t) {
          if (zoned) {
            s.setObject(i + 1, t.atOffset(ZoneOffset.UTC));
          } else {
            s.setTimestamp(i + 1, Timestamp.from(t), UTC.get());
          }
        } else {
          s.setObject(i + 1, v);
        }
      }
      return s;
    } catch (SQLException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** The instant in a column, {@code null} for SQL null. */
  @Nullable Instant readInstant(ResultSet r, int column) throws SQLException {
    if (zoned) {
      OffsetDateTime value = r.getObject(column, OffsetDateTime.class);
      return value == null ? null : value.toInstant();
    }
    Timestamp value = r.getTimestamp(column, UTC.get());
    return value == null ? null : value.toInstant();
  }

  /**
   * A statement's failure as the core's stores report theirs: a violated constraint (SQL state
   * class 23) as a duplicate, a deadlock or serialization failure as a conflict, anything else as a
   * storage failure. The message names the state only, never the statement's values.
   */
  static RuntimeException failure(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.startsWith("23")) {
      return new DuplicateKeyException("a constraint was violated (SQL state " + state + ")", e);
    }
    if (state.equals("40001")
        || state.equals("40P01")
        || e.getErrorCode() == 1213
        || e.getErrorCode() == 1020) {
      return new StorageConflictException(
          "the database ended the transaction in a conflict with a concurrent one", e);
    }
    return new AuthInfrastructureException(
        ErrorCode.STORAGE_FAILED, "the database failed (SQL state " + state + ")", true, e);
  }
}
