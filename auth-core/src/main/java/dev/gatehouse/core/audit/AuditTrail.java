package dev.gatehouse.core.audit;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.config.AuditSettings;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.event.AuthEventListener;
import dev.gatehouse.core.internal.GatehouseContext;
import dev.gatehouse.core.internal.ServiceAccess;
import dev.gatehouse.core.store.AuditEntry;
import dev.gatehouse.core.store.StoreTransaction;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
public final class AuditTrail {
  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);
  private static final int MAX_LIST = 1000;

  static {
    ServiceAccess.register(AuditTrail.class, (ctx, sessions) -> new AuditTrail(ctx));
  }

  private final GatehouseContext ctx;

  /**
   * Built by {@code Gatehouse} through {@link ServiceAccess}.
   *
   * @param ctx the shared wiring
   */
  AuditTrail(GatehouseContext ctx) {
    this.ctx = ctx;
  }

  /**
   * The newest entries of one account, newest first.
   *
   * @param userId the account's public id
   * @param limit how many at most, 1 to 1000
   * @return the entries; empty when the trail is off
   * @throws IllegalArgumentException when {@code limit} is out of range
   */
  public List<AuditEntry> forUser(UUID userId, int limit) {
    requireNonNull(userId, "userId");
    if (limit < 1 || limit > MAX_LIST) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_LIST);
    }
    return ctx.store().inTransaction(tx -> tx.audit().forSubject(userId, limit));
  }

  /**
   * Deletes the entries older than {@code gatehouse.audit.retention}, in transactions of at most
   * {@code gatehouse.cleanup.batch-size} rows each, so a large backlog never holds a long lock.
   *
   * @return how many entries were deleted
   */
  public int cleanup() {
    Instant cutoff = ctx.clock().instant().minus(ctx.config().get(AuditSettings.AUDIT_RETENTION));
    int batch = ctx.config().get(GatehouseConfig.CLEANUP_BATCH_SIZE);
    Function<StoreTransaction, Integer> one = tx -> tx.audit().deleteBefore(cutoff, batch);
    int total = 0;
    int n;
    do {
      n = ctx.store().inTransaction(one);
      total += n;
    } while (n == batch);
    LOG.info("audit trail cleanup before {} deleted {} entries", cutoff, total);
    return total;
  }
}
