package dev.gatehouse.redis;

import dev.gatehouse.core.error.AuthException.StorageConflictException;
import dev.gatehouse.core.store.CounterStore.CounterState;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis counters of one transaction: every counter it writes is held by its token until {@link
 * #commit} or {@link #rollback}, which puts each back as it was before this transaction's first
 * write to it. Confined to the transaction's thread.
 */
final class RedisTransaction {
  private static final Logger LOG = LoggerFactory.getLogger(RedisTransaction.class);
  private static final long MAX_PAUSE_NANOS = 2_000_000;

  private final RedisCounters owner;
  private final String token = UUID.randomUUID().toString();

  /** Per Redis key written: its state before this transaction (6 values, see counters.lua). */
  private final Map<String, long[]> before = new LinkedHashMap<>();

  RedisTransaction(RedisCounters owner) {
    this.owner = owner;
  }

  /**
   * Runs one operation per key in one script, waiting while another transaction holds one of them.
   *
   * @return per key: count (-1 when absent), window start and lock (-1 for none), in microseconds
   */
  List<long[]> run(List<String> keys, List<Character> ops, Instant now, long arg) {
    List<String> redisKeys = new ArrayList<>(keys.size() * 2);
    for (String key : keys) {
      String k = owner.redisKey(key);
      redisKeys.add(k);
      redisKeys.add(k + "#hold");
    }
    List<String> args = new ArrayList<>(4 + ops.size());
    args.add(token);
    // A hold outlives a waiter's patience: a waiter gives up while a live holder still holds.
    args.add(Long.toString(owner.holdTimeout().toMillis() * 2));
    args.add(Long.toString(micros(now)));
    args.add(Long.toString(arg));
    ops.forEach(op -> args.add(op.toString()));
    long deadline = System.nanoTime() + owner.holdTimeout().toNanos();
    long pause = 20_000;
    while (true) {
      List<?> answer = (List<?>) owner.scripts().counters(redisKeys, args);
      if (answer.size() != 1) {
        return states(keys, redisKeys, answer);
      }
      // Held by another transaction: wait for it, as a database waits for a row lock.
      if (System.nanoTime() - deadline > 0) {
        throw new StorageConflictException(
            "a Redis counter stayed held by another transaction for " + owner.holdTimeout(), null);
      }
      LockSupport.parkNanos(pause);
      pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
    }
  }

  private List<long[]> states(List<String> keys, List<String> redisKeys, List<?> answer) {
    List<long[]> states = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      int b = i * 9;
      long[] prior = new long[6];
      for (int j = 0; j < 6; j++) {
        prior[j] = (Long) answer.get(b + j);
      }
      before.putIfAbsent(redisKeys.get(i * 2), prior);
      states.add(
          new long[] {
            (Long) answer.get(b + 6), (Long) answer.get(b + 7), (Long) answer.get(b + 8)
          });
    }
    return states;
  }

  /** Ends the holds, keeping what this transaction wrote. */
  void commit() {
    end(false);
  }

  /** Puts every counter this transaction wrote back as it was, and ends the holds. */
  void rollback() {
    end(true);
  }

  private void end(boolean restore) {
    if (before.isEmpty()) {
      return;
    }
    List<String> keys = new ArrayList<>(before.size() * 2);
    List<String> args = new ArrayList<>(2 + before.size() * 6);
    args.add(token);
    args.add(restore ? "1" : "0");
    for (Map.Entry<String, long[]> e : before.entrySet()) {
      keys.add(e.getKey());
      keys.add(e.getKey() + "#hold");
      if (restore) {
        for (long v : e.getValue()) {
          args.add(Long.toString(v));
        }
      }
    }
    before.clear();
    long lost = owner.scripts().end(keys, args);
    if (lost > 0 && restore) {
      LOG.warn(
          "{} Redis counter(s) were held past the hold timeout and not restored by a rollback",
          lost);
    }
  }

  static @Nullable CounterState state(String key, long[] s) {
    if (s[0] < 0) {
      return null;
    }
    return new CounterState(key, s[0], instant(s[1]), s[2] < 0 ? null : instant(s[2]));
  }

  static Optional<CounterState> find(RedisCounters owner, String key) {
    List<String> v = owner.client().hmget(owner.redisKey(key), "c", "w", "l");
    if (v.get(0) == null) {
      return Optional.empty();
    }
    String lock = v.get(2);
    return Optional.of(
        new CounterState(
            key,
            Long.parseLong(v.get(0)),
            instant(Long.parseLong(v.get(1))),
            lock == null ? null : instant(Long.parseLong(lock))));
  }

  static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  static long micros(Duration d) {
    return d.toNanos() / 1000;
  }

  static Instant instant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }
}
