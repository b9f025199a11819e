package dev.gatehouse.imports.lazy;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A row the legacy application needs beside a user's own row before it signs the user in, which a
 * {@link UserTableWriteBack} target creates with the user and keeps present: jb-drf-auth's login
 * view, for one, issues no token to a user without a default profile ({@link
 * #jbDrfAuthDefaultProfile}).
 *
 * <p>The row belongs to the user through {@link #userColumn()}, which holds the user row's key. A
 * user has the row when one of theirs holds every {@link #match()} value and, where the table has a
 * {@link #deletedColumn()}, is not soft-deleted. When the user has none, the target inserts one
 * with the user's key, the {@code match} values and the {@link #values()}, in the same transaction
 * of the legacy database as the change to the user's row; a second delivery of the same change
 * finds the row and inserts nothing. Columns of {@code values} the table lacks are left out; a
 * {@code match} column the table lacks is a configuration error.
 *
 * @param table the table (optionally {@code schema.table})
 * @param userColumn the column referring to the user row's key, e.g. {@code user_id}
 * @param match the values that make a row of the user's the one needed, e.g. {@code is_default =
 *     true}
 * @param values what a new row gets in the other columns it requires: text, a boolean, a number or
 *     {@link UserTableWriteBack#CHANGE_TIME}; JSON as its text
 * @param deletedColumn a soft-deletion time column whose rows do not count while it is set, or
 *     {@code null}
 */
public record SignInRow(
    String table,
    String userColumn,
    Map<String, Object> match,
    Map<String, Object> values,
    @Nullable String deletedColumn) {

  /**
   * Checks and copies the components.
   *
   * @param table the table
   * @param userColumn the column holding the user's key
   * @param match the values that identify the row
   * @param values the values a new row gets
   * @param deletedColumn the soft-deletion column, or {@code null}
   */
  public SignInRow {
    requireNonNull(table, "table");
    requireNonNull(userColumn, "userColumn");
    match = Map.copyOf(new LinkedHashMap<>(requireNonNull(match, "match")));
    values = Map.copyOf(new LinkedHashMap<>(requireNonNull(values, "values")));
  }

  /**
   * jb-drf-auth's default profile ({@code AbstractJbProfile}): the row of the profile table with
   * {@code is_default = true} that is not soft-deleted, which its {@code get_default_profile()}
   * answers and its login puts in the refresh token; without it jb-drf-auth's login fails (500). A
   * new one is what jb-drf-auth's registration creates: active, with the given role, empty {@code
   * settings} and {@code label}, created and modified at the change's time.
   *
   * @param table the host's profile table, e.g. {@code authentication_profile}
   * @param role the host's {@code DEFAULT_PROFILE_ROLE} (jb-drf-auth's default is {@code USER})
   * @return the row
   */
  public static SignInRow jbDrfAuthDefaultProfile(String table, String role) {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("role", requireNonNull(role, "role"));
    values.put("settings", "{}");
    values.put("label", "");
    values.put("is_active", true);
    values.put("deleted_by_cascade", false);
    values.put("created", UserTableWriteBack.CHANGE_TIME);
    values.put("modified", UserTableWriteBack.CHANGE_TIME);
    return new SignInRow(table, "user_id", Map.of("is_default", true), values, "deleted");
  }

  @Override
  public String toString() {
    return "SignInRow[" + table + ", " + match.keySet() + "]";
  }

  /**
   * Inserts the row for the user unless they have it, on the caller's connection and transaction.
   *
   * @param c the legacy database, in the change's transaction
   * @param t this row's table as the database describes it
   * @param userKey the user row's key
   * @param at the change's time
   * @return whether a row was inserted
   */
  boolean ensure(Connection c, LegacyTable t, Object userKey, Instant at) throws SQLException {
    List<Object> args = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement("select 1 from " + t.table() + " where " + where(t, userKey, args))) {
      bind(c, t, ps, args, 0);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return false;
        }
      }
    }
    Map<String, Object> insert = new LinkedHashMap<>();
    insert.put(column(t, userColumn), userKey);
    match.forEach((col, v) -> insert.put(column(t, col), v));
    values.forEach(
        (col, v) -> {
          String actual = t.actual().get(col.toLowerCase(Locale.ROOT));
          if (actual != null) {
            insert.putIfAbsent(
                t.quote() + actual + t.quote(), v == UserTableWriteBack.CHANGE_TIME ? at : v);
          }
        });
    List<String> names = new ArrayList<>(insert.keySet());
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into "
                + t.table()
                + " ("
                + String.join(", ", names)
                + ") values ("
                + "?, ".repeat(names.size() - 1)
                + "?)")) {
      bindAll(c, t, ps, new ArrayList<>(insert.values()), names);
      ps.executeUpdate();
    }
    return true;
  }

  /**
   * The condition that finds the user's row ({@code user = ? and match... and not deleted}).
   *
   * @param t the row's table
   * @param userKey the user row's key
   * @param args receives the condition's values, in order
   * @return the condition
   */
  String where(LegacyTable t, Object userKey, List<Object> args) {
    List<String> where = new ArrayList<>();
    where.add(column(t, userColumn) + " = ?");
    args.add(userKey);
    match.forEach(
        (col, v) -> {
          where.add(column(t, col) + " = ?");
          args.add(v);
        });
    if (deletedColumn != null && t.actual().containsKey(deletedColumn.toLowerCase(Locale.ROOT))) {
      where.add(t.quoted(deletedColumn) + " is null");
    }
    return String.join(" and ", where);
  }

  /**
   * Binds a condition's values ({@link #where}) from the statement's parameter {@code from + 1}.
   */
  static void bind(Connection c, LegacyTable t, PreparedStatement ps, List<Object> args, int from)
      throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      LegacyColumns.bind(c, ps, from + i + 1, args.get(i), java.sql.Types.VARCHAR);
    }
  }

  private static String column(LegacyTable t, String col) {
    if (!t.actual().containsKey(col.toLowerCase(Locale.ROOT))) {
      throw new dev.gatehouse.core.error.AuthException.ConfigurationException(
          "legacy table "
              + t.table()
              + " has no column "
              + col
              + " (it has "
              + String.join(", ", new java.util.TreeSet<>(t.actual().keySet()))
              + "); fix the sign-in row");
    }
    return t.quoted(col);
  }

  private static void bindAll(
      Connection c, LegacyTable t, PreparedStatement ps, List<Object> args, List<String> quoted)
      throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      int type =
          i < quoted.size() ? t.type(quoted.get(i).replace(t.quote(), "")) : java.sql.Types.VARCHAR;
      LegacyColumns.bind(c, ps, i + 1, args.get(i), type);
    }
  }
}
