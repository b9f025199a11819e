package dev.gatehouse.imports.source;

import dev.gatehouse.imports.internal.Timestamps;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Reads JDBC values of any driver (SQLite text, PostgreSQL, MariaDB) as text. */
final class JdbcRows {
  private JdbcRows() {}

  /** The current row as lower-case column name to text; timestamps as ISO instants. */
  static Map<String, String> row(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    Map<String, String> row = new HashMap<>();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      Object v = rs.getObject(i);
      String text;
      if (v == null) {
        text = null;
      } else if (v instanceof java.sql.Timestamp t) {
        text = t.toInstant().toString();
      } else if (v instanceof OffsetDateTime o) {
        text = o.toInstant().toString();
      } else if (v instanceof java.time.LocalDateTime l) {
        text = l.toString();
      } else if (v instanceof Boolean b) {
        text = b.toString();
      } else {
        text = v.toString();
      }
      row.put(md.getColumnLabel(i).toLowerCase(Locale.ROOT), text);
    }
    return row;
  }

  static Instant time(String text, ZoneId zone) {
    return Timestamps.parse(text, zone);
  }

  static boolean isTrue(String v) {
    if (v == null) {
      return false;
    }
    String s = v.strip().toLowerCase(Locale.ROOT);
    return s.equals("1") || s.equals("true") || s.equals("t");
  }

  static void checkIdentifier(String name) {
    if (!name.matches("\"?[A-Za-z_][A-Za-z0-9_]{0,62}\"?(\\.\"?[A-Za-z_][A-Za-z0-9_]{0,62}\"?)?")) {
      throw new IllegalArgumentException("not a table name: " + name);
    }
  }
}
