package dev.gatehouse.imports.lazy;

import dev.gatehouse.imports.source.JdbcTableSource.ColumnMapping.Field;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Calendar;
import java.util.Locale;
import java.util.TimeZone;
import java.util.UUID;

/** How the write-back binds a value to a legacy table's column, on each database. */
final class LegacyColumns {
  private static final Calendar UTC = Calendar.getInstance(TimeZone.getTimeZone("UTC"));

  /** Django on SQLite stores a datetime as text, {@code 2026-03-02 09:00:00.000000}, in UTC. */
  private static final DateTimeFormatter SQLITE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private LegacyColumns() {}

  /** A Gatehouse account id as a new row's key, bound as the key column's type wants it. */
  record Key(UUID id, int sqlType) {}

  static boolean sqlite(Connection c) throws SQLException {
    return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("sqlite");
  }

  /**
   * Binds text (JSON where the column's type is {@link Types#OTHER}), a boolean, a time, a {@link
   * Key}, {@code null}, or anything else as the driver maps it (a number, a key read from a row).
   */
  static void bind(Connection c, PreparedStatement ps, int i, Object v, int sqlType)
      throws SQLException {
    if (v instanceof String text && sqlType == Types.OTHER) {
      // A JSON column (Django's JSONField on PostgreSQL is jsonb): typed by the server.
      ps.setObject(i, text, Types.OTHER);
    } else if (v == null) {
      ps.setNull(i, Types.VARCHAR);
    } else if (v instanceof Boolean b) {
      ps.setBoolean(i, b);
    } else if (v instanceof Instant at && sqlite(c)) {
      ps.setString(i, SQLITE_TIME.format(at));
    } else if (v instanceof Instant at) {
      ps.setTimestamp(i, Timestamp.from(at), (Calendar) UTC.clone());
    } else if (v instanceof Key k) {
      if (k.sqlType() == Types.OTHER || k.sqlType() == Types.BINARY) {
        ps.setObject(i, k.id());
      } else {
        ps.setString(i, k.id().toString());
      }
    } else if (v instanceof String text) {
      ps.setString(i, text);
    } else {
      ps.setObject(i, v);
    }
  }

  /**
   * Compares a column's value with a snapshot's: flags as booleans, phones by their digits (a
   * national number matches its international form), text ignoring case.
   */
  static boolean same(Field f, Object column, Object expected) {
    if (expected instanceof Boolean b) {
      return column != null && truthy(column) == b;
    }
    if (expected instanceof Instant) {
      return column != null;
    }
    String a = column == null ? "" : column.toString();
    String e = expected == null ? "" : expected.toString();
    if (f == Field.PHONE && !a.isEmpty() && !e.isEmpty()) {
      String x = a.replaceAll("[^0-9]", "");
      String y = e.replaceAll("[^0-9]", "");
      String shorter = x.length() <= y.length() ? x : y;
      return shorter.length() >= 7 && (x.endsWith(y) || y.endsWith(x));
    }
    return a.equalsIgnoreCase(e);
  }

  private static boolean truthy(Object v) {
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Number n) {
      return n.intValue() != 0;
    }
    String s = v.toString().trim().toLowerCase(Locale.ROOT);
    return s.equals("t") || s.equals("true") || s.equals("1");
  }
}
