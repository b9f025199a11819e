package dev.gatehouse.core.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.AuthInfrastructureException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.SessionStore.Revocation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * This instance's knowledge of revoked sessions ({@code gatehouse.token.revocation-follow}), so
 * that {@code verifyUnrevokedAccessToken} refuses an ended session's token without a read per call.
 * Thread-safe. Internal: not API.
 *
 * <ul>
 *   <li><b>Following.</b> A call finding the previous look older than the interval looks first: one
 *       read of the sessions revoked since a little before the previous look (an index on the
 *       revocation time). Calls that arrive meanwhile wait for that read rather than answer from
 *       older knowledge, so no answer rests on a look older than the interval. No traffic, no read.
 *   <li><b>Here at once.</b> A revocation through this instance ({@link #revokedHere}, after its
 *       commit) makes the next call look, whatever the interval, on the main store.
 *   <li><b>Replica.</b> The periodic looks read the builder's {@code staleReads} store when the
 *       host set one (a replica's): a revocation made through another instance is then seen once
 *       the replica applied it, no later than the next look after that while the replica lags by
 *       less than the overlap.
 *   <li><b>Overlap.</b> Each look reads again from {@link #overlap} before the previous one began:
 *       revocation times are written by each instance's clock and a revocation becomes visible when
 *       its transaction commits, so a look must not trust that nothing older is still to come.
 *   <li><b>Memory.</b> A session is remembered until its last access token has expired: the token
 *       lifetime plus twice the tolerated clock skew after its revocation. Past {@link
 *       #MAX_ENTRIES} remembered revocations (a storm of logouts) this instance answers "unknown"
 *       and the caller reads the session, until enough have aged out: that costs reads, never
 *       memory or correctness.
 *   <li><b>Failure.</b> A look that fails fails its call; for one interval after it every call that
 *       needs a look fails at once with {@code storage_failed} instead of queueing on the database.
 * </ul>
 */
public final class RevocationFollower {
  /** The least overlap, whatever the tolerated clock skew: covers a slow commit. */
  static final Duration MIN_OVERLAP = Duration.ofSeconds(30);

  /** The most revocations remembered before answering "unknown". */
  static final int MAX_ENTRIES = 100_000;

  private final Duration interval;
  private final Duration overlap;
  private final Duration keep;
  private final Clock clock;
  private final AuthStore store;
  private final AuthStore staleReads;
  private final int maxEntries;
  private final ReentrantLock looking = new ReentrantLock();
  private final Map<String, Instant> revoked = new ConcurrentHashMap<>();
  private final AtomicLong wanted = new AtomicLong();
  private volatile long seen;
  private volatile @Nullable Instant lastLook;
  private volatile @Nullable Instant failedAt;

  /**
   * @param interval how old the previous look may be; zero turns following off
   * @param accessTtl the access tokens' lifetime
   * @param clockSkew the clock skew tolerated between instances and on {@code exp}
   * @param clock the clock every decision reads
   * @param store where the revocations are read after one made through this instance
   * @param staleReads where the periodic looks read them (a replica's store, or {@code store})
   */
  public RevocationFollower(
      Duration interval,
      Duration accessTtl,
      Duration clockSkew,
      Clock clock,
      AuthStore store,
      AuthStore staleReads) {
    this(interval, accessTtl, clockSkew, clock, store, staleReads, MAX_ENTRIES);
  }

  RevocationFollower(
      Duration interval,
      Duration accessTtl,
      Duration clockSkew,
      Clock clock,
      AuthStore store,
      AuthStore staleReads,
      int maxEntries) {
    this.maxEntries = maxEntries;
    this.interval = requireNonNull(interval, "interval");
    this.overlap = clockSkew.compareTo(MIN_OVERLAP) > 0 ? clockSkew : MIN_OVERLAP;
    this.keep = accessTtl.plus(clockSkew).plus(clockSkew);
    this.clock = requireNonNull(clock, "clock");
    this.store = requireNonNull(store, "store");
    this.staleReads = requireNonNull(staleReads, "staleReads");
  }

  /** {@return whether revocations are followed at all} */
  public boolean enabled() {
    return !interval.isZero();
  }

  /**
   * Whether a session is revoked as far as this instance knows, looking first when the previous
   * look is older than the interval or a revocation was made here since.
   *
   * @param sessionId the token's {@code sid}
   * @return whether the session was revoked, or empty when this instance remembers too many
   *     revocations to answer from memory (the caller reads the session)
   * @throws AuthInfrastructureException {@code storage_failed} when the revocations could not be
   *     read
   */
  public Optional<Boolean> isRevoked(String sessionId) {
    if (due(clock.instant())) {
      look();
    }
    if (revoked.containsKey(sessionId)) {
      return Optional.of(true);
    }
    return revoked.size() > maxEntries ? Optional.empty() : Optional.of(false);
  }

  /**
   * Makes the next call look, whatever the interval: called after the commit of every revocation
   * made through this instance.
   */
  public void revokedHere() {
    wanted.incrementAndGet();
  }

  private boolean due(Instant now) {
    Instant last = lastLook;
    return seen != wanted.get() || last == null || !now.isBefore(last.plus(interval));
  }

  private void look() {
    looking.lock();
    try {
      Instant now = clock.instant();
      long want = wanted.get();
      if (!due(now)) {
        return; // another call looked while this one waited
      }
      Instant failed = failedAt;
      if (failed != null && now.isBefore(failed.plus(interval))) {
        throw new AuthInfrastructureException(
            ErrorCode.STORAGE_FAILED, "the revoked sessions could not be read", true, null);
      }
      Instant last = lastLook;
      // A clock set back (by hand in tests, by a time step in production) must not skip what
      // was revoked between its new "now" and the previous look.
      Instant since =
          last == null ? now.minus(keep) : (last.isBefore(now) ? last : now).minus(overlap);
      // A look owed to a revocation made here reads where it was written: a replica that has not
      // applied it yet would let the ended session's tokens pass until the next look.
      AuthStore from = want != seen ? store : staleReads;
      List<Revocation> found;
      try {
        found = from.inTransaction(tx -> tx.sessions().revokedSince(since));
      } catch (RuntimeException e) {
        failedAt = now;
        throw e;
      }
      for (Revocation r : found) {
        revoked.put(r.sessionId(), r.revokedAt().plus(keep));
      }
      revoked.values().removeIf(until -> until.isBefore(now));
      failedAt = null;
      lastLook = now;
      seen = want;
    } finally {
      looking.unlock();
    }
  }
}
