package dev.gatehouse.jpa;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The one rule of {@code gh_user_sign_in} (changeset 0018): it holds, for each account that has
 * one, the user's {@code last_login_at}, under the index administration's pages by last sign-in
 * time read, so that the user row's own update of that column leaves the user table's indexes alone
 * (on PostgreSQL, an in-place HOT update). Every writer of a user's last login writes the row here
 * with it, in the same transaction: a login on PostgreSQL in the same statement ({@link
 * #withUpdate}), elsewhere and on every other path through {@link #write}. A user without a last
 * login has no row. Stateless; thread-safe.
 */
final class SignInTimes {
  /** The table, the library's own. */
  static final String TABLE = "gh_user_sign_in";

  /** Rows per {@code executeBatch}, as for the users they belong to. */
  private static final int BATCH = HostStatements.BATCH;

  private SignInTimes() {}

  /**
   * PostgreSQL's login statement: {@code update} of the user row (which must end in its {@code
   * where} clause) and the upsert of this table's row in one data-modifying {@code with}, the row
   * written only when the update changed the user. It takes the update's parameters, then the
   * public id's text and the instant; its update count is the user's (0 or 1).
   */
  static String withUpdate(String update) {
    return "with gh_l as ("
        + update
        + " returning 1) insert into "
        + TABLE
        + " (user_public_id, last_login_at) select cast(? as varchar(36)),"
        + " cast(? as timestamp with time zone) from gh_l"
        + " on conflict (user_public_id) do update set last_login_at = excluded.last_login_at";
  }

  /**
   * A login's path on the user table {@code userTable}: the user's {@code update} and the row here,
   * in one statement on PostgreSQL ({@link #withUpdate}), else the update alone (the row follows it
   * in {@link HostStatements}).
   */
  static HostMapping.Path path(String userTable, String update, SqlDialect dialect) {
    return dialect == SqlDialect.POSTGRESQL
        ? new HostMapping.Path(
            List.of(withUpdate(update)), userTable + " and " + TABLE + " in one statement")
        : new HostMapping.Path(List.of(update), userTable + " and " + TABLE);
  }

  /**
   * Sets each user's row to its last login: written when the instant is given, deleted when it is
   * {@code null}, so that the table says what the user rows say.
   *
   * @param times each user's last login, or {@code null} for none
   */
  static void write(
      Connection c, SqlDialect dialect, int timeoutSeconds, Map<UUID, @Nullable Instant> times)
      throws SQLException {
    List<Map.Entry<UUID, @Nullable Instant>> set = new ArrayList<>();
    List<UUID> none = new ArrayList<>();
    times.forEach(
        (id, at) -> {
          if (at == null) {
            none.add(id);
          } else {
            set.add(Map.entry(id, at));
          }
        });
    if (!none.isEmpty()) {
      try (PreparedStatement s =
          dialect.prepare(
              c, "delete from " + TABLE + " where user_public_id = ?", timeoutSeconds)) {
        batch(s, none, id -> s.setString(1, id.toString()));
      }
    }
    if (set.isEmpty()) {
      return;
    }
    if (dialect == SqlDialect.PORTABLE) {
      portable(c, timeoutSeconds, set);
      return;
    }
    try (PreparedStatement s = dialect.prepare(c, upsert(dialect), timeoutSeconds)) {
      batch(
          s,
          set,
          e -> {
            s.setString(1, e.getKey().toString());
            dialect.bindInstant(s, 2, e.getValue());
          });
    }
  }

  /** The upsert of one row, parameters the public id's text and the instant. */
  private static String upsert(SqlDialect dialect) {
    String insert = "insert into " + TABLE + " (user_public_id, last_login_at) values (?, ?)";
    return switch (dialect) {
      case POSTGRESQL ->
          insert
              + " on conflict (user_public_id) do update set last_login_at = excluded.last_login_at";
      case MYSQL -> insert + " on duplicate key update last_login_at = values(last_login_at)";
      case H2 -> "merge into " + TABLE + " key (user_public_id) values (?, ?)";
      case PORTABLE -> throw new IllegalStateException("no upsert in portable SQL");
    };
  }

  /** Portable SQL has no upsert: an update, and an insert of the rows it did not find. */
  private static void portable(
      Connection c, int timeoutSeconds, List<Map.Entry<UUID, @Nullable Instant>> set)
      throws SQLException {
    SqlDialect d = SqlDialect.PORTABLE;
    for (Map.Entry<UUID, @Nullable Instant> e : set) {
      try (PreparedStatement update =
          d.prepare(
              c,
              "update " + TABLE + " set last_login_at = ? where user_public_id = ?",
              timeoutSeconds,
              e.getValue(),
              e.getKey().toString())) {
        if (update.executeUpdate() == 1) {
          continue;
        }
      }
      try (PreparedStatement insert =
          d.prepare(
              c,
              "insert into " + TABLE + " (user_public_id, last_login_at) values (?, ?)",
              timeoutSeconds,
              e.getKey().toString(),
              e.getValue())) {
        insert.executeUpdate();
      }
    }
  }

  /**
   * One step of administration's page by last sign-in time: up to {@code limit} rows in {@code
   * [from, to)} after the cursor (its time and public id, or none), in the index's order.
   *
   * @return each row's public id and time, in order
   */
  static List<Map.Entry<UUID, Instant>> range(
      Connection c,
      SqlDialect dialect,
      int timeoutSeconds,
      Instant from,
      Instant to,
      @Nullable Instant afterAt,
      @Nullable UUID afterId,
      int limit)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder("select user_public_id, last_login_at from ")
            .append(TABLE)
            .append(" where last_login_at >= ? and last_login_at < ?");
    List<Object> values = new ArrayList<>(List.of(from, to));
    if (afterAt != null && afterId != null) {
      // The index's range starts at the cursor's time; the public id orders equal times.
      sql.append(" and last_login_at >= ? and (last_login_at > ? or user_public_id > ?)");
      values.addAll(List.of(afterAt, afterAt, afterId.toString()));
    }
    sql.append(" order by last_login_at, user_public_id");
    List<Map.Entry<UUID, Instant>> out = new ArrayList<>(limit);
    try (PreparedStatement s =
            dialect.prepare(
                c, dialect.limit(sql.toString(), limit), timeoutSeconds, values.toArray());
        ResultSet row = s.executeQuery()) {
      while (row.next()) {
        out.add(Map.entry(UUID.fromString(row.getString(1)), dialect.readInstant(row, 2)));
      }
    }
    return out;
  }

  private interface Binder<T> {
    void bind(T value) throws SQLException;
  }

  private static <T> void batch(PreparedStatement s, List<T> rows, Binder<T> binder)
      throws SQLException {
    if (rows.size() == 1) {
      // A sign-in's one row: a plain execution, not a batch of one.
      binder.bind(rows.get(0));
      s.executeUpdate();
      return;
    }
    int pending = 0;
    for (T row : rows) {
      binder.bind(row);
      s.addBatch();
      if (++pending == BATCH) {
        s.executeBatch();
        pending = 0;
      }
    }
    if (pending > 0) {
      s.executeBatch();
    }
  }
}
