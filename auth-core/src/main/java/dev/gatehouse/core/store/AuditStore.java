package dev.gatehouse.core.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The audit trail's table: append-only for the flows, read by the host's administration, trimmed by
 * the retention cleanup. Values only.
 */
public interface AuditStore {

  /**
   * Appends one entry in the transaction this store belongs to.
   *
   * @param entry the entry
   */
  void append(AuditEntry entry);

  /**
   * The newest entries of one account, newest first.
   *
   * @param subject the account's public id
   * @param limit the most entries to return
   * @return the entries
   */
  List<AuditEntry> forSubject(UUID subject, int limit);

  /**
   * Deletes at most {@code limit} entries older than {@code cutoff}, oldest first.
   *
   * @param cutoff entries before this instant go
   * @param limit the most to delete in this call
   * @return how many were deleted
   */
  int deleteBefore(Instant cutoff, int limit);
}
