package dev.gatehouse.jpa;

import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;

/**
 * Plain SQL on the library's own tables ({@code gh_session}, {@code gh_refresh_token}, {@code
 * gh_counter}, {@code gh_action_token}, {@code gh_outbox}, {@code gh_totp_factor}, {@code
 * gh_recovery_code}, {@code gh_remembered_device}, {@code gh_mfa_policy}), which are not JPA
 * entities: every statement runs on the connection of one transaction's entity manager through
 * Hibernate's public {@code Session#doReturningWork}, so it commits and rolls back with the host's
 * joined transaction or Gatehouse's own, and gets the query timeout the entity manager's queries
 * get. An {@link SQLException} reaches the caller converted by Hibernate as its own statements'
 * are.
 *
 * <p>Values are bound by their Java type; an {@link Instant} as Hibernate binds it with {@code
 * hibernate.jdbc.time_zone=UTC} (which Gatehouse requires), so rows written before these tables
 * stopped being entities read back unchanged. One instance per transaction; not thread-safe.
 */
final class LibrarySql {
  private static final String QUERY_TIMEOUT = "jakarta.persistence.query.timeout";
  private static final String LEGACY_QUERY_TIMEOUT = "javax.persistence.query.timeout";
  private static final ThreadLocal<Calendar> UTC =
      ThreadLocal.withInitial(() -> Calendar.getInstance(TimeZone.getTimeZone("UTC")));

  private final EntityManager em;
  private final SqlDialect dialect;
  private int timeoutSeconds = -1;

  LibrarySql(EntityManager em, SqlDialect dialect) {
    this.em = em;
    this.dialect = dialect;
  }

  /** Reads one row of a result. */
  @FunctionalInterface
  interface Row<T> {
    T read(Columns row) throws SQLException;
  }

  /** The dialect of the database. */
  SqlDialect dialect() {
    return dialect;
  }

  /** Runs an insert, update or delete and answers its update count. */
  int update(String sql, Object... values) {
    return work(
        connection -> {
          try (PreparedStatement s = prepare(connection, sql, values)) {
            return s.executeUpdate();
          }
        });
  }

