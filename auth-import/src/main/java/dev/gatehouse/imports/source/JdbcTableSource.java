package dev.gatehouse.imports.source;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.api.LegacySource.LegacyRecord;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Users from one table of a legacy database (for example FastAPI-Users' {@code "user"} table),
 * mapped by a {@link ColumnMapping} with lower-case column names, read in legacy-id order with a
 * streaming cursor.
 *
 * <pre>{@code
 * LegacySource users = JdbcTableSource.of(legacyDb, "\"user\"", ColumnMapping.fastApiUsers());
 * }</pre>
 */
public final class JdbcTableSource implements LegacySource {
  private final DataSource dataSource;
  private final String table;
  private final ColumnMapping mapping;

  private JdbcTableSource(DataSource dataSource, String table, ColumnMapping mapping) {
    this.dataSource = dataSource;
    this.table = table;
    this.mapping = mapping;
  }

  /**
   * @param dataSource the legacy database (read only)
   * @param table the table, quoted if it is a reserved word ({@code "user"})
   * @param mapping the columns
   * @return the source
   * @throws IllegalArgumentException when the table name is not a plain identifier
   */
  public static JdbcTableSource of(DataSource dataSource, String table, ColumnMapping mapping) {
    JdbcRows.checkIdentifier(requireNonNull(table, "table"));
    return new JdbcTableSource(
        requireNonNull(dataSource, "dataSource"), table, requireNonNull(mapping, "mapping"));
  }

  @Override
  public String describe() {
    return "jdbc-table:" + table;
  }

  @Override
  public RecordStream open() {
    String idColumn = mapping.columns().get(ColumnMapping.Field.LEGACY_ID);
    JdbcRows.checkIdentifier(idColumn);
    return JdbcRowStream.open(dataSource, table, idColumn, this::read);
  }

  private LegacyRecord read(long position, Map<String, String> row) {
    // Column names of the mapping are compared in lower case, as JdbcRows reports them.
    Map<String, String> lower = new java.util.HashMap<>();
    mapping
        .columns()
        .values()
        .forEach(col -> lower.put(col, row.get(col.toLowerCase(Locale.ROOT))));
    try {
      return LegacyRecord.of(position, position, mapping.toUser(lower));
    } catch (IllegalArgumentException e) {
      return LegacyRecord.bad(
          position,
          position,
          lower.get(mapping.columns().get(ColumnMapping.Field.LEGACY_ID)),
          e.getMessage());
    }
  }
}
