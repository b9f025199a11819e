package dev.gatehouse.jpa;

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
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.jspecify.annotations.Nullable;

/**
 * The SQL a database speaks, as far as Gatehouse's own statements on its own tables differ: an
 * upsert, a skip-locked read, a row limit, a lock that does not wait, and how a timestamp column
 * holds an instant. Every other statement is written once, in SQL all four accept. Shared by every
 * module that keeps tables of its own beside the host's (the library's, the importer's ledger).
 */
public enum SqlDialect {
  /** PostgreSQL 12 or later. */
  POSTGRESQL,
  /** MariaDB 10.6 or later, or MySQL 8. */
  MYSQL,
  /** H2 2.x. */
  H2,
  /** Any other database: portable statements only. */
  PORTABLE;

  /**
   * The dialect of a connection's database.
   *
   * @param meta the connection's metadata
   * @return its dialect, {@link #PORTABLE} when not one of the known ones
   * @throws SQLException when the metadata cannot be read
   */
  public static SqlDialect of(DatabaseMetaData meta) throws SQLException {
    String product = meta.getDatabaseProductName().toLowerCase(Locale.ROOT);
    if (product.contains("postgresql")) {
      return POSTGRESQL;
    }
    if (product.contains("mariadb") || product.contains("mysql")) {
      return MYSQL;
    }
    if (product.equals("h2")) {
      return H2;
    }
    return PORTABLE;
  }

  private static final ThreadLocal<Calendar> UTC =
      ThreadLocal.withInitial(() -> Calendar.getInstance(TimeZone.getTimeZone("UTC")));

  /**
   * Binds an instant to a column of the changelogs' {@code gatehouse.timestamp} type, as Hibernate
   * does with {@code hibernate.jdbc.time_zone} UTC (which Gatehouse requires), so rows written
   * through Hibernate read back unchanged. The zoned columns of PostgreSQL and H2 ({@code timestamp
   * with time zone}) take it as an offset date-time, which stores the instant itself (H2 would
   * store a {@code Timestamp} with the session's time zone, the JVM's by default, and read a zoned
   * value back ignoring the calendar; PostgreSQL's driver parses a calendar-bound timestamp
   * slower). MariaDB's and MySQL's {@code DATETIME(6)} and any other database get a timestamp in
   * UTC.
   *
   * @param statement the statement
   * @param index the parameter's position, from 1
   * @param value the instant, or {@code null}
   * @throws SQLException when the driver refuses the value
   */
  public void bindInstant(PreparedStatement statement, int index, @Nullable Instant value)
      throws SQLException {
    if (value == null) {
      statement.setObject(index, null);
    } else if (zoned()) {
      statement.setObject(index, value.atOffset(ZoneOffset.UTC));
    } else {
      statement.setTimestamp(index, Timestamp.from(value), UTC.get());
    }
  }

