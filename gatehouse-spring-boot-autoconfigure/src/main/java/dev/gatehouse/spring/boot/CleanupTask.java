package dev.gatehouse.spring.boot;

import java.time.Instant;

/**
 * One more deletion for the starter's scheduled cleanup ({@code gatehouse.cleanup.*}): every bean
 * of this type runs in each of the cleanup's runs, after Gatehouse's own deletions, on the
 * cleanup's thread, so a module's expiring rows (the OpenID provider's authorizations) or a host's
 * go on the one schedule. A task that throws is logged with its run and tried again at the next.
 *
 * <p>Implementations must be thread-safe and idempotent, and delete in bounded batches ({@code
 * gatehouse.cleanup.batch-size}) of one short transaction each, as Gatehouse's own do, because
 * every instance of the host runs the cleanup.
 *
 * <pre>{@code
 * @Bean
 * CleanupTask expiredInvites(InviteRepository invites) {
 *   return now -> invites.deleteExpiredBefore(now);
 * }
 * }</pre>
 */
@FunctionalInterface
public interface CleanupTask {
  /**
   * Deletes what expired.
   *
   * @param now the run's time, from Gatehouse's clock
   * @return how many rows were deleted
   */
  int run(Instant now);
}
