package dev.gatehouse.cohorts;

import java.util.Collection;
import java.util.Set;

/**
 * Which legacy accounts the sync from the legacy system last found changed on both sides, for the
 * report of the users not yet moved ({@link CohortService#notMoved}): {@code auth-import}'s {@code
 * LegacySync#conflicted} fits, passed to {@link Cohorts#syncConflicts}. Thread-safe.
 */
@FunctionalInterface
public interface SyncConflicts {
  /**
   * The accounts among the given ones whose last sync found a conflict.
   *
   * @param legacyIds the legacy ids asked about
   * @return those in conflict
   */
  Set<String> among(Collection<String> legacyIds);
}
