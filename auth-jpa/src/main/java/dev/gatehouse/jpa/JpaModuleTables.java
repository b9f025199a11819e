package dev.gatehouse.jpa;

import dev.gatehouse.core.GatehouseModule;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.module.ModuleManifest;
import dev.gatehouse.core.store.ModuleRows;
import dev.gatehouse.core.store.ModuleRows.Range;
import dev.gatehouse.core.store.ModuleTable;
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
import org.jspecify.annotations.Nullable;

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
    return new Rows(ModuleTables.requireName(table), null);
  }

  @Override
  public ModuleRows rows(ModuleTable table) {
    return new Rows(table.name(), table);
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
    private final @Nullable ModuleTable declared;

    Rows(String table, @Nullable ModuleTable declared) {
      this.table = table;
      this.declared = declared;
    }

    /** The values checked, and as the declaration keeps them when there is one. */
    private Map<String, ?> accept(Map<String, ?> values) {
      return declared == null ? ModuleRows.requireValues(values) : declared.accept(values);
    }

    @Override
    public void insert(Map<String, ?> given) {
      Map<String, ?> row = accept(given);
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
      run(sql, names, row, Condition.of(Map.of(), null));
    }

    @Override
    public List<Map<String, Object>> find(Map<String, ?> where) {
      return select("select * from " + table, Condition.of(accept(where), null), "");
    }

    @Override
    public long count(Map<String, ?> where) {
      Condition on = Condition.of(accept(where), null);
      String sql = "select count(*) from " + table + on.sql();
      Map<String, Integer> columns = columns(List.of(), on);
      return tx.onConnection(
          c -> {
            try (PreparedStatement s = prepare(c, sql, columns, List.of(), Map.of(), on);
                ResultSet r = s.executeQuery()) {
              r.next();
              return r.getLong(1);
            }
          });
    }

    @Override
    public List<Map<String, Object>> page(Map<String, ?> where, Range range, int limit) {
      ModuleRows.requireLimit(limit);
      Condition on = Condition.of(accept(where), range(range));
      return select(
          "select * from " + table, on, dialect.limit(" order by " + range.column(), limit));
    }

    @Override
    public int delete(Map<String, ?> where, Range range, int limit) {
      ModuleRows.requireLimit(limit);
      Condition on = Condition.of(accept(where), range(range));
      String sql =
          switch (dialect) {
            case POSTGRESQL ->
                "delete from "
                    + table
                    + " where ctid = any(array(select ctid from "
                    + table
                    + on.sql()
                    + " limit "
                    + limit
                    + "))";
            case MYSQL -> "delete from " + table + on.sql() + " limit " + limit;
            default -> "delete from " + table + on.sql() + " fetch first " + limit + " rows only";
          };
      return run(sql, List.of(), Map.of(), on);
    }

    /** The range with its bounds as the declaration keeps them. */
    private Range range(Range range) {
      if (declared == null) {
        return range;
      }
      ModuleTable.Type type = declared.type(range.column());
      return new Range(
          range.column(),
          type.accept(range.column(), range.after()),
          type.accept(range.column(), range.before()));
    }

    private List<Map<String, Object>> select(String select, Condition on, String tail) {
      String sql = select + on.sql() + tail;
      Map<String, Integer> columns = columns(List.of(), on);
      return tx.onConnection(
          c -> {
            try (PreparedStatement s = prepare(c, sql, columns, List.of(), Map.of(), on);
                ResultSet r = s.executeQuery()) {
              List<Map<String, Object>> found = new ArrayList<>();
              ResultSetMetaData meta = r.getMetaData();
              while (r.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                  String name = meta.getColumnLabel(i).toLowerCase(Locale.ROOT);
                  Object value = read(r, i, meta);
                  row.put(name, declared == null ? value : typed(declared, name, value));
                }
                found.add(java.util.Collections.unmodifiableMap(row));
              }
              return found;
            }
          });
    }

    @Override
    public int update(Map<String, ?> where, Map<String, ?> given) {
      Condition on = Condition.of(accept(where), null);
      Map<String, ?> set = accept(given);
      if (set.isEmpty()) {
        throw new IllegalArgumentException("an update of " + table + " sets no column");
      }
      List<String> names = new ArrayList<>(set.keySet());
      StringBuilder sql = new StringBuilder("update ").append(table).append(" set ");
      for (int i = 0; i < names.size(); i++) {
        sql.append(i == 0 ? "" : ", ").append(names.get(i)).append(" = ?");
      }
      return run(sql + on.sql(), names, set, on);
    }

    @Override
    public int delete(Map<String, ?> where) {
      Condition on = Condition.of(accept(where), null);
      return run("delete from " + table + on.sql(), List.of(), Map.of(), on);
    }

    private int run(String sql, List<String> names, Map<String, ?> values, Condition on) {
      Map<String, Integer> columns = columns(names, on);
      return tx.onConnection(
          c -> {
            try (PreparedStatement s = prepare(c, sql, columns, names, values, on)) {
              return s.executeUpdate();
            }
          });
    }

    /**
     * The table's columns, each of {@code names} and {@code on}'s (and the declaration's) checked
     * to be one of them: before the statement, through the connection without counting as a write
     * (a joined host transaction is not marked rollback-only by a refusal).
     */
    private Map<String, Integer> columns(List<String> names, Condition on) {
      Map<String, Integer> columns;
      try {
        columns = JpaConnections.onConnection(em, c -> known.of(c, table));
      } catch (RuntimeException e) {
        throw JpaAuthStore.translate(e);
      }
      if (declared != null) {
        for (String name : declared.columns().keySet()) {
          if (!columns.containsKey(name)) {
            throw new ConfigurationException(
                "the module's table "
                    + table
                    + " has no column "
                    + name
                    + ": include the module's changelog (ModuleManifest#changelog) in full");
          }
        }
      }
      for (List<String> list : List.of(names, on.names())) {
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
        Condition on)
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
        for (Map.Entry<String, ?> e : on.bound()) {
          bind(s, i++, e.getValue(), columns.get(e.getKey()));
        }
        return s;
      } catch (SQLException | RuntimeException e) {
        s.close();
        throw e;
      }
    }
  }

  /** A value read as its declared column's type says (an integer of a LONG column a Long). */
  private static @Nullable Object typed(ModuleTable declared, String name, @Nullable Object value) {
    ModuleTable.Type type = declared.columns().get(name);
    if (value instanceof Number n && type == ModuleTable.Type.LONG) {
      return n.longValue();
    }
    if (value instanceof Number n && type == ModuleTable.Type.INT) {
      return n.intValue();
    }
    if (value instanceof Number n && type == ModuleTable.Type.BOOLEAN) {
      return n.intValue() != 0;
    }
    return value;
  }

  /**
   * A statement's condition: each column equal to its value ({@code is null} for null), and a
   * range's column not null and between its bounds; its bound values in the order of its SQL.
   */
  private record Condition(Map<String, ?> equal, @Nullable Range range) {
    static Condition of(Map<String, ?> equal, @Nullable Range range) {
      return new Condition(equal, range);
    }

    List<String> names() {
      List<String> names = new ArrayList<>(equal.keySet());
      if (range != null) {
        names.add(range.column());
      }
      return names;
    }

    String sql() {
      List<String> terms = new ArrayList<>();
      equal.forEach((name, v) -> terms.add(name + (v == null ? " is null" : " = ?")));
      if (range != null) {
        terms.add(range.column() + " is not null");
        if (range.after() != null) {
          terms.add(range.column() + " > ?");
        }
        if (range.before() != null) {
          terms.add(range.column() + " < ?");
        }
      }
      return terms.isEmpty() ? "" : " where " + String.join(" and ", terms);
    }

    List<Map.Entry<String, ?>> bound() {
      List<Map.Entry<String, ?>> bound = new ArrayList<>();
      equal.forEach(
          (name, v) -> {
            if (v != null) {
              bound.add(Map.entry(name, v));
            }
          });
      if (range != null) {
        for (Object v : java.util.Arrays.asList(range.after(), range.before())) {
          if (v != null) {
            bound.add(Map.entry(range.column(), v));
          }
        }
      }
      return bound;
    }
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
