package dev.gatehouse.cohorts;

import dev.gatehouse.cohorts.CohortService.CohortStatus;
import dev.gatehouse.core.error.AuthException.AuthInfrastructureException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.store.ModuleRows;
import dev.gatehouse.core.store.StoreTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
    return tx.moduleTables().rows(STATES).find(where);
  }

  static Optional<CohortStatus> state(StoreTransaction tx, String cohort) {
    return states(tx, Map.of("cohort", cohort)).stream().findFirst().map(CohortTables::status);
  }

  /**
   * Writes a step: the cohort's first row, or its row if it still has the version read ({@code
   * before}). {@return whether it was written} (false: another step came first)
   */
  static boolean writeState(
      StoreTransaction tx, String cohort, CohortState to, long before, Instant now, UUID by) {
    ModuleRows rows = tx.moduleTables().rows(STATES);
    Map<String, Object> set = new HashMap<>();
    set.put("state", to.name());
    set.put("version", before + 1);
    set.put("changed_at", now);
    set.put("changed_by", by);
    if (before == 0) {
      set.put("cohort", cohort);
      try {
        rows.insert(set);
        return true;
      } catch (StoreTransaction.DuplicateKeyException e) {
        return false;
      }
    }
    return rows.update(Map.of("cohort", cohort, "version", before), set) == 1;
  }

  /**
   * How many accounts are assigned to the cohort: a count on a relational store (the table may hold
   * millions), the rows otherwise.
   */
  static long assigned(StoreTransaction tx, String cohort) {
    Optional<Connection> connection = tx.moduleTables().connection();
    if (connection.isEmpty()) {
      return members(tx).find(Map.of("cohort", cohort)).size();
    }
    try (PreparedStatement s =
        connection
            .get()
            .prepareStatement("select count(*) from " + MEMBERS + " where cohort = ?")) {
      s.setString(1, cohort);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    } catch (SQLException e) {
      throw new AuthInfrastructureException(
          ErrorCode.STORAGE_FAILED, "the cohort's members could not be counted", true, e);
    }
  }

  /**
   * How many of the cohort's accounts moved in its step {@code version}: a count on a relational
   * store, the rows otherwise.
   */
  static long movedCount(StoreTransaction tx, String cohort, long version) {
    Optional<Connection> connection = tx.moduleTables().connection();
    if (connection.isEmpty()) {
      return members(tx).find(Map.of("cohort", cohort, "moved_in", version)).size();
    }
    try (PreparedStatement s =
        connection
            .get()
            .prepareStatement(
                "select count(*) from " + MEMBERS + " where cohort = ? and moved_in = ?")) {
      s.setString(1, cohort);
      s.setLong(2, version);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    } catch (SQLException e) {
      throw new AuthInfrastructureException(
          ErrorCode.STORAGE_FAILED, "the cohort's moved members could not be counted", true, e);
    }
  }

  /** One page's member: its legacy id and the step it moved in, or null. */
  record Paged(String legacyId, @Nullable Long movedIn) {}

  /**
   * The cohort's members after a legacy id, in the order of their legacy ids, at most {@code
   * limit}: one indexed read on a relational store.
   */
  static java.util.List<Paged> page(
      StoreTransaction tx, String cohort, @Nullable String after, int limit) {
    Optional<Connection> connection = tx.moduleTables().connection();
    if (connection.isEmpty()) {
      return members(tx).find(Map.of("cohort", cohort)).stream()
          .map(r -> new Paged((String) r.get("legacy_id"), movedIn(r.get("moved_in"))))
          .filter(p -> after == null || p.legacyId().compareTo(after) > 0)
          .sorted(java.util.Comparator.comparing(Paged::legacyId))
          .limit(limit)
          .toList();
    }
    try (PreparedStatement s =
        connection
            .get()
            .prepareStatement(
                "select legacy_id, moved_in from "
                    + MEMBERS
                    + " where cohort = ? and legacy_id > ? order by legacy_id")) {
      s.setMaxRows(limit);
      s.setString(1, cohort);
      s.setString(2, after == null ? "" : after);
      java.util.List<Paged> out = new java.util.ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(new Paged(r.getString(1), movedIn(r.getObject(2))));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new AuthInfrastructureException(
          ErrorCode.STORAGE_FAILED, "the cohort's members could not be read", true, e);
    }
  }

  private static @Nullable Long movedIn(@Nullable Object value) {
    return value == null ? null : ((Number) value).longValue();
  }

  private static ModuleRows members(StoreTransaction tx) {
    return tx.moduleTables().rows(MEMBERS);
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
