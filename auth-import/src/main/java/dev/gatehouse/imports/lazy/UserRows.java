package dev.gatehouse.imports.lazy;

import dev.gatehouse.imports.source.JdbcTableSource.ColumnMapping.Field;
import dev.gatehouse.legacy.LegacyWriteBack.LegacyChange.Snapshot;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finding an account's legacy user row for {@link UserTableWriteBack}: by its username, else its
 * email (in lower case), else its phone.
 */
final class UserRows {
  private UserRows() {}

  static String lookupName(LegacyTable t, Snapshot s) {
    Lookup l = lookup(t, s);
    return l == null ? "nothing: the account has no username, email or phone" : l.column;
  }

  record Lookup(String column, String value, boolean lowerCase) {}

  static Lookup lookup(LegacyTable t, Snapshot s) {
    if (t.columns().containsKey(Field.USERNAME) && s.username() != null) {
      return new Lookup(t.column(Field.USERNAME), s.username(), false);
    }
    if (t.columns().containsKey(Field.EMAIL) && s.email() != null) {
      return new Lookup(t.column(Field.EMAIL), s.email().toLowerCase(Locale.ROOT), true);
    }
    if (t.columns().containsKey(Field.PHONE) && s.phone() != null) {
      return new Lookup(t.column(Field.PHONE), s.phone(), false);
    }
    return null;
  }

  /** A row with its key and the mapped values, locked for the change where the database can. */
  record Row(Object key, Map<Field, Object> values, boolean ambiguous) {}

  static Row find(Connection c, LegacyTable t, Snapshot s) throws SQLException {
    Lookup l = lookup(t, s);
    if (l == null) {
      return null;
    }
    List<Field> fields = new ArrayList<>(t.columns().keySet());
    StringBuilder sql = new StringBuilder("select ");
    for (int i = 0; i < fields.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append(t.quoted(t.column(fields.get(i))));
    }
    String where = l.lowerCase ? "lower(" + t.quoted(l.column) + ")" : t.quoted(l.column);
    sql.append(" from ").append(t.table()).append(" where ").append(where).append(" = ?");
    if (!LegacyColumns.sqlite(c)) {
      sql.append(" for update");
    }
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      ps.setString(1, l.value);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return null;
        }
        Map<Field, Object> values = new LinkedHashMap<>();
        Object key = null;
        for (int i = 0; i < fields.size(); i++) {
          Object v = rs.getObject(i + 1);
          if (fields.get(i) == Field.LEGACY_ID) {
            key = v;
          }
          values.put(fields.get(i), v);
        }
        return new Row(key, values, rs.next());
      }
    }
  }
}
