package dev.gatehouse.imports.source;

import dev.gatehouse.imports.api.LegacySource.ImportSourceException;
import dev.gatehouse.imports.api.LegacySource.LegacyRecord;
import dev.gatehouse.imports.api.LegacySource.RecordStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.NoSuchElementException;
import javax.sql.DataSource;

/**
 * The rows of one read-only query as legacy records, streamed with a fetch size inside a read-only
 * transaction (PostgreSQL streams only there) and closed with its connection. Shared by the sources
 * that read a table over JDBC. Not thread-safe, like every record stream.
 */
final class JdbcRowStream implements RecordStream {
  /** Turns one row (column names in lower case, as {@link JdbcRows} reports them) into a record. */
  @FunctionalInterface
  interface RowReader {
    /**
     * @param position the row's 1-based position in the query
     * @param row the row's values by lower-case column name
     * @return the record, or a bad record naming what is wrong with the row
     */
    LegacyRecord read(long position, Map<String, String> row);
  }

  private final String table;
  private final Connection c;
  private final PreparedStatement ps;
  private final ResultSet rs;
  private final RowReader reader;
  private Boolean ready;
  private long position;

  private JdbcRowStream(
      String table, Connection c, PreparedStatement ps, ResultSet rs, RowReader reader) {
    this.table = table;
    this.c = c;
    this.ps = ps;
    this.rs = rs;
    this.reader = reader;
  }

  /**
   * Runs {@code select * from <table> order by <orderColumn>} read-only and streams its rows.
   *
   * @param dataSource where the table is
   * @param table the table, already checked as an identifier
   * @param orderColumn the column that orders the rows (a stable order makes resume work)
   * @param reader turns each row into a record
   * @return the open stream; the caller closes it
   * @throws ImportSourceException when the query cannot run
   */
  static JdbcRowStream open(
      DataSource dataSource, String table, String orderColumn, RowReader reader) {
    Connection c = null;
    try {
      c = dataSource.getConnection();
      c.setReadOnly(true);
      c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
      PreparedStatement ps =
          c.prepareStatement(
              "select * from " + table + " order by " + orderColumn,
              ResultSet.TYPE_FORWARD_ONLY,
              ResultSet.CONCUR_READ_ONLY);
      ps.setFetchSize(500);
      return new JdbcRowStream(table, c, ps, ps.executeQuery(), reader);
    } catch (SQLException e) {
      closeQuietly(c);
      throw new ImportSourceException("cannot query " + table, e);
    }
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
    return reader.read(position, row);
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

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable != null) {
      try {
        closeable.close();
      } catch (Exception ignored) {
        // the source is read-only; nothing to lose
      }
    }
  }
}
