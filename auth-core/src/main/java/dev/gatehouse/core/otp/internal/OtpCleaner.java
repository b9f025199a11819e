package dev.gatehouse.core.otp.internal;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.internal.CountingTransactions;
import dev.gatehouse.core.otp.OtpService;
import dev.gatehouse.core.otp.OtpService.OtpCleanup;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.StoreTransaction;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention: {@link OtpService#cleanup} deletes old codes, delivery-log rows and settled outbox
 * messages in batches.
 */
final class OtpCleaner {
  // Logged under the facade's name, as before the split, so hosts' logging settings still apply.
  private static final Logger LOG = LoggerFactory.getLogger(OtpService.class);

  private final GatehouseConfig config;
  private final Clock clock;
  private final AuthStore store;

  OtpCleaner(GatehouseConfig config, Clock clock, AuthStore store) {
    this.config = config;
    this.clock = clock;
    this.store = store;
  }

  OtpCleanup cleanup() {
    Instant cutoff = clock.instant().minus(config.get(GatehouseConfig.LOG_RETENTION));
    int batch = config.get(GatehouseConfig.CLEANUP_BATCH_SIZE);
    OtpCleanup done =
        new OtpCleanup(
            drain(tx -> tx.otpCodes().deleteBefore(cutoff, batch)),
            drain(tx -> tx.deliveryLogs().deleteBefore("sms", cutoff, batch)),
            drain(tx -> tx.deliveryLogs().deleteBefore("email", cutoff, batch)),
            drain(tx -> tx.outbox().deleteSettledBefore(cutoff, batch)));
    LOG.info("OTP cleanup before {} deleted {}", cutoff, done);
    return done;
  }

  private int drain(Function<StoreTransaction, Integer> batch) {
    return CountingTransactions.deleteInBatches(
        store, config.get(GatehouseConfig.CLEANUP_BATCH_SIZE), batch);
  }
}
