package dev.gatehouse.core.audit;

import dev.gatehouse.core.event.AuthEvent.AuthEventListener;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import java.util.List;
import java.util.UUID;

/**
 * The audit trail: security events kept in the library's append-only table {@code gh_audit_event},
 * each written in the transaction of its change (a refusal in one of its own, so a rolled-back host
 * transaction does not erase it). Entries carry the UTC time, the event, the account, who caused
 * it, the method and reason, the client's network (never its full address), its user agent and the
 * request's correlation id; never a secret or an address someone typed.
 *
 * <p>On by default ({@code gatehouse.audit.enabled}); a host that keeps its own trail turns it off
 * and routes the same events through an {@link AuthEventListener}. Retention: {@code
 * gatehouse.audit.retention}, enforced by {@link #cleanup()} (the Spring starter schedules it with
 * the other cleanups). Thread-safe.
 */
public interface AuditTrail {
  /**
   * The newest entries of one account, newest first.
   *
   * @param userId the account's public id
   * @param limit how many at most, 1 to 1000
   * @return the entries; empty when the trail is off
   * @throws IllegalArgumentException when {@code limit} is out of range
   */
  List<AuditEntry> forUser(UUID userId, int limit);

  /**
   * Deletes the entries older than {@code gatehouse.audit.retention}, in transactions of at most
   * {@code gatehouse.cleanup.batch-size} rows each, so a large backlog never holds a long lock.
   *
   * @return how many entries were deleted
   */
  int cleanup();
}
