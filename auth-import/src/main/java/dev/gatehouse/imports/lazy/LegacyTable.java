package dev.gatehouse.imports.lazy;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.imports.source.JdbcTableSource.ColumnMapping;
import dev.gatehouse.imports.source.JdbcTableSource.ColumnMapping.Field;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A legacy user table as the database names it, and which mapped columns it really has, read from
 * the database's metadata (the name as given, then in the case the database folds unquoted names
 * to) and quoted as its dialect requires, so a table named by a reserved word ({@code user}) is the
 * table, not a function. Shared by the lazy migration's lookups and the write-back.
 *
 * @param table the qualified, quoted table name
 * @param quote the database's identifier quote
 * @param columns the mapped fields the table has, by their column names
 * @param actual every column of the table, by its lower-case name
 * @param idType the JDBC type of the key column
 * @param types the JDBC type of every column, by its lower-case name
 */
record LegacyTable(
    String table,
    String quote,
    Map<Field, String> columns,
    Map<String, String> actual,
    int idType,
    Map<String, Integer> types) {
  String column(Field f) {
    return columns.get(f);
  }

  /** The JDBC type of a column, by its (case-insensitive) name. */
  int type(String column) {
    return types.getOrDefault(column.toLowerCase(Locale.ROOT), java.sql.Types.VARCHAR);
  }

  /** A column of the table, by its (case-insensitive) mapped name, quoted. */
  String quoted(String column) {
    return quote + actual.get(column.toLowerCase(Locale.ROOT)) + quote;
  }

  static LegacyTable read(Connection c, String table, ColumnMapping mapping, String migrated)
      throws SQLException {
    LegacyTable described = describe(c, table);
    Map<String, String> actual = described.actual();
    Map<String, Integer> types = described.types();
    Map<Field, String> present = new HashMap<>();
    mapping
        .columns()
        .forEach(
            (f, col) -> {
              if (actual.containsKey(unquote(col).toLowerCase(Locale.ROOT))) {
                present.put(f, unquote(col));
              }
            });
    List<String> missing = new ArrayList<>();
    for (Field required : List.of(Field.LEGACY_ID, Field.PASSWORD_HASH)) {
      String col = mapping.columns().get(required);
      if (col == null || !present.containsKey(required)) {
        missing.add(col == null ? required.name().toLowerCase(Locale.ROOT) : col);
      }
    }
    if (migrated != null && !actual.containsKey(unquote(migrated).toLowerCase(Locale.ROOT))) {
      missing.add(migrated);
    }
    if (!missing.isEmpty()) {
      throw new ConfigurationException(
          "legacy table "
              + table
              + " has no column "
              + String.join(", ", missing)
              + " (it has "
              + String.join(", ", new java.util.TreeSet<>(actual.keySet()))
              + "); fix the column mapping");
    }
    if (!present.containsKey(Field.EMAIL)
        && !present.containsKey(Field.USERNAME)
        && !present.containsKey(Field.PHONE)) {
      throw new ConfigurationException(
          "legacy table " + table + " has none of the mapped email, username or phone columns");
    }
    String idColumn = present.get(Field.LEGACY_ID);
    return new LegacyTable(
        described.table(),
        described.quote(),
        present,
        actual,
        types.get(idColumn.toLowerCase(Locale.ROOT)),
        types);
  }

  /**
   * A table with every column it has and no mapped field (a table of the legacy application other
   * than the user table, such as jb-drf-auth's profiles).
   *
   * @throws ConfigurationException when the table does not exist
   */
  static LegacyTable describe(Connection c, String table) throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    String quote = md.getIdentifierQuoteString();
    quote = quote == null || quote.isBlank() ? "" : quote.strip();
    String[] parts = table.split("\\.");
    String given = parts[parts.length - 1];
    String schema = parts.length > 1 ? unquote(parts[0]) : null;
    boolean exact = given.startsWith("\"");
    String name = unquote(given);
    String found = null;
    String foundSchema = null;
    List<String> tries =
        exact
            ? List.of(name)
            : List.of(name, name.toLowerCase(Locale.ROOT), name.toUpperCase(Locale.ROOT));
    String schemaPattern = schema != null ? schema : currentSchema(c);
    for (String candidate : tries) {
      try (ResultSet rs =
          md.getTables(c.getCatalog(), schemaPattern, candidate, new String[] {"TABLE", "VIEW"})) {
        while (found == null && rs.next()) {
          String n = rs.getString("TABLE_NAME");
          if (n.equals(candidate)) {
            found = n;
            foundSchema = rs.getString("TABLE_SCHEM");
          }
        }
      }
      if (found != null) {
        break;
      }
    }
    if (found == null) {
      throw new ConfigurationException(
          "legacy table "
              + table
              + " does not exist"
              + (schemaPattern == null ? "" : " in schema " + schemaPattern)
              + "; check the table name (and that the legacy database is the right one)");
    }
    String qualified =
        (schema != null && foundSchema != null ? quote + foundSchema + quote + "." : "")
            + quote
            + found
            + quote;
    Map<String, String> actual = new HashMap<>();
    Map<String, Integer> types = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("select * from " + qualified + " where 1 = 0");
        ResultSet rs = ps.executeQuery()) {
      ResultSetMetaData rmd = rs.getMetaData();
      for (int i = 1; i <= rmd.getColumnCount(); i++) {
        String label = rmd.getColumnLabel(i);
        actual.put(label.toLowerCase(Locale.ROOT), label);
        types.put(label.toLowerCase(Locale.ROOT), rmd.getColumnType(i));
      }
    }
    return new LegacyTable(
        qualified, quote, Map.of(), Map.copyOf(actual), java.sql.Types.OTHER, Map.copyOf(types));
  }

  private static String currentSchema(Connection c) {
    try {
      return c.getSchema();
    } catch (SQLException | AbstractMethodError e) {
      return null;
    }
  }

  private static String unquote(String name) {
    return name.startsWith("\"") && name.endsWith("\"") && name.length() > 1
        ? name.substring(1, name.length() - 1)
        : name;
  }
}
