package dev.gatehouse.imports.internal;

import dev.gatehouse.jpa.JpaAuthStore.BulkTransaction;
import dev.gatehouse.jpa.JpaConnections;
import dev.gatehouse.jpa.JpaConnections.SqlWork;
import dev.gatehouse.jpa.SqlDialect;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Runs {@link LedgerSql}'s statements with plain JDBC on the connection of the transaction in
 * force, through {@code auth-jpa}'s public seams: {@link JpaConnections#onConnection} for the
 * ledger's own transactions (with the entity manager's query timeout), {@link
 * BulkTransaction#onConnection} for a batch's. Instants are bound and read as {@link SqlDialect}
 * says. One instance per transaction; not thread-safe. Internal: not API.
 */
final class LedgerJdbc {
  /** Rows per {@code executeBatch}: the drivers rewrite each into a few multi-row statements. */
  static final int BATCH = 1000;

  /** Runs plain JDBC work on the transaction's connection. */
  private interface Connections {
    <T> T run(SqlWork<T> work);
  }

  /** Reads one row of a result. */
  @FunctionalInterface
  interface Row<T> {
    T read(ResultSet row) throws SQLException;
  }

  /** One row's values, in the statement's column order. */
  @FunctionalInterface
  interface Values<T> {
    Object[] of(T row);
  }

  private final Connections connections;
  private final SqlDialect dialect;
  private final int timeoutSeconds;

  private LedgerJdbc(Connections connections, int timeoutSeconds) {
    this.connections = connections;
    this.timeoutSeconds = timeoutSeconds;
    this.dialect = connections.run(c -> SqlDialect.of(c.getMetaData()));
  }

  static LedgerJdbc of(EntityManager em) {
    return new LedgerJdbc(
        new Connections() {
          @Override
          public <T> T run(SqlWork<T> work) {
            return JpaConnections.onConnection(em, work);
          }
        },
        JpaConnections.queryTimeoutSeconds(em));
  }

  static LedgerJdbc of(BulkTransaction tx) {
    return new LedgerJdbc(
        new Connections() {
          @Override
          public <T> T run(SqlWork<T> work) {
            return tx.onConnection(work);
          }
        },
        0);
  }

  SqlDialect dialect() {
    return dialect;
  }

  /** Runs work on the transaction's connection. */
  <T> T run(SqlWork<T> work) {
    return connections.run(work);
  }

  int update(String sql, Object... values) {
    return connections.run(
        c -> {
          try (PreparedStatement s = prepare(c, sql, values)) {
            return s.executeUpdate();
          }
        });
  }

  <T> List<T> list(String sql, Row<T> reader, Object... values) {
    return connections.run(
        c -> {
          try (PreparedStatement s = prepare(c, sql, values);
              ResultSet rows = s.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rows.next()) {
              out.add(reader.read(rows));
            }
            return out;
          }
        });
  }

  <T> Optional<T> first(String sql, Row<T> reader, Object... values) {
    return connections.run(
        c -> {
          try (PreparedStatement s = prepare(c, sql, values);
              ResultSet rows = s.executeQuery()) {
            return rows.next() ? Optional.ofNullable(reader.read(rows)) : Optional.empty();
          }
        });
  }

  /** A query answering one number, {@code 0} for no row or null. */
  long number(String sql, Object... values) {
    return first(sql, r -> r.getLong(1), values).orElse(0L);
  }

  <T> void insertAll(String sql, List<T> rows, Values<T> values) {
    insertAll(sql, null, rows, values);
  }

  /**
   * Inserts rows by {@code sql} ({@code insert into t (columns) values (?, ...)}): in JDBC batches,
   * or on PostgreSQL, when {@code arrayTypes} names each column's type, by the same insert of the
   * columns bound as one text array each, cast to those types, {@value #BATCH} rows a statement.
   */
  <T> void insertAll(String sql, String @Nullable [] arrayTypes, List<T> rows, Values<T> values) {
    if (rows.isEmpty()) {
      return;
    }
    if (arrayTypes != null && dialect == SqlDialect.POSTGRESQL) {
      StringBuilder unnest = new StringBuilder(sql.substring(0, sql.indexOf(") values (") + 1));
      for (int i = 0; i < arrayTypes.length; i++) {
        unnest.append(i == 0 ? " select * from unnest(?::" : ", ?::").append(arrayTypes[i]);
        unnest.append("[]");
      }
      String arrays = unnest.append(")").toString();
      connections.run(
          c -> {
            try (PreparedStatement s = prepare(c, arrays)) {
              for (int from = 0; from < rows.size(); from += BATCH) {
                List<T> chunk = rows.subList(from, Math.min(rows.size(), from + BATCH));
                List<List<@Nullable Object>> columns = new ArrayList<>();
                for (int i = 0; i < arrayTypes.length; i++) {
                  columns.add(new ArrayList<>(chunk.size()));
                }
                for (T row : chunk) {
                  Object[] v = values.of(row);
                  for (int i = 0; i < v.length; i++) {
                    columns.get(i).add(v[i]);
                  }
                }
                for (int i = 0; i < columns.size(); i++) {
                  dialect.bindTextArray(s, i + 1, columns.get(i));
                }
                s.executeUpdate();
              }
            }
            return null;
          });
      return;
    }
    connections.run(
        c -> {
          try (PreparedStatement s = prepare(c, sql)) {
            int pending = 0;
            for (T row : rows) {
              dialect.bind(s, values.of(row));
              s.addBatch();
              if (++pending == BATCH) {
                s.executeBatch();
                pending = 0;
              }
            }
            if (pending > 0) {
              s.executeBatch();
            }
          }
          return null;
        });
  }

  PreparedStatement prepare(Connection c, String sql, Object... values) throws SQLException {
    return dialect.prepare(c, sql, timeoutSeconds, values);
  }

  static String marks(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }
}
