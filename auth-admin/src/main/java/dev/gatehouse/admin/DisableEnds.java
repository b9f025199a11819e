package dev.gatehouse.admin;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.session.ModuleAudit;
import dev.gatehouse.core.session.ModuleSessions;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.session.UserView;
import dev.gatehouse.core.store.ModuleRows;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The ends of disables ({@code gh_admin_disable_end}, {@link Administration#CHANGELOG}), kept
 * through the store's module tables ({@link StoreTransaction#moduleTables()}) in the transaction of
 * the disable they belong to, so that a row commits and rolls back with it: on the JPA store in its
 * table, on the in-memory store in memory, on any store that implements them.
 *
 * <p>A relational store's database without the table (a host that did not include the changelog)
 * has no end: writing one is refused naming the fix; removing one and the sweep do nothing. The
 * table is looked up in the connection's metadata, not by a statement that fails, because a failed
 * statement aborts a PostgreSQL transaction, which may be the host's.
 */
final class DisableEnds {
  private static final String TABLE = "gh_admin_disable_end";

  /** Set once the table was found; read without a lock, written once. */
  private volatile boolean tableFound;

  /** The table's rows, or empty when this transaction's database has no such table. */
  private Optional<ModuleRows> rows(StoreTransaction tx) {
    if (!tableFound) {
      tableFound = tx.moduleTables().has(TABLE);
      if (!tableFound) {
        return Optional.empty();
      }
    }
    return Optional.of(tx.moduleTables().rows(TABLE));
  }

  /**
   * Sets the account's end, replacing an earlier one.
   *
   * @throws ConfigurationException when this store has no table of ends
   */
  void set(StoreTransaction tx, UUID user, Instant endsAt, UUID by, Instant now) {
    ModuleRows rows = rows(tx).orElseThrow(() -> new ConfigurationException(NEEDS_CHANGELOG));
    rows.delete(Map.of("user_id", user));
    rows.insert(Map.of("user_id", user, "ends_at", endsAt, "disabled_by", by, "created_at", now));
  }

  /** Removes the account's end, if it has one (and this store has the table). */
  void remove(StoreTransaction tx, UUID user) {
    rows(tx).ifPresent(rows -> rows.delete(Map.of("user_id", user)));
  }

  /** The account's end, if it has one. */
  Optional<Instant> of(StoreTransaction tx, UUID user) {
    return rows(tx)
        .flatMap(rows -> rows.find(Map.of("user_id", user)).stream().findFirst())
        .map(row -> (Instant) row.get("ends_at"));
  }

  /**
   * The accounts whose end is at or before {@code now}, the earliest first, at most {@code max}.
   * Reads every end: the table holds only the accounts disabled until a time still to come.
   */
  List<UUID> due(StoreTransaction tx, Instant now, int max) {
    return rows(tx).stream()
        .flatMap(rows -> rows.find(Map.of()).stream())
        .filter(row -> !((Instant) row.get("ends_at")).isAfter(now))
        .sorted(Comparator.comparing(row -> (Instant) row.get("ends_at")))
        .limit(max)
        .map(row -> UUID.fromString((String) row.get("user_id")))
        .toList();
  }

  /**
   * Takes the account's end if it has passed: deletes its row when {@code ends_at <= now} and
   * answers who set it, or empty when no such row was there (another node took it first, or an
   * admin changed it since it was read). The delete names the end it read and locks the row: of two
   * nodes, one takes it.
   */
  Optional<UUID> take(StoreTransaction tx, UUID user, Instant now) {
    Optional<ModuleRows> table = rows(tx);
    if (table.isEmpty()) {
      return Optional.empty();
    }
    for (Map<String, Object> row : table.get().find(Map.of("user_id", user))) {
      Instant endsAt = (Instant) row.get("ends_at");
      if (!endsAt.isAfter(now)
          && table.get().delete(Map.of("user_id", user, "ends_at", endsAt)) == 1) {
        return Optional.of(UUID.fromString((String) row.get("disabled_by")));
      }
    }
    return Optional.empty();
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
    context
        .capability(ModuleAudit.class)
        .publishByAdmin(
            tx,
            by.get(),
            new AdminAction(
                now, user, by.get(), "disable_ended", null, AuthEvent.RequestOrigin.UNKNOWN));
    return true;
  }

  /** Why an end cannot be kept in this store. */
  static final String NEEDS_CHANGELOG =
      "disabling until a time keeps the end in the administration module's table"
          + " (gh_admin_disable_end), which is not in this database's schema; include "
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
      context.capability(ModuleSessions.class).endSessions(tx, user, "admin_disabled");
    }
    return UserView.of(after);
  }
}
