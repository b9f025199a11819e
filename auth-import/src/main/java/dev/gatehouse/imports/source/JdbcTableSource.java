package dev.gatehouse.imports.source;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.imports.ImportSourceException;
import dev.gatehouse.imports.LegacyRecord;
import dev.gatehouse.imports.LegacySource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
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
    Connection c = null;
    try {
      c = dataSource.getConnection();
      c.setReadOnly(true);
      c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
      String idColumn = mapping.columns().get(ColumnMapping.Field.LEGACY_ID);
      JdbcRows.checkIdentifier(idColumn);
      PreparedStatement ps =
          c.prepareStatement(
              "select * from " + table + " order by " + idColumn,
              ResultSet.TYPE_FORWARD_ONLY,
              ResultSet.CONCUR_READ_ONLY);
      ps.setFetchSize(500);
      ResultSet rs = ps.executeQuery();
      return new Stream(c, ps, rs);
    } catch (SQLException e) {
      closeQuietly(c);
      throw new ImportSourceException("cannot query " + table, e);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception ignored) {
        // the source is read-only; nothing to lose
      }
    }
  }

  private final class Stream implements RecordStream {
    private final Connection c;
    private final PreparedStatement ps;
    private final ResultSet rs;
    private Boolean ready;
    private long position;

    Stream(Connection c, PreparedStatement ps, ResultSet rs) {
      this.c = c;
      this.ps = ps;
      this.rs = rs;
    }

    @Override
    public boolean hasNext() {
      if (ready == null) {
        try {
          ready = rs.next();
        } catch (SQLException e) {
          throw new ImportSourceException("reading " + table + " failed after row " + position, e);
        }
      }
      return ready;
    }

    @Override
    public LegacyRecord next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      ready = null;
      position++;
      Map<String, String> row;
      try {
        row = JdbcRows.row(rs);
      } catch (SQLException e) {
        throw new ImportSourceException("reading " + table + " failed at row " + position, e);
      }
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

    @Override
    public void close() {
      closeQuietly(rs);
      closeQuietly(ps);
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // read-only
      }
      closeQuietly(c);
    }
  }
}
