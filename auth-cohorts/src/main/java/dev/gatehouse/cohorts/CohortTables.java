package dev.gatehouse.cohorts;

import dev.gatehouse.cohorts.CohortService.CohortStatus;
import dev.gatehouse.core.store.ModuleRows;
import dev.gatehouse.core.store.ModuleTable;
import dev.gatehouse.core.store.StoreTransaction;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The module's two tables ({@link Cohorts#CHANGELOG}), read and written through the store's module
 * tables in the transaction a flow was given, so on every store: {@code gh_cohort_member}, one row
 * per assigned legacy account, and {@code gh_cohort_state}, one row per cohort ever moved.
 */
final class CohortTables {
  static final String MEMBERS = "gh_cohort_member";
  static final String STATES = "gh_cohort_state";

  /** One row per assigned legacy account, as {@code 0001-cohorts.xml} creates it. */
  static final ModuleTable MEMBER_TABLE =
      ModuleTable.named(MEMBERS)
          .column("legacy_id", ModuleTable.Type.TEXT)
          .column("cohort", ModuleTable.Type.TEXT)
          .column("decided_at", ModuleTable.Type.INSTANT)
          .column("moved_in", ModuleTable.Type.LONG)
          .unique("legacy_id")
          .build();

  /** One row per cohort ever moved, as {@code 0001-cohorts.xml} creates it. */
  static final ModuleTable STATE_TABLE =
      ModuleTable.named(STATES)
          .column("cohort", ModuleTable.Type.TEXT)
          .column("state", ModuleTable.Type.TEXT)
          .column("version", ModuleTable.Type.LONG)
          .column("changed_at", ModuleTable.Type.INSTANT)
          .column("changed_by", ModuleTable.Type.TEXT)
          .unique("cohort")
          .build();

  private CohortTables() {}

  /** A kept assignment: the cohort, when it was decided, the version it moved in (or null). */
  record Member(String cohort, Instant decidedAt, @Nullable Long movedIn) {}

  static Optional<Member> member(StoreTransaction tx, String legacyId) {
    return members(tx).find(Map.of("legacy_id", legacyId)).stream()
        .findFirst()
        .map(
            r ->
                new Member(
                    (String) r.get("cohort"),
                    (Instant) r.get("decided_at"),
                    r.get("moved_in") == null ? null : ((Number) r.get("moved_in")).longValue()));
  }

  /**
   * Keeps a first decision.
   *
   * @throws StoreTransaction.DuplicateKeyException when another call kept one first
   */
  static void insertMember(StoreTransaction tx, String legacyId, String cohort, Instant now) {
    Map<String, Object> row = new HashMap<>();
    row.put("legacy_id", legacyId);
    row.put("cohort", cohort);
    row.put("decided_at", now);
    row.put("moved_in", null);
    members(tx).insert(row);
  }

  /** Records that the account moved in the cohort's step {@code version}. */
  static void moved(StoreTransaction tx, String legacyId, long version) {
    members(tx).update(Map.of("legacy_id", legacyId), Map.of("moved_in", version));
  }

  /** Every cohort's kept state, by name; a cohort never moved has none. */
  static Map<String, CohortStatus> states(StoreTransaction tx) {
    Map<String, CohortStatus> states = new HashMap<>();
    for (Map<String, Object> r : states(tx, Map.of())) {
      CohortStatus s = status(r);
      states.put(s.cohort(), s);
    }
    return states;
  }

  private static java.util.List<Map<String, Object>> states(
      StoreTransaction tx, Map<String, ?> where) {
    return tx.moduleTables().rows(STATE_TABLE).find(where);
  }

  static Optional<CohortStatus> state(StoreTransaction tx, String cohort) {
    return states(tx, Map.of("cohort", cohort)).stream().findFirst().map(CohortTables::status);
  }

  /**
   * Writes a step: the cohort's first row, or its row if it still has the version read ({@code
   * before}). {@return whether it was written} (false: another step came first)
   *
   * @throws StoreTransaction.DuplicateKeyException when another step wrote the cohort's first row
   *     first: not caught here, since on PostgreSQL the statement that failed aborts the whole
   *     transaction; the caller's transaction ends, and the caller answers it outside
   */
  static boolean writeState(
      StoreTransaction tx, String cohort, CohortState to, long before, Instant now, UUID by) {
    ModuleRows rows = tx.moduleTables().rows(STATE_TABLE);
    Map<String, Object> set = new HashMap<>();
    set.put("state", to.name());
    set.put("version", before + 1);
    set.put("changed_at", now);
    set.put("changed_by", by);
    if (before == 0) {
      set.put("cohort", cohort);
      rows.insert(set);
      return true;
    }
    return rows.update(Map.of("cohort", cohort, "version", before), set) == 1;
  }

  /**
   * {@return how many accounts are assigned to the cohort: a count (the table may hold millions)}
   */
  static long assigned(StoreTransaction tx, String cohort) {
    return members(tx).count(Map.of("cohort", cohort));
  }

  /** {@return how many of the cohort's accounts moved in its step {@code version}} */
  static long movedCount(StoreTransaction tx, String cohort, long version) {
    return members(tx).count(Map.of("cohort", cohort, "moved_in", version));
  }

  /** One page's member: its legacy id and the step it moved in, or null. */
  record Paged(String legacyId, @Nullable Long movedIn) {}

  /**
   * The cohort's members after a legacy id, in the order of their legacy ids, at most {@code
   * limit}: one indexed read on a relational store.
   */
  static java.util.List<Paged> page(
      StoreTransaction tx, String cohort, @Nullable String after, int limit) {
    return members(tx)
        .page(Map.of("cohort", cohort), ModuleRows.Range.on("legacy_id").after(after), limit)
        .stream()
        .map(r -> new Paged((String) r.get("legacy_id"), movedIn(r.get("moved_in"))))
        .toList();
  }

  private static @Nullable Long movedIn(@Nullable Object value) {
    return value == null ? null : ((Number) value).longValue();
  }

  private static ModuleRows members(StoreTransaction tx) {
    return tx.moduleTables().rows(MEMBER_TABLE);
  }

  private static CohortStatus status(Map<String, Object> r) {
    return new CohortStatus(
        (String) r.get("cohort"),
        CohortState.valueOf((String) r.get("state")),
        ((Number) r.get("version")).longValue(),
        (Instant) r.get("changed_at"),
        -1);
  }
}
