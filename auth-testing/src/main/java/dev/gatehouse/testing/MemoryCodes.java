package dev.gatehouse.testing;

import dev.gatehouse.core.store.CounterStore;
import dev.gatehouse.core.store.CounterStore.CounterState;
import dev.gatehouse.core.store.DeliveryLogStore;
import dev.gatehouse.core.store.OtpCodeStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/** One-time codes, rate-limit counters and the delivery logs, in memory. */
final class MemoryCodes implements OtpCodeStore {
  private final MemoryTable<Long, CodeRow> codes;
  private final MemoryTable<String, CounterState> counterRows;
  private final MemoryTable<Long, DeliveryLogStore.Entry> logs;
  private final AtomicLong ids = new AtomicLong();
  private final Counters counters = new Counters();
  private final Logs deliveryLogs = new Logs();

  MemoryCodes(InMemoryAuthStore store) {
    this.codes = new MemoryTable<>(store);
    this.counterRows = new MemoryTable<>(store);
    this.logs = new MemoryTable<>(store);
  }

  CounterStore counters() {
    return counters;
  }

  DeliveryLogStore deliveryLogs() {
    return deliveryLogs;
  }

  /** Every delivery-log row, oldest first. */
  List<DeliveryLogStore.Entry> logRows() {
    return logs.where(e -> true);
  }

  /** The codes stored for {@code destination}, oldest first. */
  List<InMemoryAuthStore.StoredCode> codesFor(String destination) {
    return codes.where(c -> c.destination().equals(destination)).stream()
        .map(
            c ->
                new InMemoryAuthStore.StoredCode(
                    c.owner(), c.channel(), c.purpose(), c.hash(), c.attempts(), c.usedAt()))
        .toList();
  }

  /** A code as stored: its keyed hash, never the code. */
  private record CodeRow(
      long id,
      @Nullable UUID owner,
      String channel,
      String destination,
      String purpose,
      String hash,
      Instant expiresAt,
      @Nullable Instant usedAt,
      int attempts,
      int maxAttempts,
      Instant createdAt) {
    CodeRow used(Instant at) {
      return with(at, attempts);
    }

    /** Replaced by a newer code: used, and ended, at {@code at}. */
    CodeRow replaced(Instant at) {
      return new CodeRow(
          id, owner, channel, destination, purpose, hash, at, at, attempts, maxAttempts, createdAt);
    }

    CodeRow failedOnce() {
      return with(usedAt, attempts + 1);
    }

    private CodeRow with(@Nullable Instant usedAt, int attempts) {
      return new CodeRow(
          id,
          owner,
          channel,
          destination,
          purpose,
          hash,
          expiresAt,
          usedAt,
          attempts,
          maxAttempts,
          createdAt);
    }

    boolean sameBinding(CodeRow other) {
      return destination.equals(other.destination)
          && channel.equals(other.channel)
          && purpose.equals(other.purpose);
    }
  }

  @Override
  public long create(NewOtpCode c) {
    long id = ids.incrementAndGet();
    codes.put(
        id,
        new CodeRow(
            id,
            c.ownerPublicId(),
            c.channel(),
            c.destination(),
            c.purpose(),
            c.codeHash(),
            c.expiresAt(),
            null,
            0,
            c.maxAttempts(),
            c.createdAt()));
    return id;
  }

  @Override
  public Optional<OtpCode> latest(String destination, String channel, String purpose) {
    List<CodeRow> bound =
        codes.where(
            c ->
                c.destination().equals(destination)
                    && c.channel().equals(channel)
                    && c.purpose().equals(purpose));
    if (bound.isEmpty()) {
      return Optional.empty();
    }
    CodeRow c = bound.get(bound.size() - 1);
    return Optional.of(
        new OtpCode(
            c.id(),
            c.hash(),
            c.expiresAt(),
            c.usedAt(),
            c.attempts(),
            c.maxAttempts(),
            c.createdAt()));
  }

  @Override
  public boolean consume(long id, Instant now) {
    Optional<CodeRow> found =
        codes
            .get(id)
            .filter(
                c ->
                    c.usedAt() == null
                        && c.expiresAt().isAfter(now)
                        && c.attempts() < c.maxAttempts());
    found.ifPresent(c -> codes.put(id, c.used(now)));
    return found.isPresent();
  }

  @Override
  public int recordFailure(long id, Instant now) {
    Optional<CodeRow> found = codes.get(id);
    if (found.isEmpty()) {
      throw new java.util.NoSuchElementException("no code with that id");
    }
    CodeRow c = found.get().failedOnce();
    if (c.usedAt() == null && c.attempts() >= c.maxAttempts()) {
      c = c.used(now);
    }
    codes.put(id, c);
    return c.attempts();
  }