  /**
   * Prepares a statement on the library's or a module's own tables: the query timeout applied (when
   * positive) and {@code values} bound ({@link #bind}). The statement is closed again when that
   * fails.
   *
   * @param connection the transaction's connection
   * @param sql the statement
   * @param timeoutSeconds the query timeout ({@link JpaConnections#queryTimeoutSeconds}), {@code 0}
   *     for none
   * @param values its parameters in order
   * @return the prepared statement, for the caller to close
   * @throws SQLException when the driver refuses the statement or a value
   */
  public PreparedStatement prepare(
      Connection connection, String sql, int timeoutSeconds, Object... values) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    try {
      if (timeoutSeconds > 0) {
        statement.setQueryTimeout(timeoutSeconds);
      }
      bind(statement, values);
      return statement;
    } catch (SQLException | RuntimeException e) {
      statement.close();
      throw e;
    }
  }

  /**
   * Binds parameters by their Java type, an {@link Instant} by {@link #bindInstant}.
   *
   * @param statement the statement
   * @param values its parameters in order, from the first
   * @throws SQLException when the driver refuses a value
   */
  public void bind(PreparedStatement statement, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      if (values[i] instanceof Instant t) {
        bindInstant(statement, i + 1, t);
      } else {
        statement.setObject(i + 1, values[i]);
      }
    }
  }

  /**
   * Binds one column of many rows as one text array, for PostgreSQL's insert of many rows in one
   * statement, which casts the parameter to the column's array type and unnests it ({@code insert
   * into t (a, b) select * from unnest(?::varchar[], ?::timestamptz[])}): each value in its printed
   * form (an instant in ISO-8601 with its offset, so a zoned column holds the instant itself), a
   * null as SQL null. PostgreSQL only.
   *
   * @param statement the statement
   * @param index the parameter's position, from 1
   * @param values the column's values, one per row
   * @throws SQLException when the driver refuses the array
   */
  public void bindTextArray(
      PreparedStatement statement, int index, List<? extends @Nullable Object> values)
      throws SQLException {
    String[] text = new String[values.size()];
    for (int i = 0; i < text.length; i++) {
      Object v = values.get(i);
      text[i] = v == null ? null : v.toString();
    }
    statement.setArray(index, statement.getConnection().createArrayOf("text", text));
  }

  /**
   * Reads an instant bound by {@link #bindInstant}.
   *
   * @param row the result positioned on a row
   * @param column the column's position, from 1
   * @return the instant, or {@code null} for SQL null
   * @throws SQLException when the column cannot be read
   */
  public @Nullable Instant readInstant(ResultSet row, int column) throws SQLException {
    if (zoned()) {
      OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
      return value == null ? null : value.toInstant();
    }
    Timestamp value = row.getTimestamp(column, UTC.get());
    return value == null ? null : value.toInstant();
  }

  /**
   * {@code sql} answering at most {@code rows} rows, in this database's words.
   *
   * @param sql a query without a row limit
   * @param rows the most rows answered
   * @return the limited query
   */
  public String limit(String sql, int rows) {
    return this == PORTABLE ? sql + " fetch first " + rows + " rows only" : sql + " limit " + rows;
  }

  /**
   * {@code select} locking its rows without waiting for another transaction's lock: such a lock
   * fails the statement at once instead (portable SQL has no such clause: it waits).
   *
   * @param select a query of one table
   * @return the locking query
   */
  public String lockNoWait(String select) {
    return this == PORTABLE ? select + " for update" : select + " for update nowait";
  }

  /**
   * The name of the constraint whose violation failed a statement, or {@code null} when the
   * database does not say: PostgreSQL's error field (its driver's server message, read by name so
   * that the driver stays optional), the key of MariaDB's and MySQL's error 1062, H2's unique index
   * (the constraint's name before the suffix H2 gives its index). Only the name is taken from a
   * message, never the values the drivers quote beside it. The exception's chain of next exceptions
   * and causes is searched, as a failed batch holds the database's error there.
   */
  @Nullable String violatedConstraint(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth++ < 16; ) {
      String name = t instanceof SQLException e ? constraintOf(e) : null;
      if (name != null) {
        return name;
      }
      Throwable next = t instanceof SQLException e ? e.getNextException() : null;
      t = next != null && next != t ? next : t.getCause() == t ? null : t.getCause();
    }
    return null;
  }

  private @Nullable String constraintOf(SQLException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    switch (this) {
      case POSTGRESQL -> {
        try {
          Object server = e.getClass().getMethod("getServerErrorMessage").invoke(e);
          Object name =
              server == null ? null : server.getClass().getMethod("getConstraint").invoke(server);
          return name instanceof String s ? s : null;
        } catch (ReflectiveOperationException | RuntimeException notTheDriver) {
          return null;
        }
      }
      case MYSQL -> {
        int at = message.lastIndexOf("for key '");
        int end = message.indexOf('\'', at + 9);
        if (e.getErrorCode() != 1062 || at < 0 || end < 0) {
          return null;
        }
        String key = message.substring(at + 9, end);
        // MySQL 8 names the key with its table.
        return key.substring(key.lastIndexOf('.') + 1);
      }
      case H2 -> {
        int at = message.indexOf("violation: \"");
        int end = message.indexOf(" ON ", at);
        if (e.getErrorCode() != 23505 || at < 0 || end < 0) {
          return null;
        }
        String index = message.substring(at + 12, end);
        String name = index.substring(index.lastIndexOf('.') + 1).replaceFirst("_INDEX_\\w+$", "");
        return name.matches("[\\w$]+") ? name : null;
      }
      default -> {
        return null;
      }
    }
  }

  /** Whether the changelogs' {@code gatehouse.timestamp} columns are zoned here. */
  private boolean zoned() {
    return this == H2 || this == POSTGRESQL;
  }
}
