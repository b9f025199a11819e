package dev.gatehouse.imports.lazy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.core.store.ProfileStore.Person;
import dev.gatehouse.legacy.LegacyWriteBack.LegacyChange;
import dev.gatehouse.legacy.LegacyWriteBack.LegacyChange.Profile;
import dev.gatehouse.legacy.LegacyWriteBack.Result;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A change of the default profile written to the user's profile row ({@link
 * UserTableWriteBack.Builder#profileRow}), by the user rows' conflict rule.
 */
final class ProfileRows {
  private ProfileRows() {}

  /** jb-drf-auth's profile columns, in the order of {@link #profileValues}. */
  private static final List<String> PROFILE_COLUMNS =
      List.of(
          "first_name", "last_name_1", "last_name_2", "birthday", "gender", "picture", "settings");

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A profile's values by column: the person's text as given, its birthday, its settings. */
  private static List<Object> profileValues(Profile p) {
    Person person = p.person();
    return java.util.Arrays.asList(
        person.firstName(),
        person.lastName1(),
        person.lastName2(),
        person.birthday(),
        person.gender(),
        person.picture(),
        p.settingsJson());
  }

  /**
   * Writes a profile change to the user's profile row (which the target made sure exists): the
   * columns it changes, each still holding the value before or already the new one.
   */
  static Result write(
      Connection c, LegacyTable pt, SignInRow profileRow, Object userKey, LegacyChange ch)
      throws SQLException {
    List<Object> before = profileValues(ch.profileBefore());
    List<Object> after = profileValues(ch.profileAfter());
    List<String> columns = new ArrayList<>();
    List<Integer> indexes = new ArrayList<>();
    for (int i = 0; i < PROFILE_COLUMNS.size(); i++) {
      boolean settings = i == PROFILE_COLUMNS.size() - 1;
      if (pt.actual().containsKey(PROFILE_COLUMNS.get(i))
          && !(settings && after.get(i) == null)
          && !sameProfileValue(settings, before.get(i), after.get(i))) {
        columns.add(PROFILE_COLUMNS.get(i));
        indexes.add(i);
      }
    }
    if (columns.isEmpty()) {
      return Result.applied();
    }
    List<Object> args = new ArrayList<>();
    StringBuilder sql = new StringBuilder("select ");
    for (int k = 0; k < columns.size(); k++) {
      sql.append(k == 0 ? "" : ", ").append(pt.quoted(columns.get(k)));
    }
    sql.append(" from ").append(pt.table()).append(" where ");
    String where = profileRow.where(pt, userKey, args);
    sql.append(where);
    if (!LegacyColumns.sqlite(c)) {
      sql.append(" for update");
    }
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      SignInRow.bind(c, pt, ps, args, 0);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Result.conflict("no legacy profile row for the account");
        }
        for (int k = 0; k < columns.size(); k++) {
          int i = indexes.get(k);
          boolean settings = i == PROFILE_COLUMNS.size() - 1;
          Object now = rs.getObject(k + 1);
          boolean compared = !(settings && before.get(i) == null);
          if (compared
              && !sameProfileValue(settings, now, before.get(i))
              && !sameProfileValue(settings, now, after.get(i))) {
            return Result.conflict("profile " + columns.get(k) + " changed in the legacy store");
          }
        }
      }
    }
    StringBuilder update = new StringBuilder("update ").append(pt.table()).append(" set ");
    List<Object> values = new ArrayList<>();
    for (int k = 0; k < columns.size(); k++) {
      int i = indexes.get(k);
      Object v = after.get(i);
      update.append(k == 0 ? "" : ", ").append(pt.quoted(columns.get(k))).append(" = ?");
      // Django keeps an empty text field as "" (a CharField is not null); a birthday as null.
      values.add(v == null && i != 3 ? "" : v);
    }
    if (pt.actual().containsKey("modified")) {
      update.append(", ").append(pt.quoted("modified")).append(" = ?");
      values.add(ch.at());
    }
    update.append(" where ").append(where);
    try (PreparedStatement ps = c.prepareStatement(update.toString())) {
      for (int k = 0; k < values.size(); k++) {
        String col = k < columns.size() ? columns.get(k) : "modified";
        LegacyColumns.bind(c, ps, k + 1, values.get(k), pt.type(col));
      }
      SignInRow.bind(c, pt, ps, args, values.size());
      ps.executeUpdate();
    }
    return Result.applied();
  }

  /**
   * Whether a profile column's value is the expected one: text trimmed, blank as none, a birthday
   * as its {@code YYYY-MM-DD} text, the settings as JSON (PostgreSQL's {@code jsonb} rewrites it).
   */
  private static boolean sameProfileValue(boolean settings, Object column, Object expected) {
    String a = column == null ? "" : column.toString().strip();
    String e = expected == null ? "" : expected.toString().strip();
    if (!settings || a.equals(e)) {
      return a.equals(e);
    }
    try {
      return JSON.readTree(a.isEmpty() ? "{}" : a).equals(JSON.readTree(e.isEmpty() ? "{}" : e));
    } catch (JsonProcessingException x) {
      return false;
    }
  }
}
