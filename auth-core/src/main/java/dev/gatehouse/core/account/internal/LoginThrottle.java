package dev.gatehouse.core.account.internal;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.internal.CountingTransactions;
import dev.gatehouse.core.internal.NetworkLimits;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ModuleLimits;
import dev.gatehouse.core.signin.Counters;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.CounterStore.CounterState;
import dev.gatehouse.core.store.StoreTransaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Failure counting, progressive delay and time-bound lock for password checks, kept in the database
 * counters so every instance sees one truth.
 *
 * <p>Each attempt is counted as a failure before its password is hashed ({@link #reserve}), in the
 * account's bucket and the client IP's bucket, and given back when it succeeds. From {@code
 * LOGIN_DELAY_AFTER} failures on, the bucket is locked for a delay that doubles with each further
 * failure (1 s, 2 s, 4 s, ...); at {@code LOGIN_MAX_FAILURES} it is locked for {@code
 * LOCKOUT_DURATION}. The delay and the lock are both a {@code lockedUntil} on the counter, so the
 * library never sleeps: an attempt inside it is refused with a retry-after and is not counted.
 */
public final class LoginThrottle {
  private final GatehouseConfig config;
  private final AuthStore store;
  private final SecretHasher secrets;

  public LoginThrottle(GatehouseConfig config, AuthStore store, SecretHasher secrets) {
    this.config = config;
    this.store = store;
    this.secrets = secrets;
  }

  boolean enabled() {
    return config.get(ThrottleSettings.THROTTLE_ENABLED);
  }

  /** The bucket of a known account: every identifier of the account shares it. */
  static String userBucket(UUID publicId) {
    return Counters.LOGIN_ACCOUNT.key(publicId);
  }

  /**
   * The bucket of an identifier that names no account, keyed by its canonical form (hashed, so the
   * counter table holds no personal data) so case and Unicode variants share it.
   */
  String identifierBucket(String kind, String canonical) {
    return Counters.LOGIN_IDENTIFIER.key(secrets.hash("login-bucket", kind + ":" + canonical));
  }

  /**
   * @param ip the client IP as the host determined it, or {@code null}
   * @return the bucket of the IP's client network, or {@code null} without an IP
   */
  public @Nullable String ipBucket(@Nullable String ip) {
    return networkBucket(NetworkLimits.network(config, ip));
  }

  /**
   * @param network a client network ({@link NetworkLimits#network}), or {@code null}
   * @return its bucket (a long value by its keyed hash), or {@code null} without one
   */
  @Nullable String networkBucket(@Nullable String network) {
    if (network == null) {
      return null;
    }
    return Counters.LOGIN_NETWORK.key(
        network.length() <= 64 ? network : secrets.hash("ip", network));
  }

  /**
   * One password evaluation paid for in advance: the failure it may turn into is already counted,
   * and the delay or lock that count earns is already set. {@link #settleSuccess} gives it back.
   *
   * @param ipBucket the client IP's bucket, or {@code null}
   * @param accountBucket the account's (or unknown identifier's) bucket, or {@code null}
   * @param lockedUntil when the lock this attempt started ends, if it reached the maximum; else
   *     {@code null}
   */
  public record Reservation(
      @Nullable String ipBucket, @Nullable String accountBucket, @Nullable Instant lockedUntil) {
    static final Reservation NONE = new Reservation(null, null, null);
  }

  /**
   * Counts one attempt as a failure before any password is hashed, in one short transaction of its
   * own that commits at once (never the host's: a host rollback must not erase an attempt), and
   * refuses it, uncounted, when a bucket is over its limit or in a delay or lock.
   *
   * <p>Counting first is what makes the limit hold under concurrency: the increment is one atomic
   * statement that holds the counter row until the transaction ends, so of N parallel attempts
   * exactly those that drew a count within the limit go on to evaluate a password, whatever N is.
   * Checking first and counting after the hash let every parallel attempt pass the check before the
   * first failure was recorded.
   *
   * <p>A reservation the database ends in a deadlock is run again (see {@link
   * CountingTransactions}): the refusals roll back, and on InnoDB a rolled-back row that was just
   * created deadlocks the reservations waiting for it.
   *
   * @return the reservation to settle
   * @throws RateLimitedException {@code rate_limited} (IP limit or delay) or {@code account_locked}
   */
  public Reservation reserve(String ipBucket, String accountBucket, Instant now) {
    if (!enabled() || (ipBucket == null && accountBucket == null)) {
      return Reservation.NONE;
    }
    return CountingTransactions.run(
        store, keys(ipBucket, accountBucket), now, tx -> count(tx, ipBucket, accountBucket, now));
  }

  /** What {@link #readAndReserve} read and the reservation it made. */
  record Reserved<T>(T read, Reservation reservation) {}

  /**
   * Runs {@code read}, then {@link #reserve}s an attempt in the bucket {@code bucketOf} names for
   * what it read. When Gatehouse would run the read in a transaction of its own (no host's open on
   * this thread, see {@link dev.gatehouse.core.store.AuthStore#joinsOpenTransaction}) and the store
   * lets a counting transaction read first ({@link
   * dev.gatehouse.core.store.AuthStore#readsBeforeCounting}), the read runs inside the
   * reservation's transaction, before the counting: one begin and commit fewer, and no counter row
   * is held any longer. Otherwise it runs in the joined transaction or one of its own as before,
   * where it sees the host's uncommitted writes, and the reservation in one of its own.
   *
   * @param read the read; may run more than once (a conflict runs the reservation again), so it
   *     must only read
   * @param bucketOf the account's bucket for what was read, or {@code null}
   */
  <T> Reserved<T> readAndReserve(
      String ipBucket,
      Function<? super StoreTransaction, ? extends T> read,
      @Nullable Function<? super T, String> bucketOf,
      Instant now) {
    if (!enabled() || store.joinsOpenTransaction() || !store.readsBeforeCounting()) {
      T r = store.inTransaction(read);
      return new Reserved<>(r, reserve(ipBucket, bucketOf.apply(r), now));
    }
    // The account's bucket is known only once the read ran; a conflict prepares the rows of the
    // last run's buckets.
    List<String> seen = new ArrayList<>(2);
    return CountingTransactions.run(
        store,
        seen,
        now,
        tx -> {
          T r = read.apply(tx);
          String accountBucket = bucketOf.apply(r);
          seen.clear();
          seen.addAll(keys(ipBucket, accountBucket));
          Reservation reservation =
              ipBucket == null && accountBucket == null
                  ? Reservation.NONE
                  : count(tx, ipBucket, accountBucket, now);
          return new Reserved<>(r, reservation);
        });
  }

  private static List<String> keys(String ipBucket, String accountBucket) {
    List<String> keys = new ArrayList<>(2);
    if (ipBucket != null) {
      keys.add(ipBucket);
    }
    if (accountBucket != null) {
      keys.add(accountBucket);
    }
    return keys;
  }

  /** The counting of {@link #reserve} in {@code tx}; throws to refuse. */
  private Reservation count(
      StoreTransaction tx, String ipBucket, String accountBucket, Instant now) {
    // The account bucket may be an account's, an unknown identifier's or a second factor's: the
    // catalogue declares the three alike, so the account's declaration stands for them.
    Duration window = Counters.LOGIN_ACCOUNT.window(config);
    // Always the IP row before the account row, so two reservations never wait on each
    // other in opposite orders; both in one statement where the store can.
    List<CounterState> states = Counters.countAll(tx, keys(ipBucket, accountBucket), window, now);
    if (ipBucket != null) {
      CounterState ip = states.get(0);
      if (ip.count() > Counters.LOGIN_NETWORK.max(config)) {
        // Thrown inside the transaction: it rolls back, so the refusal is not counted.
        throw new RateLimitedException(
            ErrorCode.RATE_LIMITED,
            "too many failed logins from this client; try again later",
            Counters.until(ip, window, now));
      }
    }
    if (accountBucket == null) {
      return new Reservation(ipBucket, null, null);
    }
    // A refusal for the IP above rolls this increment back with the IP's.
    CounterState acct = states.get(states.size() - 1);
    int max = Counters.LOGIN_ACCOUNT.max(config);
    if (acct.lockedUntil() != null && acct.lockedUntil().isAfter(now)) {
      Duration retry = Duration.between(now, acct.lockedUntil());
      if (acct.count() - 1 >= max) {
        throw new RateLimitedException(
            ErrorCode.ACCOUNT_LOCKED,
            "too many failed logins; the account is locked for now",
            retry);
      }
      throw new RateLimitedException(
          ErrorCode.RATE_LIMITED, "too many failed logins; wait before trying again", retry);
    }
    long failures = acct.count();
    Duration lock = Counters.LOGIN_ACCOUNT.lockout(config).orElseThrow();
    if (failures >= max) {
      Instant until = now.plus(lock);
      Counters.lock(tx, accountBucket, until);
      return new Reservation(ipBucket, accountBucket, until);
    }
    int delayAfter = config.get(ThrottleSettings.LOGIN_DELAY_AFTER);
    if (failures >= delayAfter) {
      Counters.lock(tx, accountBucket, now.plus(delay(failures - delayAfter, lock)));
    }
    return new Reservation(ipBucket, accountBucket, null);
  }

  /**
   * Gives back a reservation whose password was right but whose login was refused for another
   * reason (an unconfirmed account): the attempt was no guess, so it counts against nothing.
   */
  void release(Reservation r) {
    if (r.ipBucket() == null && r.accountBucket() == null) {
      return;
    }
    CountingTransactions.run(
        store,
        List.of(),
        null,
        tx -> {
          Counters.release(tx, r.ipBucket(), r.accountBucket());
          return null;
        });
  }

  /**
   * Settles a successful login in its own transaction: the account's failures are forgotten and the
   * attempt no longer counts against the client's IP.
   */
  public void settleSuccess(StoreTransaction tx, Reservation r) {
    // One statement where the store can. The account's row is zeroed, not deleted: its next login
    // finds it and inserts nothing.
    Counters.settle(tx, r.ipBucket(), r.accountBucket());
  }

  /** 1 s, 2 s, 4 s, ... capped at the lock duration. */
  static Duration delay(long step, Duration cap) {
    if (step >= 30) {
      return cap;
    }
    Duration d = Duration.ofSeconds(1L << step);
    return d.compareTo(cap) > 0 ? cap : d;
  }

  /** {@return a counted attempt as a module's check settles it ({@code ModuleLimits.Guess})} */
  public ModuleLimits.Guess guess(Reservation r) {
    return new ModuleLimits.Guess() {
      @Override
      public @Nullable Instant lockedUntil() {
        return r.lockedUntil();
      }

      @Override
      public void settle(StoreTransaction tx) {
        settleSuccess(tx, r);
      }
    };
  }

  /** Forgets the account's failures after it proved its password. Other buckets are untouched. */
  void clear(StoreTransaction tx, String accountBucket) {
    if (enabled() && accountBucket != null) {
      Counters.reset(tx, accountBucket);
    }
  }
}
