package dev.gatehouse.core.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.store.StoreTransaction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This instance's memory of live-session checks ({@code gatehouse.token.live-check-cache}), so that
 * most calls of {@code verifyLiveAccessToken} need no database read. Thread-safe. Internal: not
 * API.
 *
 * <ul>
 *   <li>A session found <b>alive</b> is trusted for at most the configured duration: a revocation
 *       made through another instance that shares the database is seen here at most that late.
 *   <li>A session found <b>dead</b> is remembered until its access token expires: a revoked or
 *       expired session never comes back, so replays of its tokens cost nothing.
 *   <li>A revocation made through this instance forgets every "alive" entry of the user at once, in
 *       its transaction and again after its commit; a check that read the database while the
 *       revocation was in flight does not store its answer (a generation counter tells).
 * </ul>
 *
 * <p>Memory is bounded: past 100,000 entries the cache starts again empty, which costs reads, never
 * correctness.
 */
public final class LiveSessionCache {
  static final int MAX_ENTRIES = 100_000;

  private final Duration ttl;
  private final Clock clock;
  private final RevocationFollower follower;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();

  /**
   * @param ttl how long an "alive" answer is trusted; zero turns the cache off
   * @param clock the clock every decision reads
   * @param follower this instance's followed revocations, told of every revocation made here
   */
  public LiveSessionCache(Duration ttl, Clock clock, RevocationFollower follower) {
    this.ttl = requireNonNull(ttl, "ttl");
    this.clock = requireNonNull(clock, "clock");
    this.follower = requireNonNull(follower, "follower");
  }

  /** {@return whether answers are kept at all} */
  public boolean enabled() {
    return !ttl.isZero();
  }

  /**
   * The remembered answer for a session of a user, if one is still good.
   *
   * @param sessionId the token's {@code sid}
   * @param userId the token's {@code sub}
   * @return alive or dead, or empty when the database must be asked
   */
  public Optional<Boolean> lookup(String sessionId, UUID userId) {
    if (!enabled()) {
      return Optional.empty();
    }
    Entry e = entries.get(sessionId);
    if (e == null || !e.userId().equals(userId)) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (!now.isBefore(e.until())) {
      entries.remove(sessionId, e);
      return Optional.empty();
    }
    return Optional.of(e.alive());
  }

  /** {@return a stamp to pass to {@link #remember}, taken before the database is read} */
  public long stamp() {
    return generation.get();
  }

  /**
   * Remembers what the database said.
   *
   * @param stamp what {@link #stamp} returned before the read
   * @param sessionId the session
   * @param userId its user
   * @param alive whether it was alive
   * @param tokenExpiry when the token that asked expires (a dead answer is kept until then)
   */
  public void remember(
      long stamp, String sessionId, UUID userId, boolean alive, Instant tokenExpiry) {
    if (!enabled()) {
      return;
    }
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    if (!alive) {
      entries.put(sessionId, new Entry(userId, false, tokenExpiry));
      return;
    }
    Instant until = clock.instant().plus(ttl);
    entries.put(sessionId, new Entry(userId, true, until));
    if (generation.get() != stamp) {
      // A revocation ran while we read: the answer may predate it.
      entries.remove(sessionId);
    }
  }

  /**
   * Forgets every "alive" answer of a user, now and again when {@code tx} commits, and makes the
   * followed revocations look again after the commit: called by every flow that revokes sessions.
   *
   * @param tx the revoking transaction
   * @param userId whose sessions
   */
  public void revoked(StoreTransaction tx, UUID userId) {
    if (follower.enabled()) {
      tx.afterCommit(follower::revokedHere);
    }
    if (!enabled()) {
      return;
    }
    forget(userId);
    tx.afterCommit(() -> forget(userId));
  }

  private void forget(UUID userId) {
    generation.incrementAndGet();
    entries.values().removeIf(e -> e.alive() && e.userId().equals(userId));
  }

  private record Entry(UUID userId, boolean alive, Instant until) {}
}
