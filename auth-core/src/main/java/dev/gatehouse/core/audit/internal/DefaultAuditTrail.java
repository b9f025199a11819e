package dev.gatehouse.core.audit.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.audit.AuditTrail;
import dev.gatehouse.core.config.AuditSettings;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.StoreTransaction;
import java.time.Clock;
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
  private final GatehouseConfig config;
  private final Clock clock;
  private final AuthStore store;

  /** Built by the facade's wiring. */
  public DefaultAuditTrail(GatehouseConfig config, Clock clock, AuthStore store) {
    this.config = config;
    this.clock = clock;
    this.store = store;
  }

  @Override
  public List<AuditEntry> forUser(UUID userId, int limit) {
    requireNonNull(userId, "userId");
    if (limit < 1 || limit > MAX_LIST) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_LIST);
    }
    return store.inTransaction(tx -> tx.audit().forSubject(userId, limit));
  }

  @Override
  public int cleanup() {
    Instant cutoff = clock.instant().minus(config.get(AuditSettings.AUDIT_RETENTION));
    int batch = config.get(GatehouseConfig.CLEANUP_BATCH_SIZE);
    Function<StoreTransaction, Integer> one = tx -> tx.audit().deleteBefore(cutoff, batch);
    int total = 0;
    int n;
    do {
      n = store.inTransaction(one);
      total += n;
    } while (n == batch);
    LOG.info("audit trail cleanup before {} deleted {} entries", cutoff, total);
    return total;
  }
}
