package dev.gatehouse.jpa;

import dev.gatehouse.jpa.JpaConnections.SqlWork;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

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
 *
 * <p>A write whose result its flow does not read may be {@linkplain #defer deferred}: it is sent
 * before this instance's next statement, or when the transaction's work ends ({@link
 * #sendDeferred}), whichever comes first. On PostgreSQL the queued writes then go in one round trip
 * (issue 79: on PostgreSQL a round trip costs the server about as much CPU as executing one of a
 * login's statements).
 */
final class LibrarySql {

  private final EntityManager em;
  private final SqlDialect dialect;
  private final boolean deferring;
  private final List<Deferred> deferred = new ArrayList<>();
  private int timeoutSeconds = -1;

  /**
   * @param deferring whether {@link #defer} may queue: only for an instance whose owner calls
   *     {@link #sendDeferred} before the transaction's work ends; otherwise a deferred write runs
   *     at once
   */
  LibrarySql(EntityManager em, SqlDialect dialect, boolean deferring) {
    this.em = em;
    this.dialect = dialect;
    this.deferring = deferring;
  }

  LibrarySql(EntityManager em, SqlDialect dialect) {
    this(em, dialect, false);
  }

  /** A queued write: its statement and its values. */
  private record Deferred(String sql, Object[] values) {}

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

  /**
   * Queues an insert, update or delete whose update count nobody reads, to be sent with the
   * transaction's other deferred writes before this instance's next statement or when the
   * transaction's work ends, in the order they were queued. Only for writes to tables that nothing
   * but this class and the connection's holders after {@link #sendDeferred} reach (the library's
   * own: a later read through either sees the write); a failure surfaces when the writes are sent,
   * inside the same transaction, which it then fails as a statement of its own would.
   */
  void defer(String sql, Object... values) {
    deferred.add(new Deferred(sql, values.clone()));
    if (!deferring) {
      sendDeferred();
    }
  }

  /**
   * Sends the queued writes, if any: on PostgreSQL as one statement text of several statements,
   * which its driver sends in one round trip; elsewhere each write as a statement of its own, and
   * consecutive writes of one statement as one JDBC batch.
   */
  void sendDeferred() {
    if (deferred.isEmpty()) {
      return;
    }
    List<Deferred> writes = List.copyOf(deferred);
    deferred.clear();
    JpaConnections.onConnection(
        em,
        connection -> {
          if (dialect == SqlDialect.POSTGRESQL) {
            sendTogether(connection, writes);
          } else {
            sendInBatches(connection, writes);
          }
          return null;
        });
  }

  private void sendTogether(Connection connection, List<Deferred> writes) throws SQLException {
    StringBuilder text = new StringBuilder();
    List<Object> values = new ArrayList<>();
    for (Deferred w : writes) {
      text.append(text.isEmpty() ? "" : "; ").append(w.sql());
      values.addAll(java.util.Arrays.asList(w.values()));
    }
    try (PreparedStatement s = prepare(connection, text.toString(), values.toArray())) {
      s.execute();
    }
  }

  private void sendInBatches(Connection connection, List<Deferred> writes) throws SQLException {
    int from = 0;
    while (from < writes.size()) {
      String sql = writes.get(from).sql();
      int to = from + 1;
      while (to < writes.size() && writes.get(to).sql().equals(sql)) {
        to++;
      }
      if (to - from == 1) {
        try (PreparedStatement s = prepare(connection, sql, writes.get(from).values())) {
          s.executeUpdate();
        }
      } else {
        try (PreparedStatement s = prepare(connection, sql)) {
          for (Deferred w : writes.subList(from, to)) {
            dialect.bind(s, w.values());
            s.addBatch();
          }
          s.executeBatch();
        }
      }
      from = to;
    }
  }

  /** Runs an insert into a table with an identity column {@code id} and answers the new id. */
  long insertReturningId(String sql, Object... values) {
    return work(
        connection -> {
          try (PreparedStatement s = connection.prepareStatement(sql, new String[] {"id"})) {
            dialect.bind(s, values);
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
    return dialect.limit(sql, rows);
  }

  /**
   * Work on the transaction's connection, after the deferred writes were sent; statements it
   * prepares get {@link #prepare}'s setup.
   */
  <T> T work(SqlWork<T> work) {
    sendDeferred();
    return JpaConnections.onConnection(em, work);
  }

  /** A statement with the query timeout applied and {@code values} bound. */
  PreparedStatement prepare(Connection connection, String sql, Object... values)
      throws SQLException {
    return dialect.prepare(connection, sql, timeoutSeconds(), values);
  }

  /** The entity manager's query timeout in seconds ({@link JpaConnections#queryTimeoutSeconds}). */
  private int timeoutSeconds() {
    if (timeoutSeconds < 0) {
      timeoutSeconds = JpaConnections.queryTimeoutSeconds(em);
    }
    return timeoutSeconds;
  }

  /** The columns of the current row of a result, by position from 1. */
  static final class Columns {
    private final ResultSet rows;
    private final SqlDialect dialect;

    Columns(ResultSet rows, SqlDialect dialect) {
      this.rows = rows;
      this.dialect = dialect;
    }

    /** The result itself, for a reader of columns this class does not type. */
    ResultSet result() {
      return rows;
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
      return dialect.readInstant(rows, column);
    }
  }
}