  @Override
  public int invalidateOlder(long id, Instant now) {
    Optional<CodeRow> newest = codes.get(id);
    if (newest.isEmpty()) {
      return 0;
    }
    List<CodeRow> older =
        codes.where(c -> c.id() < id && c.usedAt() == null && c.sameBinding(newest.get()));
    older.forEach(c -> codes.put(c.id(), c.replaced(now)));
    return older.size();
  }

  @Override
  public List<CodeCount> count(Instant from, Instant to, Instant now) {
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("to must be after from");
    }
    Map<List<String>, long[]> tally = new LinkedHashMap<>();
    for (CodeRow c :
        codes.where(r -> !r.createdAt().isBefore(from) && r.createdAt().isBefore(to))) {
      long[] t = tally.computeIfAbsent(List.of(c.channel(), c.purpose()), k -> new long[5]);
      t[0]++;
      if (c.attempts() >= c.maxAttempts()) {
        t[3]++;
      } else if (c.usedAt() != null) {
        t[c.usedAt().isBefore(c.expiresAt()) ? 1 : 4]++;
      } else if (!c.expiresAt().isAfter(now)) {
        t[2]++;
      }
    }
    return tally.entrySet().stream()
        .map(
            e -> {
              long[] t = e.getValue();
              return new CodeCount(
                  e.getKey().get(0), e.getKey().get(1), t[0], t[1], t[2], t[3], t[4]);
            })
        .toList();
  }

  @Override
  public boolean deleteUnused(long id) {
    return codes.get(id).filter(c -> c.usedAt() == null).isPresent() && codes.remove(id);
  }

  @Override
  public int deleteBefore(Instant cutoff, int batchSize) {
    return codes.removeWhere(
        c -> c.expiresAt().isBefore(cutoff) || (c.usedAt() != null && c.usedAt().isBefore(cutoff)),
        batchSize);
  }

  /** Counters: a window restarts at the first hit after it ended; a lock outlives the count. */
  private final class Counters implements CounterStore {
    @Override
    public CounterState increment(String key, Instant now, Duration window) {
      Instant cutoff = now.minus(window);
      CounterState next =
          counterRows
              .get(key)
              .map(
                  c ->
                      c.windowStart().isAfter(cutoff)
                          ? new CounterState(key, c.count() + 1, c.windowStart(), c.lockedUntil())
                          : new CounterState(key, 1, now, c.lockedUntil()))
              .orElseGet(() -> new CounterState(key, 1, now, null));
      counterRows.put(key, next);
      return next;
    }

    @Override
    public void prepare(Collection<String> keys, Instant now) {
      for (String key : keys) {
        if (counterRows.get(key).isEmpty()) {
          counterRows.put(key, new CounterState(key, 0, now, null));
        }
      }
    }

    @Override
    public Optional<CounterState> find(String key) {
      return counterRows.get(key);
    }

    @Override
    public void lock(String key, Instant until) {
      counterRows
          .get(key)
          .ifPresent(
              c -> counterRows.put(key, new CounterState(key, c.count(), c.windowStart(), until)));
    }

    @Override
    public void decrement(String key) {
      counterRows
          .get(key)
          .filter(c -> c.count() > 0)
          .ifPresent(
              c ->
                  counterRows.put(
                      key, new CounterState(key, c.count() - 1, c.windowStart(), c.lockedUntil())));
    }

    @Override
    public void clear(String key) {
      counterRows
          .get(key)
          .ifPresent(c -> counterRows.put(key, new CounterState(key, 0, c.windowStart(), null)));
    }

    @Override
    public void reset(String key) {
      counterRows.remove(key);
    }
  }

  /** The SMS and email logs, one table for both channels. */
  private final class Logs implements DeliveryLogStore {
    @Override
    public void record(Entry entry) {
      logs.put(ids.incrementAndGet(), entry);
    }

    @Override
    public List<DeliveryCount> count(String channel, Instant from, Instant to) {
      if (!to.isAfter(from)) {
        throw new IllegalArgumentException("to must be after from");
      }
      java.util.Map<List<Object>, Long> counts = new java.util.LinkedHashMap<>();
      for (Entry e :
          logs.where(
              e ->
                  e.channel().equals(channel)
                      && !e.createdAt().isBefore(from)
                      && e.createdAt().isBefore(to))) {
        counts.merge(List.of(e.template(), e.provider(), e.status()), 1L, Long::sum);
      }
      return counts.entrySet().stream()
          .map(
              c ->
                  new DeliveryCount(
                      (String) c.getKey().get(0),
                      (String) c.getKey().get(1),
                      (DeliveryStatus) c.getKey().get(2),
                      c.getValue()))
          .toList();
    }

    @Override
    public int deleteBefore(String channel, Instant cutoff, int batchSize) {
      return logs.removeWhere(
          e -> e.channel().equals(channel) && e.createdAt().isBefore(cutoff), batchSize);
    }
  }
}
