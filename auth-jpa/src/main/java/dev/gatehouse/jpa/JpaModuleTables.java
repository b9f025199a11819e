package dev.gatehouse.jpa;

import dev.gatehouse.core.GatehouseModule;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.core.store.ModuleRows;
import dev.gatehouse.core.store.ModuleTables;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A module's own tables in plain SQL with bind parameters on the connection of one transaction of
 * the JPA store ({@link JpaStoreTransaction#onConnection}): the host's joined transaction or
 * Gatehouse's own, so a module's rows commit and roll back with the flow. A table's columns and
 * their types are read once per store from the database's metadata ({@link Columns}): a table the
 * database lacks is a configuration error before any statement runs (a failed statement would abort
 * a PostgreSQL transaction, which may be the host's), and a column the table lacks is refused as
 * bad input. Names are checked lower-case identifiers ({@link ModuleTables#requireName}) before
 * they are written into a statement; every value is a bind parameter. One instance per transaction.
 */
final class JpaModuleTables implements ModuleTables {
  private final JpaStoreTransaction tx;
  private final EntityManager em;
  private final SqlDialect dialect;
  private final Columns known;

  JpaModuleTables(JpaStoreTransaction tx, EntityManager em, SqlDialect dialect, Columns known) {
    this.tx = tx;
    this.em = em;
    this.dialect = dialect;
    this.known = known;
  }

  @Override
  public ModuleRows rows(String table) {
    return new Rows(ModuleTables.requireName(table));
  }

  @Override
  public boolean has(String table) {
    String name = ModuleTables.requireName(table);
    try {
      return JpaConnections.onConnection(em, c -> !known.of(c, name, false).isEmpty());
    } catch (RuntimeException e) {
      throw JpaAuthStore.translate(e);
    }
  }

  /** {@inheritDoc} The connection Hibernate holds for this transaction. */
  @Override
  public Optional<Connection> connection() {
    return Optional.of(tx.onConnection(c -> c));
  }

  /**
   * The columns of the modules' tables and their JDBC types, by table, read once per store; a table
   * not found is asked again next time (the host may migrate while running).
   */
  static final class Columns {
    private final Map<String, Map<String, Integer>> tables = new ConcurrentHashMap<>();

    Map<String, Integer> of(Connection c, String table) throws SQLException {
      return of(c, table, true);
    }

    /** As {@link #of(Connection, String)}; a table not found is empty unless {@code required}. */
    Map<String, Integer> of(Connection c, String table, boolean required) throws SQLException {
      Map<String, Integer> columns = tables.get(table);
      if (columns == null) {
        columns = read(c, table);
        if (columns.isEmpty() && !required) {
          return columns;
        }
        if (columns.isEmpty()) {
          throw new ConfigurationException(
              "the module's table "
                  + table
                  + " is not in this database's schema: include "
                  + changelogOf(table)
                  + " in the host's Liquibase changelog after Gatehouse's");
        }
        tables.put(table, columns);
      }
      return columns;
    }

    /**
     * The changelog that creates {@code table}, as the manifest of a module on the class path
     * declares it ({@code <include file="..."/>} names it so); the manifest's field when none
     * declares the table.
     */
    private static String changelogOf(String table) {
      for (GatehouseModule module :
          ServiceLoader.load(GatehouseModule.class, JpaModuleTables.class.getClassLoader())) {
        ModuleManifest manifest = module.manifest();
        if (manifest.tables().contains(table) && manifest.changelog().isPresent()) {
          return manifest.changelog().get() + " (the " + manifest.module() + " module's changelog)";
        }
      }
      return "the module's changelog (ModuleManifest#changelog)";
    }

    /**
     * The table's columns in the first schema the connection's unqualified statements reach it in:
     * the connection's schema, or on PostgreSQL each schema of its search path in order (a host may
     * keep Gatehouse's tables in a schema of its own). Never another schema of the same database,
     * where a table of that name would not be the one a statement reaches. Empty when none.
     */
    private static Map<String, Integer> read(Connection c, String table) throws SQLException {
      DatabaseMetaData m = c.getMetaData();
      List<String> schemas = JpaConnections.reachingSchemas(c, table);
      for (String schema : schemas) {
        for (String name : List.of(table, table.toUpperCase(Locale.ROOT))) {
          Map<String, Integer> columns = new LinkedHashMap<>();
          try (ResultSet r = m.getColumns(c.getCatalog(), schema, name, null)) {
            while (r.next()) {
              columns.put(
                  r.getString("COLUMN_NAME").toLowerCase(Locale.ROOT), r.getInt("DATA_TYPE"));
            }
          }
          if (!columns.isEmpty()) {
            return Map.copyOf(columns);
          }
        }
      }
      return Map.of();
    }
  }

  private final class Rows implements ModuleRows {
    private final String table;

    Rows(String table) {
      this.table = table;
    }

    @Override
    public void insert(Map<String, ?> row) {
      ModuleRows.requireValues(row);
      if (row.isEmpty()) {
        throw new IllegalArgumentException("a row to insert into " + table + " has no column");
      }
      List<String> names = new ArrayList<>(row.keySet());
      String sql =
          "insert into "
              + table
              + " ("
              + String.join(", ", names)
              + ") values ("
              + String.join(", ", java.util.Collections.nCopies(names.size(), "?"))
              + ")";
      run(sql, names, row, List.of(), Map.of());
    }

    @Override
    public List<Map<String, Object>> find(Map<String, ?> where) {
      ModuleRows.requireValues(where);
      List<String> on = new ArrayList<>(where.keySet());
      String sql = "select * from " + table + where(on, where);
      Map<String, Integer> columns = columns(List.of(), on);
      return tx.onConnection(
          c -> {
            try (PreparedStatement s = prepare(c, sql, columns, List.of(), Map.of(), on, where);
                ResultSet r = s.executeQuery()) {
              List<Map<String, Object>> found = new ArrayList<>();
              ResultSetMetaData meta = r.getMetaData();
              while (r.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                  row.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), read(r, i, meta));
                }
                found.add(java.util.Collections.unmodifiableMap(row));
              }
              return found;
            }
          });
    }

    @Override
    public int update(Map<String, ?> where, Map<String, ?> set) {
      ModuleRows.requireValues(where);
      ModuleRows.requireValues(set);
      if (set.isEmpty()) {
        throw new IllegalArgumentException("an update of " + table + " sets no column");
      }
      List<String> names = new ArrayList<>(set.keySet());
      List<String> on = new ArrayList<>(where.keySet());
      StringBuilder sql = new StringBuilder("update ").append(table).append(" set ");
      for (int i = 0; i < names.size(); i++) {
        sql.append(i == 0 ? "" : ", ").append(names.get(i)).append(" = ?");
      }
      return run(sql + where(on, where), names, set, on, where);
    }

    @Override
    public int delete(Map<String, ?> where) {
      ModuleRows.requireValues(where);
      List<String> on = new ArrayList<>(where.keySet());
      return run("delete from " + table + where(on, where), List.of(), Map.of(), on, where);
    }

    private int run(
        String sql,
        List<String> names,
        Map<String, ?> values,
        List<String> on,
        Map<String, ?> where) {
      Map<String, Integer> columns = columns(names, on);
      return tx.onConnection(
          c -> {
            try (PreparedStatement s = prepare(c, sql, columns, names, values, on, where)) {
              return s.executeUpdate();
            }
          });
    }

    /**
     * The table's columns, each of {@code names} and {@code on} checked to be one of them: before
     * the statement, through the connection without counting as a write (a joined host transaction
     * is not marked rollback-only by a refusal).
     */
    private Map<String, Integer> columns(List<String> names, List<String> on) {
      Map<String, Integer> columns;
      try {
        columns = JpaConnections.onConnection(em, c -> known.of(c, table));
      } catch (RuntimeException e) {
        throw JpaAuthStore.translate(e);
      }
      for (List<String> list : List.of(names, on)) {
        for (String name : list) {
          if (!columns.containsKey(name)) {
            throw new IllegalArgumentException(table + " has no column " + name);
          }
        }
      }
      return columns;
    }

    /** Binds the values, then the condition's. */
    private PreparedStatement prepare(
        Connection c,
        String sql,
        Map<String, Integer> columns,
        List<String> names,
        Map<String, ?> values,
        List<String> on,
        Map<String, ?> where)
        throws SQLException {
      PreparedStatement s = c.prepareStatement(sql);
      try {
        int timeout = JpaConnections.queryTimeoutSeconds(em);
        if (timeout > 0) {
          s.setQueryTimeout(timeout);
        }
        int i = 1;
        for (String name : names) {
          bind(s, i++, values.get(name), columns.get(name));
        }
        for (String name : on) {
          Object v = where.get(name);
          if (v != null) {
            bind(s, i++, v, columns.get(name));
          }
        }
        return s;
      } catch (SQLException | RuntimeException e) {
        s.close();
        throw e;
      }
    }
  }

  /** {@code where a = ? and b is null}, or nothing for no condition. */
  private static String where(List<String> on, Map<String, ?> where) {
    StringBuilder sql = new StringBuilder();
    for (String name : on) {
      sql.append(sql.length() == 0 ? " where " : " and ")
          .append(name)
          .append(where.get(name) == null ? " is null" : " = ?");
    }
    return sql.toString();
  }

  private void bind(PreparedStatement s, int index, Object value, int type) throws SQLException {
    if (value == null) {
      s.setNull(index, type);
    } else if (value instanceof Instant t) {
      dialect.bindInstant(s, index, t.truncatedTo(ChronoUnit.MICROS));
    } else if (value instanceof UUID u) {
      s.setString(index, u.toString());
    } else if (value instanceof byte[] b) {
      s.setBytes(index, b);
    } else {
      s.setObject(index, value);
    }
  }

  private Object read(ResultSet r, int i, ResultSetMetaData meta) throws SQLException {
    Object value =
        switch (meta.getColumnType(i)) {
          case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> dialect.readInstant(r, i);
          case Types.BIT, Types.BOOLEAN -> r.getBoolean(i);
          case Types.TINYINT, Types.SMALLINT, Types.INTEGER -> r.getInt(i);
          case Types.BIGINT -> r.getLong(i);
          case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> r.getBytes(i);
          case Types.CHAR,
              Types.VARCHAR,
              Types.LONGVARCHAR,
              Types.NCHAR,
              Types.NVARCHAR,
              Types.CLOB ->
              r.getString(i);
          default -> r.getObject(i);
        };
    return r.wasNull() ? null : value;
  }
}
