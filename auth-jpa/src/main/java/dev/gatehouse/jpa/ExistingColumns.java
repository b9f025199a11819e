package dev.gatehouse.jpa;

import static dev.gatehouse.jpa.SchemaAdoption.TIMESTAMP_PROPERTY;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The columns an existing table has, read through JDBC metadata, for {@link SchemaAdoption}. Only
 * reads. Stateless.
 */
final class ExistingColumns {
  private ExistingColumns() {}

  /**
   * An existing column; {@code name} is lower case, {@code type} the Liquibase type, {@code
   * jdbcType} one of {@link Types}, {@code databaseType} the database's own name of its type.
   */
  record DbColumn(
      String name,
      boolean nullable,
      boolean hasDefault,
      String type,
      int jdbcType,
      String databaseType) {}

  /** The table's columns keyed by lower-case name, or empty when the table does not exist. */
  static Optional<Map<String, DbColumn>> of(Connection c, DatabaseMetaData md, String table)
      throws SQLException {
    String catalog = c.getCatalog();
    String schema = c.getSchema();
    for (String name :
        List.of(table, table.toUpperCase(Locale.ROOT), table.toLowerCase(Locale.ROOT))) {
      Map<String, DbColumn> out = new LinkedHashMap<>();
      try (ResultSet rs = md.getColumns(catalog, schema, name, null)) {
        while (rs.next()) {
          String col = rs.getString("COLUMN_NAME");
          boolean nullable = rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls;
          String dflt = rs.getString("COLUMN_DEF");
          boolean auto = "YES".equalsIgnoreCase(rs.getString("IS_AUTOINCREMENT"));
          out.put(
              col.toLowerCase(Locale.ROOT),
              new DbColumn(
                  col.toLowerCase(Locale.ROOT),
                  nullable,
                  auto || (dflt != null && !dflt.equalsIgnoreCase("NULL")),
                  typeOf(
                      rs.getInt("DATA_TYPE"), rs.getString("TYPE_NAME"), rs.getInt("COLUMN_SIZE")),
                  rs.getInt("DATA_TYPE"),
                  rs.getString("TYPE_NAME")));
        }
      }
      if (!out.isEmpty()) {
        return Optional.of(out);
      }
    }
    return Optional.empty();
  }

  /** A database-neutral Liquibase type for an existing column. */
  private static String typeOf(int jdbcType, String typeName, int size) {
    switch (jdbcType) {
      case Types.VARCHAR, Types.NVARCHAR, Types.CHAR, Types.NCHAR:
        return "VARCHAR(" + size + ")";
      case Types.BOOLEAN, Types.BIT:
        return "BOOLEAN";
      case Types.BIGINT:
        return "BIGINT";
      case Types.INTEGER, Types.SMALLINT, Types.TINYINT:
        return "INT";
      case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE:
        return "${" + TIMESTAMP_PROPERTY + "}";
      default:
        return typeName.toUpperCase(Locale.ROOT);
    }
  }
}
