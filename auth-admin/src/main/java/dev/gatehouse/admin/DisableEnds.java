package dev.gatehouse.admin;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.session.UserView;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The ends of disables ({@code gh_admin_disable_end}, {@link Administration#CHANGELOG}) in plain
 * SQL on the connection of the JPA store's transaction, reached through auth-jpa's public {@code
 * BulkTransaction#onConnection}: a row commits and rolls back with the disable it belongs to.
 * auth-jpa is an optional dependency: its types are named only behind {@link #jpaPresent()}.
 *
 * <p>A store without the table (another store, or a host that did not include the changelog) has no
 * end: writing one is refused naming the fix; removing one and the sweep do nothing.
 */
final class DisableEnds {
  private static final String TABLE = "gh_admin_disable_end";

  /** Set once the table was found; read without a lock, written once. */
  private volatile boolean tableFound;

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c, dev.gatehouse.jpa.SqlDialect d) throws SQLException;
  }

  private static boolean jpaPresent() {
    try {
      Class.forName("dev.gatehouse.jpa.JpaAuthStore", false, DisableEnds.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static final boolean JPA = jpaPresent();

  /** The work's answer, or empty when this transaction's store has no table of ends. */
  private <T> Optional<T> on(StoreTransaction tx, Work<T> work) {
    if (!JPA || !(tx instanceof dev.gatehouse.jpa.JpaAuthStore.BulkTransaction jpa)) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        jpa.onConnection(
            c -> {
              if (!tableFound) {
                tableFound = hasTable(c);
                if (!tableFound) {
                  return null;
                }
              }
              return work.run(c, dev.gatehouse.jpa.SqlDialect.of(c.getMetaData()));
            }));
  }

  /**
   * Whether this connection's database has the table in any schema: asked of the metadata, not by a
   * query that fails, because a failed statement aborts a PostgreSQL transaction, which may be the
   * host's.
   */
  private static boolean hasTable(Connection c) throws SQLException {
    DatabaseMetaData m = c.getMetaData();
    for (String name : List.of(TABLE, TABLE.toUpperCase(java.util.Locale.ROOT))) {
      try (ResultSet r = m.getTables(c.getCatalog(), null, name, null)) {
        if (r.next()) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Sets the account's end, replacing an earlier one.
   *
   * @throws ConfigurationException when this store has no table of ends
   */
  void set(StoreTransaction tx, UUID user, Instant endsAt, UUID by, Instant now) {
    on(
            tx,
            (c, d) -> {
              update(c, d, "delete from " + TABLE + " where user_id = ?", user.toString());
              return update(
                  c,
                  d,
                  "insert into "
                      + TABLE
                      + " (user_id, ends_at, disabled_by, created_at) values (?, ?, ?, ?)",
                  user.toString(),
                  endsAt,
                  by.toString(),
                  now);
            })
        .orElseThrow(() -> new ConfigurationException(NEEDS_CHANGELOG));
  }

  /** Removes the account's end, if it has one (and this store has the table). */
  void remove(StoreTransaction tx, UUID user) {
    on(tx, (c, d) -> update(c, d, "delete from " + TABLE + " where user_id = ?", user.toString()));
  }

  /** The account's end, if it has one. */
  Optional<Instant> of(StoreTransaction tx, UUID user) {
    return on(
        tx,
        (c, d) -> {
          try (PreparedStatement s =
                  d.prepare(
                      c,
                      "select ends_at from " + TABLE + " where user_id = ?",
                      0,
                      user.toString());
              ResultSet r = s.executeQuery()) {
            return r.next() ? d.readInstant(r, 1) : null;
          }
        });
  }

  /**
   * The accounts whose end is at or before {@code now}, the earliest first, at most {@code max}.
   */
  List<UUID> due(StoreTransaction tx, Instant now, int max) {
    return on(
            tx,
            (c, d) -> {
              List<UUID> found = new ArrayList<>();
              String sql =
                  d.limit(
                      "select user_id from " + TABLE + " where ends_at <= ? order by ends_at", max);
              try (PreparedStatement s = d.prepare(c, sql, 0, now);
                  ResultSet r = s.executeQuery()) {
                while (r.next()) {
                  found.add(UUID.fromString(r.getString(1)));
                }
              }
              return found;
            })
        .orElse(List.of());
  }

  /**
   * Takes the account's end if it has passed: deletes its row when {@code ends_at <= now} and
   * answers who set it, or empty when no such row was there (another node took it first, or an
   * admin changed it since it was read). The delete locks the row: of two nodes, one takes it.
   */
  Optional<UUID> take(StoreTransaction tx, UUID user, Instant now) {
    return on(
        tx,
        (c, d) -> {
          String by;
          try (PreparedStatement s =
                  d.prepare(
                      c,
                      "select disabled_by from " + TABLE + " where user_id = ? and ends_at <= ?",
                      0,
                      user.toString(),
                      now);
              ResultSet r = s.executeQuery()) {
            if (!r.next()) {
              return null;
            }
            by = r.getString(1);
          }
          int taken =
              update(
                  c,
                  d,
                  "delete from " + TABLE + " where user_id = ? and ends_at <= ?",
                  user.toString(),
                  now);
          return taken == 1 ? UUID.fromString(by) : null;
        });
  }

  /** Accounts read per batch of the sweep. */
  static final int BATCH = 100;

  /**
   * Enables the accounts whose end has passed, a batch of {@value #BATCH} at a time, each account
   * in a transaction of its own: its end is taken ({@link #take}) and, when this call took it, the
   * account is enabled and the enable audited naming the staff member who set the end.
   */
  int enableDue(SignInContext context, Instant now) {
    int enabled = 0;
    List<UUID> due;
    do {
      due = context.store().inTransaction(tx -> due(tx, now, BATCH));
      for (UUID user : due) {
        if (context.store().inTransaction(tx -> enable(context, tx, user, now))) {
          enabled++;
        }
      }
    } while (due.size() == BATCH);
    return enabled;
  }

  private boolean enable(SignInContext context, StoreTransaction tx, UUID user, Instant now) {
    Optional<UUID> by = take(tx, user, now);
    if (by.isEmpty()) {
      return false;
    }
    // Deleted or enabled since (the host's own code may): the end is gone, nothing else changes.
    Optional<UserRecord> disabled =
        tx.users().findByPublicId(user).filter(u -> !u.deleted() && !u.active());
    if (disabled.isEmpty()) {
      return false;
    }
    tx.users().update(disabled.get().toBuilder().active(true).modifiedAt(now).build());
    context.publishByAdmin(
        tx,
        by.get(),
        new AdminAction(
            now, user, by.get(), "disable_ended", null, AuthEvent.RequestOrigin.UNKNOWN));
    return true;
  }

  private static int update(
      Connection c, dev.gatehouse.jpa.SqlDialect d, String sql, Object... values)
      throws SQLException {
    try (PreparedStatement s = d.prepare(c, sql, 0, values)) {
      return s.executeUpdate();
    }
  }

  /** Why an end cannot be kept in this store. */
  static final String NEEDS_CHANGELOG =
      "disabling until a time keeps the end in the administration module's table"
          + " (gh_admin_disable_end), which is not in this database's schema or not on this store;"
          + " with the JPA store, include "
          + Administration.CHANGELOG
          + " in the host's Liquibase changelog after Gatehouse's";

  /** Enables or disables an account in the change's transaction. */
  UserView apply(
      SignInContext context,
      StoreTransaction tx,
      UserRecord admin,
      UserRecord u,
      boolean active,
      @Nullable Instant end,
      Instant now) {
    UUID user = u.publicId();
    // Nobody disables themselves; so the last active superuser, whom only a superuser may
    // disable, is never disabled either: the caller is another active superuser.
    if (!active && admin.publicId().equals(user)) {
      throw DefaultAdminService.forbidden();
    }
    // The end first: a store without its table refuses before anything is written.
    if (end != null) {
      set(tx, user, end, admin.publicId(), now);
    } else {
      remove(tx, user);
    }
    UserRecord after = u.toBuilder().active(active).modifiedAt(now).build();
    tx.users().update(after);
    if (!active) {
      // In the same transaction: no refresh of the account's sessions outlives the change.
      context.endSessions(tx, user, "admin_disabled");
    }
    return UserView.of(after);
  }
}
