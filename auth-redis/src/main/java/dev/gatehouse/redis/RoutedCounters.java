package dev.gatehouse.redis;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.AuthInfrastructureException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.store.CounterStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The counters of one transaction: a key Redis holds goes to the transaction's {@link
 * RedisTransaction}, any other to the database's counters of the same transaction.
 */
final class RoutedCounters implements CounterStore {
  private final RedisCounters owner;
  private final RedisTransaction redis;
  private final CounterStore database;

  RoutedCounters(RedisCounters owner, RedisTransaction redis, CounterStore database) {
    this.owner = owner;
    this.redis = redis;
    this.database = database;
  }

  @Override
  public CounterState increment(String key, Instant now, Duration window) {
    requireNonNull(key, "key");
    if (!owner.holds(key)) {
      return database.increment(key, now, window);
    }
    return incrementAll(List.of(key), now, window).get(0);
  }

  @Override
  public List<CounterState> incrementAll(List<String> keys, Instant now, Duration window) {
    if (new HashSet<>(keys).size() != keys.size()) {
      throw new IllegalArgumentException("a key was listed twice");
    }
    if (!keys.stream().allMatch(owner::holds)) {
      // Some in the database: one at a time, in the list's order.
      List<CounterState> states = new ArrayList<>(keys.size());
      for (String key : keys) {
        states.add(increment(key, now, window));
      }
      return states;
    }
    List<long[]> after =
        redis.run(keys, ops('i', keys.size()), now, RedisTransaction.micros(window));
    List<CounterState> states = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      states.add(requireNonNull(RedisTransaction.state(keys.get(i), after.get(i))));
    }
    return states;
  }

  @Override
  public void prepare(Collection<String> keys, Instant now) {
    List<String> mine = keys.stream().filter(owner::holds).distinct().toList();
    List<String> theirs = keys.stream().filter(k -> !owner.holds(k)).toList();
    if (!mine.isEmpty()) {
      redis.run(mine, ops('p', mine.size()), now, 0);
    }
    if (!theirs.isEmpty()) {
      database.prepare(theirs, now);
    }
  }

  @Override
  public Optional<CounterState> find(String key) {
    requireNonNull(key, "key");
    if (!owner.holds(key)) {
      return database.find(key);
    }
    try {
      return RedisTransaction.find(owner, key);
    } catch (JedisException e) {
      throw new AuthInfrastructureException(
          ErrorCode.STORAGE_FAILED, "the Redis counters failed: " + e.getMessage(), true, e);
    }
  }

  @Override
  public void lock(String key, Instant until) {
    requireNonNull(until, "until");
    one(key, 'k', until, RedisTransaction.micros(until));
  }

  @Override
  public void decrement(String key) {
    one(key, 'd', Instant.EPOCH, 0);
  }

  @Override
  public void clear(String key) {
    one(key, 'c', Instant.EPOCH, 0);
  }

  @Override
  public void reset(String key) {
    one(key, 'r', Instant.EPOCH, 0);
  }

  @Override
  public void decrementAndClear(@Nullable String decrementKey, @Nullable String clearKey) {
    boolean bothHere =
        decrementKey != null
            && clearKey != null
            && owner.holds(decrementKey)
            && owner.holds(clearKey);
    if (!bothHere || decrementKey.equals(clearKey)) {
      CounterStore.super.decrementAndClear(decrementKey, clearKey);
      return;
    }
    // One script: key order does not matter to Redis, which runs it whole.
    redis.run(List.of(decrementKey, clearKey), List.of('d', 'c'), Instant.EPOCH, 0);
  }

  private void one(String key, char op, Instant now, long arg) {
    requireNonNull(key, "key");
    if (!owner.holds(key)) {
      switch (op) {
        case 'k' -> database.lock(key, now);
        case 'd' -> database.decrement(key);
        case 'c' -> database.clear(key);
        default -> database.reset(key);
      }
      return;
    }
    redis.run(List.of(key), List.of(op), now, arg);
  }

  private static List<Character> ops(char op, int n) {
    List<Character> ops = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ops.add(op);
    }
    return ops;
  }
}
