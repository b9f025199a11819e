package dev.gatehouse.imports.source;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.imports.api.LegacySource.ImportSourceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Which legacy users changed, read from a change-log table in the legacy database ({@value #TABLE})
 * that triggers on the user table (and its profile table) fill: one row per change, numbered by the
 * database ({@code seq}), with the user's id and when it was written. Django's {@code auth_user}
 * has no {@code updated_at}, and a custom user's {@code modified} is not written by a raw update; a
 * trigger sees every write, whoever makes it. The sync from the legacy system ({@code LegacySync})
 * reads it by sequence number after its stored cursor, so it reads only what changed.
 *
 * <p>The triggers are the host's to create, once, with the statements of {@link #postgresql} or
 * {@link #mariadb} (the migration guide prints them). Only the columns Gatehouse keeps fire the
 * user table's update trigger, so a legacy sign-in (which writes {@code last_login}) adds no row.
 * Rows are never deleted by Gatehouse; the host may delete those below the cursor.
 *
 * <pre>{@code
 * for (String sql : LegacyChangeLog.postgresql("accounts_user",
 *     List.of("password", "email", "phone", "username", "is_active", "deleted"), "accounts_profile")) {
 *   statement.execute(sql);
 * }
 * LegacyChangeLog changes = LegacyChangeLog.of(legacyDataSource);
 * }</pre>
 *
 * <p>Thread-safe: each call uses a connection of its own.
 */
public final class LegacyChangeLog {
  /** The change-log table in the legacy database. */
  public static final String TABLE = "gatehouse_change";

  private final DataSource legacy;

  private LegacyChangeLog(DataSource legacy) {
    this.legacy = legacy;
  }

  /**
   * The change log of a legacy database.
   *
   * @param legacy the legacy database, whose {@value #TABLE} the triggers fill
   * @return the change log
   */
  public static LegacyChangeLog of(DataSource legacy) {
    return new LegacyChangeLog(requireNonNull(legacy, "legacy"));
  }

  /**
   * One change of a user.
   *
   * @param seq its number, increasing with each change (with gaps: a rolled-back write takes a
   *     number too, and numbers commit out of order)
   * @param legacyId the user's id in the legacy system
   * @param changedAt when the legacy database wrote it, by its clock
   */
  public record Change(long seq, String legacyId, Instant changedAt) {}

  /**
   * The changes after a sequence number, oldest first.
   *
   * @param seq the last number already read (0 for none)
   * @param limit the most changes to read, 1 to 10,000
   * @return the changes
   * @throws ImportSourceException when the legacy database fails
   */
  public List<Change> after(long seq, int limit) {
    if (limit < 1 || limit > 10_000) {
      throw new IllegalArgumentException("a limit is 1 to 10,000, not " + limit);
    }
    try (Connection c = legacy.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select seq, user_id, changed_at from " + TABLE + " where seq > ? order by seq")) {
      s.setMaxRows(limit);
      s.setLong(1, seq);
      List<Change> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          Timestamp at = r.getTimestamp(3);
          out.add(new Change(r.getLong(1), r.getString(2), at.toInstant()));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new ImportSourceException("the legacy change log could not be read", e);
    }
  }

  /**
   * How many changes lie after a sequence number, and when the oldest of them was written.
   *
   * @param seq the last number already read
   * @return the backlog
   * @throws ImportSourceException when the legacy database fails
   */
  public Backlog backlog(long seq) {
    try (Connection c = legacy.getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select count(*), min(changed_at) from " + TABLE + " where seq > ?")) {
      s.setLong(1, seq);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        Timestamp oldest = r.getTimestamp(2);
        return new Backlog(r.getLong(1), oldest == null ? null : oldest.toInstant());
      }
    } catch (SQLException e) {
      throw new ImportSourceException("the legacy change log could not be counted", e);
    }
  }

  /**
   * The changes not read yet.
   *
   * @param changes how many
   * @param oldest when the oldest was written, or {@code null} when there is none
   */
  public record Backlog(long changes, @Nullable Instant oldest) {}

  /**
   * The statements that create the change log and its triggers on PostgreSQL (11 or later).
   *
   * @param userTable the user table, e.g. {@code auth_user} or {@code accounts_user}
   * @param userColumns the user table's columns whose update is a change ({@code password}, {@code
   *     email}, ...); an insert or a delete always is
   * @param profileTable the profile table (every write of which is its user's change, by its {@code
   *     user_id}), or {@code null}
   * @return the statements, to run in order
   */
  public static List<String> postgresql(
      String userTable, List<String> userColumns, @Nullable String profileTable) {
    checked(userTable, userColumns, profileTable);
    List<String> sql = new ArrayList<>();
    sql.add(
        "create table "
            + TABLE
            + " (seq bigserial primary key, user_id bigint not null,"
            + " changed_at timestamptz not null default clock_timestamp())");
    sql.add(
        "create function gatehouse_user_changed() returns trigger language plpgsql as $$ begin"
            + " insert into "
            + TABLE
            + " (user_id) values (case when tg_op = 'DELETE' then old.id else new.id end);"
            + " return null; end $$");
    sql.add(
        "create trigger gatehouse_user_changed after insert or delete or update of "
            + String.join(", ", userColumns)
            + " on "
            + userTable
            + " for each row execute function gatehouse_user_changed()");
    if (profileTable != null) {
      sql.add(
          "create function gatehouse_profile_changed() returns trigger language plpgsql as $$"
              + " begin insert into "
              + TABLE
              + " (user_id) values (case when tg_op = 'DELETE' then old.user_id else new.user_id"
              + " end); return null; end $$");
      sql.add(
          "create trigger gatehouse_profile_changed after insert or update or delete on "
              + profileTable
              + " for each row execute function gatehouse_profile_changed()");
    }
    return sql;
  }

  /**
   * The statements that create the change log and its triggers on MariaDB or MySQL.
   *
   * @param userTable the user table
   * @param userColumns the user table's columns whose update is a change
   * @param profileTable the profile table, or {@code null}
   * @return the statements, to run in order (each a single statement: no delimiter needed)
   */
  public static List<String> mariadb(
      String userTable, List<String> userColumns, @Nullable String profileTable) {
    checked(userTable, userColumns, profileTable);
    String insert = "insert into " + TABLE + " (user_id) values ";
    List<String> sql = new ArrayList<>();
    sql.add(
        "create table "
            + TABLE
            + " (seq bigint auto_increment primary key, user_id bigint not null,"
            + " changed_at timestamp(6) not null default current_timestamp(6))");
    sql.add(
        "create trigger gatehouse_user_inserted after insert on "
            + userTable
            + " for each row "
            + insert
            + "(new.id)");
    sql.add(
        "create trigger gatehouse_user_updated after update on "
            + userTable
            + " for each row "
            + insert.replace(" values ", " select ")
            + "new.id from dual where not ("
            + userColumns.stream()
                .map(col -> "old." + col + " <=> new." + col)
                .collect(Collectors.joining(" and "))
            + ")");
    sql.add(
        "create trigger gatehouse_user_deleted after delete on "
            + userTable
            + " for each row "
            + insert
            + "(old.id)");
    if (profileTable != null) {
      for (String when : List.of("insert", "update", "delete")) {
        sql.add(
            "create trigger gatehouse_profile_"
                + when
                + "d after "
                + when
                + " on "
                + profileTable
                + " for each row "
                + insert
                + "("
                + (when.equals("delete") ? "old" : "new")
                + ".user_id)");
      }
    }
    return sql;
  }

  private static void checked(
      String userTable, List<String> userColumns, @Nullable String profileTable) {
    JdbcRows.checkIdentifier(requireNonNull(userTable, "userTable"));
    if (requireNonNull(userColumns, "userColumns").isEmpty()) {
      throw new IllegalArgumentException("name the user table's columns whose update is a change");
    }
    userColumns.forEach(JdbcRows::checkIdentifier);
    if (profileTable != null) {
      JdbcRows.checkIdentifier(profileTable);
    }
  }
}
