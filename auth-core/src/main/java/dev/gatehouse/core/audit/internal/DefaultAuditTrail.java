package dev.gatehouse.core.audit.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.audit.AuditTrail;
import dev.gatehouse.core.config.AuditSettings;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.internal.GatehouseContext;
import dev.gatehouse.core.store.AuditEntry;
import dev.gatehouse.core.store.StoreTransaction;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@link AuditTrail} the facade builds. Internal: not API. */
public final class DefaultAuditTrail implements AuditTrail {
  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

  private static final int MAX_LIST = 1000;

  private final GatehouseContext ctx;

  /** Built by the facade's wiring. */
  public DefaultAuditTrail(GatehouseContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public List<AuditEntry> forUser(UUID userId, int limit) {
    requireNonNull(userId, "userId");
    if (limit < 1 || limit > MAX_LIST) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_LIST);
    }
    return ctx.store().inTransaction(tx -> tx.audit().forSubject(userId, limit));
  }

  @Override
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
