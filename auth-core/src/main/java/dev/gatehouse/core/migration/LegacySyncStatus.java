package dev.gatehouse.core.migration;

import java.time.Duration;

/**
 * Where a sync of the legacy system's changes into Gatehouse stands, for the signals of a cut-over
 * in steps (gauges, health): {@code auth-import}'s {@code LegacySync} is one. It lives in the core
 * so that what reads it (the Spring auto-configuration) needs neither the importer nor its tests.
 */
public interface LegacySyncStatus {
  /** {@return where the sync stands now; may read both databases} */
  Reading reading();

  /**
   * A reading of the sync.
   *
   * @param backlog the legacy changes not yet synced
   * @param delay how long the oldest of them has waited
   * @param conflicts the conflicts counted so far (the same field changed on both sides)
   */
  record Reading(long backlog, Duration delay, long conflicts) {}
}