  /** Runs an insert into a table with an identity column {@code id} and answers the new id. */
  long insertReturningId(String sql, Object... values) {
    return work(
        connection -> {
          try (PreparedStatement s = connection.prepareStatement(sql, new String[] {"id"})) {
            bind(s, values);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
              if (!keys.next()) {
                throw new IllegalStateException("the insert answered no generated id");
              }
              return keys.getLong(1);
            }
          }
        });
  }

  /** Runs a query and reads every row. */
  <T> List<T> list(String sql, Row<T> reader, Object... values) {
    return work(
        connection -> {
          try (PreparedStatement s = prepare(connection, sql, values);
              ResultSet rows = s.executeQuery()) {
            List<T> out = new ArrayList<>();
            Columns columns = new Columns(rows, dialect);
            while (rows.next()) {
              out.add(reader.read(columns));
            }
            return out;
          }
        });
  }

  /**
   * Runs a query and reads its first row, if any (empty too when the reader answers null); further
   * rows are ignored.
   */
  <T> Optional<T> first(String sql, Row<T> reader, Object... values) {
    return work(
        connection -> {
          try (PreparedStatement s = prepare(connection, sql, values);
              ResultSet rows = s.executeQuery()) {
            return rows.next()
                ? Optional.ofNullable(reader.read(new Columns(rows, dialect)))
                : Optional.empty();
          }
        });
  }

  /** A query answering one number (a count), {@code 0} when it answers no row or null. */
  long number(String sql, Object... values) {
    return first(sql, r -> r.number(1), values).map(n -> n == null ? 0L : n).orElse(0L);
  }

  /** {@code n} parameter marks separated by commas, for an {@code in} list. */
  static String marks(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  /** {@code sql} answering at most {@code rows} rows, in the dialect's words. */
  String limit(String sql, int rows) {
    return dialect == SqlDialect.PORTABLE
        ? sql + " fetch first " + rows + " rows only"
        : sql + " limit " + rows;
  }

  /** Work on the transaction's connection; statements it prepares get {@link #prepare}'s setup. */
  <T> T work(SqlWork<T> work) {
    return JpaConnections.onConnection(em, work);
  }

  /** A statement with the query timeout applied and {@code values} bound. */
  PreparedStatement prepare(Connection connection, String sql, Object... values)
      throws SQLException {
    PreparedStatement s = connection.prepareStatement(sql);
    try {
      int seconds = timeoutSeconds();
      if (seconds > 0) {
        s.setQueryTimeout(seconds);
      }
      bind(s, values);
      return s;
    } catch (SQLException | RuntimeException e) {
      s.close();
      throw e;
    }
  }

  private void bind(PreparedStatement s, Object[] values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      if (v instanceof Instant t) {
        setInstant(dialect, s, i + 1, t);
      } else {
        s.setObject(i + 1, v);
      }
    }
  }

  /**
   * The query timeout the entity manager's queries get: its (or else the unit's) {@code
   * jakarta.persistence.query.timeout} (legacy {@code javax.persistence.query.timeout}), in
   * milliseconds, as a JDBC timeout in seconds, rounded as Hibernate rounds it, but a positive
   * timeout below half a second is one second rather than none. Without it a statement blocked on a
   * row lock would wait for the database's own lock timeout (none on PostgreSQL).
   */
  private int timeoutSeconds() {
    if (timeoutSeconds < 0) {
      Map<String, Object> properties = em.getProperties();
      Object value = properties.get(QUERY_TIMEOUT);
      if (value == null) {
        value = properties.get(LEGACY_QUERY_TIMEOUT);
      }
      long millis =
          value == null
              ? 0
              : value instanceof Number n
                  ? n.longValue()
                  : Long.parseLong(value.toString().strip());
      timeoutSeconds =
          millis <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.max(1, (millis + 500) / 1000));
    }
    return timeoutSeconds;
  }

  /**
   * Binds an instant as Hibernate does with {@code hibernate.jdbc.time_zone} UTC. The zoned columns
   * of PostgreSQL and H2 ({@code timestamp with time zone}) take it as an offset date-time, which
   * stores the instant itself (H2 would store a {@code Timestamp} with the session's time zone, the
   * JVM's by default, and read a zoned value back ignoring the calendar; PostgreSQL's driver parses
   * a calendar-bound timestamp slower). MariaDB's and MySQL's {@code DATETIME(6)} and any other
   * database get a timestamp in UTC.
   */
  static void setInstant(SqlDialect dialect, PreparedStatement s, int index, Instant value)
      throws SQLException {
    if (value == null) {
      s.setObject(index, null);
    } else if (zoned(dialect)) {
      s.setObject(index, value.atOffset(ZoneOffset.UTC));
    } else {
      s.setTimestamp(index, Timestamp.from(value), UTC.get());
    }
  }

  /** Reads an instant written by {@link #setInstant}. */
  static Instant instant(SqlDialect dialect, ResultSet r, int column) throws SQLException {
    if (zoned(dialect)) {
      OffsetDateTime value = r.getObject(column, OffsetDateTime.class);
      return value == null ? null : value.toInstant();
    }
    Timestamp value = r.getTimestamp(column, UTC.get());
    return value == null ? null : value.toInstant();
  }

  /**
   * Whether the dialect's timestamp columns are zoned (the changelog's {@code
   * gatehouse.timestamp}).
   */
  private static boolean zoned(SqlDialect dialect) {
    return dialect == SqlDialect.H2 || dialect == SqlDialect.POSTGRESQL;
  }

  /** The columns of the current row of a result, by position from 1. */
  static final class Columns {
    private final ResultSet rows;
    private final SqlDialect dialect;

    Columns(ResultSet rows, SqlDialect dialect) {
      this.rows = rows;
      this.dialect = dialect;
    }

    String text(int column) throws SQLException {
      return rows.getString(column);
    }

    /** A whole number, {@code null} for SQL null. */
    Long number(int column) throws SQLException {
      long value = rows.getLong(column);
      return rows.wasNull() ? null : value;
    }

    int integer(int column) throws SQLException {
      return rows.getInt(column);
    }

    Instant instant(int column) throws SQLException {
      return LibrarySql.instant(dialect, rows, column);
    }
  }
}
