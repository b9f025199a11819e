package dev.gatehouse.core.account;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.RateLimitedException;
import dev.gatehouse.core.internal.GatehouseContext;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.StoreTransaction.CounterState;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Failure counting, progressive delay and time-bound lock for password checks, kept in the database
 * counters so every instance sees one truth.
 *
 * <p>Each failure adds one to the account's bucket (and to the client IP's bucket). From {@code
 * LOGIN_DELAY_AFTER} failures on, the bucket is locked for a delay that doubles with each further
 * failure (1 s, 2 s, 4 s, ...); at {@code LOGIN_MAX_FAILURES} it is locked for {@code
 * LOCKOUT_DURATION}. The delay and the lock are both a {@code lockedUntil} on the counter, so the
 * library never sleeps: an attempt inside it is refused with a retry-after and is not counted.
 */
final class LoginThrottle {
  private final GatehouseContext ctx;

  LoginThrottle(GatehouseContext ctx) {
    this.ctx = ctx;
  }

  boolean enabled() {
    return ctx.config().get(GatehouseConfig.THROTTLE_ENABLED);
  }

  /** The bucket of a known account: every identifier of the account shares it. */
  static String userBucket(UUID publicId) {
    return "login:user:" + publicId;
  }

  /**
   * The bucket of an identifier that names no account, keyed by its canonical form (hashed, so the
   * counter table holds no personal data) so case and Unicode variants share it.
   */
  String identifierBucket(String kind, String canonical) {
    return "login:id:" + ctx.secrets().hash("login-bucket", kind + ":" + canonical);
  }

  /**
   * @param ip the client IP as the host determined it, or {@code null}
   * @return the IP's bucket, or {@code null} without an IP
   */
  String ipBucket(String ip) {
    if (ip == null || ip.isBlank()) {
      return null;
    }
    String value = ip.strip();
    return value.length() <= 64
        ? "login:ip:" + value
        : "login:ip:" + ctx.secrets().hash("ip", value);
  }

  /**
   * Refuses the attempt, before any password is hashed, if the IP is over its limit or the account
   * is in a delay or lock.
   *
   * @throws RateLimitedException {@code rate_limited} (IP limit or delay) or {@code account_locked}
   */
  void check(StoreTransaction tx, String ipBucket, String accountBucket, Instant now) {
    if (!enabled()) {
      return;
    }
    Duration window = ctx.config().get(GatehouseConfig.LOGIN_FAILURE_WINDOW);
    if (ipBucket != null) {
      CounterState ip = tx.counter(ipBucket).orElse(null);
      if (ip != null) {
        Instant windowEnd = ip.windowStart().plus(window);
        if (windowEnd.isAfter(now)
            && ip.count() >= ctx.config().get(GatehouseConfig.LOGIN_MAX_FAILURES_PER_IP)) {
          throw new RateLimitedException(
              "rate_limited",
              "too many failed logins from this client; try again later",
              Duration.between(now, windowEnd));
        }
      }
    }
    if (accountBucket != null) {
      CounterState acct = tx.counter(accountBucket).orElse(null);
      if (acct != null && acct.lockedUntil() != null && acct.lockedUntil().isAfter(now)) {
        Duration retry = Duration.between(now, acct.lockedUntil());
        if (acct.count() >= ctx.config().get(GatehouseConfig.LOGIN_MAX_FAILURES)) {
          throw new RateLimitedException(
              "account_locked", "too many failed logins; the account is locked for now", retry);
        }
        throw new RateLimitedException(
            "rate_limited", "too many failed logins; wait before trying again", retry);
      }
    }
  }

  /**
   * Counts one failure in one atomic statement per bucket and sets the delay or lock it earns.
   *
   * @return when a lock that this failure started ends, or {@code null}
   */
  Instant recordFailure(StoreTransaction tx, String ipBucket, String accountBucket, Instant now) {
    if (!enabled()) {
      return null;
    }
    Duration window = ctx.config().get(GatehouseConfig.LOGIN_FAILURE_WINDOW);
    if (ipBucket != null) {
      tx.incrementCounter(ipBucket, now, window);
    }
    if (accountBucket == null) {
      return null;
    }
    long failures = tx.incrementCounter(accountBucket, now, window).count();
    int max = ctx.config().get(GatehouseConfig.LOGIN_MAX_FAILURES);
    int delayAfter = ctx.config().get(GatehouseConfig.LOGIN_DELAY_AFTER);
    Duration lock = ctx.config().get(GatehouseConfig.LOCKOUT_DURATION);
    if (failures >= max) {
      Instant until = now.plus(lock);
      tx.lockCounter(accountBucket, until);
      return until;
    }
    if (failures >= delayAfter) {
      tx.lockCounter(accountBucket, now.plus(delay(failures - delayAfter, lock)));
    }
    return null;
  }

  /** 1 s, 2 s, 4 s, ... capped at the lock duration. */
  static Duration delay(long step, Duration cap) {
    if (step >= 30) {
      return cap;
    }
    Duration d = Duration.ofSeconds(1L << step);
    return d.compareTo(cap) > 0 ? cap : d;
  }

  /** Forgets the account's failures after it proved its password. Other buckets are untouched. */
  void clear(StoreTransaction tx, String accountBucket) {
    if (enabled() && accountBucket != null) {
      tx.resetCounter(accountBucket);
    }
  }
}
