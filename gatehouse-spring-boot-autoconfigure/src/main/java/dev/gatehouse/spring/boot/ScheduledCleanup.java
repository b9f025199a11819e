package dev.gatehouse.spring.boot;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.otp.OtpService.OtpCleanup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Deletes what Gatehouse no longer needs, every {@code gatehouse.cleanup.interval} (default one
 * hour; {@code gatehouse.cleanup.enabled=false} turns it off): used and expired one-time codes, SMS
 * and email log rows and sent outbox messages older than {@code gatehouse.cleanup.retention}
 * ({@link dev.gatehouse.core.otp.OtpService#cleanup()}), and sessions that are over with their
 * refresh tokens ({@link dev.gatehouse.core.session.SessionService#cleanup(java.time.Instant)}).
 * With auth-admin installed, it also enables the accounts whose disable has ended ({@code
 * AdminService#enableExpired}): such an account signs in again up to one interval after its end.
 * Then every {@link CleanupTask} bean, in order: a module's or the host's own deletions on the same
 * schedule (the OpenID provider's expired authorizations).
 *
 * <p>Safe on several instances at once, so every instance may run it: each delete is idempotent
 * (rows another instance deleted first are simply not counted) and works in bounded batches of
 * {@code gatehouse.cleanup.batch-size} rows, one short transaction each, so no run holds long
 * locks. A failed run is logged and the next one tries again. Runs on one daemon thread of its own,
 * first one interval after start-up.
 */
final class ScheduledCleanup implements SmartInitializingSingleton, DisposableBean {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduledCleanup.class);

  private final Gatehouse gatehouse;
  private final Duration interval;
  private final List<CleanupTask> tasks;
  private ScheduledExecutorService scheduler;

  ScheduledCleanup(Gatehouse gatehouse, Duration interval, List<CleanupTask> tasks) {
    this.gatehouse = requireNonNull(gatehouse, "gatehouse");
    this.interval = requireNonNull(interval, "interval");
    this.tasks = List.copyOf(tasks);
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(
          "gatehouse.cleanup.interval must be positive, was " + interval);
    }
  }

  @Override
  public void afterSingletonsInstantiated() {
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "gatehouse-cleanup");
              t.setDaemon(true);
              return t;
            });
    long millis = interval.toMillis();
    scheduler.scheduleWithFixedDelay(this::runSafely, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Runs one cleanup now, on the calling thread.
   *
   * @return how many rows were deleted (the tasks' too), and accounts whose disable ended enabled
   */
  int run() {
    OtpCleanup otp = gatehouse.otp().cleanup();
    int sessions = gatehouse.sessions().cleanup(gatehouse.config().clock().instant());
    int audit = gatehouse.audit().cleanup();
    int enabled = ADMIN ? AdminSweep.enableExpired(gatehouse) : 0;
    int more = 0;
    for (CleanupTask task : tasks) {
      more += task.run(gatehouse.config().clock().instant());
    }
    return more
        + otp.codes()
        + otp.smsLogs()
        + otp.emailLogs()
        + otp.outboxMessages()
        + sessions
        + audit
        + enabled;
  }

  /** Whether auth-admin, an optional dependency, is on the class path. */
  private static final boolean ADMIN =
      org.springframework.util.ClassUtils.isPresent(
          "dev.gatehouse.admin.AdminService", ScheduledCleanup.class.getClassLoader());

  /** Names auth-admin's types, so that they are loaded only when it is on the class path. */
  private static final class AdminSweep {
    private AdminSweep() {}

    /** Enables the accounts whose disable has ended, when the module is installed. */
    static int enableExpired(Gatehouse gatehouse) {
      return gatehouse
          .findFeature(dev.gatehouse.admin.AdminService.class)
          .map(a -> a.enableExpired(gatehouse.config().clock().instant()))
          .orElse(0);
    }
  }

  private void runSafely() {
    try {
      int deleted = run();
      LOG.debug("gatehouse cleanup deleted {} rows", deleted);
    } catch (RuntimeException e) {
      LOG.warn("gatehouse cleanup failed; the next run tries again", e);
    }
  }

  @Override
  public void destroy() {
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "ScheduledCleanup[interval=" + interval + "]";
  }
}
