package dev.gatehouse.testing;

import dev.gatehouse.core.store.AuditStore;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.core.store.AuditStore.EventCount;
import dev.gatehouse.core.store.OutboxStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/** The outbox of messages to send, and the audit trail, in memory. */
final class MemoryOutbox implements OutboxStore {
  private static final int MAX_ERROR = 500;

  private final MemoryTable<Long, Row> rows;
  private final MemoryTable<Long, AuditEntry> events;
  private final AtomicLong ids = new AtomicLong();
  private final Audit audit = new Audit();

  MemoryOutbox(InMemoryAuthStore store) {
    this.rows = new MemoryTable<>(store);
    this.events = new MemoryTable<>(store);
  }

  AuditStore audit() {
    return audit;
  }

  /** Every entry, oldest first, its payload {@code null} once settled. */
  List<InMemoryAuthStore.OutboxEntry> entries() {
    return rows.where(r -> true).stream()
        .map(
            r ->
                new InMemoryAuthStore.OutboxEntry(
                    r.id(),
                    r.message().channel(),
                    r.message().purpose(),
                    r.status().name(),
                    r.message().maskedDestination(),
                    r.message().loggedText(),
                    r.message().sealedPayload().length == 0
                        ? null
                        : r.message().sealedPayload().clone(),
                    r.attempts(),
                    r.message().priority()))
        .toList();
  }

  private enum Status {
    PENDING,
    SENDING,
    SENT,
    FAILED
  }

  /** A message as stored; the payload is gone once the message is settled. */
  private record Row(
      long id,
      NewOutboxMessage message,
      Status status,
      int attempts,
      Instant nextAttemptAt,
      @Nullable String claim,
      @Nullable Instant claimedUntil,
      @Nullable Instant settledAt,
      @Nullable String lastError) {
    boolean claimable(Instant now) {
      return (status == Status.PENDING && !nextAttemptAt.isAfter(now))
          || (status == Status.SENDING && claimedUntil != null && claimedUntil.isBefore(now));
    }

    boolean unsettled() {
      return status == Status.PENDING || status == Status.SENDING;
    }

    boolean claimedBy(String claim) {
      return status == Status.SENDING && claim.equals(this.claim);
    }

    Row with(
        Status status,
        int attempts,
        Instant nextAttemptAt,
        @Nullable String claim,
        @Nullable Instant claimedUntil,
        @Nullable Instant settledAt,
        @Nullable String lastError) {
      return new Row(
          id, message, status, attempts, nextAttemptAt, claim, claimedUntil, settledAt, lastError);
    }
  }

  @Override
  public long enqueue(NewOutboxMessage message) {
    long id = ids.incrementAndGet();
    rows.put(
        id, new Row(id, message, Status.PENDING, 0, message.createdAt(), null, null, null, null));
    return id;
  }

  @Override
  public List<Long> due(Instant now, int limit, Priority lowest) {
    return rows
        .where(
            r ->
                r.message().priority().rank() <= lowest.rank()
                    && r.claimable(now)
                    && firstOfItsKey(r))
        .stream()
        .sorted(DUE_ORDER)
        .limit(limit)
        .map(Row::id)
        .toList();
  }

  /** Interactive first, then the earliest due, then the oldest: the order of the table's index. */
  private static final Comparator<Row> DUE_ORDER =
      Comparator.<Row>comparingInt(r -> r.message().priority().rank())
          .thenComparing(Row::nextAttemptAt)
          .thenComparingLong(Row::id);

  /** An entry of a module's channel waits for the earlier ones of its channel and key. */
  private boolean firstOfItsKey(Row r) {
    if (OutboxStore.CORE_CHANNELS.contains(r.message().channel())) {
      return true;
    }
    return rows.first(
            e ->
                e.id() < r.id()
                    && e.message().channel().equals(r.message().channel())
                    && e.message().maskedDestination().equals(r.message().maskedDestination())
                    && e.unsettled())
        .isEmpty();
  }

  @Override
  public Optional<OutboxMessage> claim(long id, String claim, Instant now, Instant leaseUntil) {
    Optional<Row> found = rows.get(id).filter(r -> r.claimable(now));
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Row r = found.get();
    Row claimed =
        r.with(
            Status.SENDING,
            r.attempts() + 1,
            r.nextAttemptAt(),
            claim,
            leaseUntil,
            null,
            r.lastError());
    rows.put(id, claimed);
    NewOutboxMessage m = r.message();
    return Optional.of(
        new OutboxMessage(
            id,
            claim,
            m.channel(),
            m.purpose(),
            m.maskedDestination(),
            m.loggedText(),
            m.sealedPayload().clone(),
            m.otpCodeId(),
            m.releaseKey(),
            claimed.attempts(),
            m.maxAttempts()));
  }

  @Override
  public boolean markSent(long id, String claim, Instant at) {
    return settle(id, claim, Status.SENT, at, null);
  }

  @Override
  public boolean markFailed(long id, String claim, Instant at, String error) {
    return settle(id, claim, Status.FAILED, at, error);
  }

  private boolean settle(long id, String claim, Status status, Instant at, @Nullable String error) {
    Optional<Row> found = rows.get(id).filter(r -> r.claimedBy(claim));
    found.ifPresent(
        r -> {
          NewOutboxMessage m = r.message();
          // The payload goes with the settling, as the table's column is nulled.
          NewOutboxMessage spent =
              new NewOutboxMessage(
                  m.channel(),
                  m.purpose(),
                  m.maskedDestination(),
                  m.loggedText(),
                  new byte[0],
                  m.otpCodeId(),
                  m.releaseKey(),
                  m.maxAttempts(),
                  m.createdAt(),
                  m.priority());
          rows.put(
              id,
              new Row(
                  id,
                  spent,
                  status,
                  r.attempts(),
                  r.nextAttemptAt(),
                  null,
                  null,
                  at,
                  truncate(error)));
        });
    return found.isPresent();
  }

  @Override
  public boolean retryLater(long id, String claim, Instant nextAttemptAt, String error) {
    Optional<Row> found = rows.get(id).filter(r -> r.claimedBy(claim));
    found.ifPresent(
        r ->
            rows.put(
                id,
                r.with(
                    Status.PENDING,
                    r.attempts(),
                    nextAttemptAt,
                    null,
                    null,
                    null,
                    truncate(error))));
    return found.isPresent();
  }

  @Override
  public int deleteSettledBefore(Instant cutoff, int batchSize) {
    return rows.removeWhere(
        r -> !r.unsettled() && r.settledAt() != null && r.settledAt().isBefore(cutoff), batchSize);
  }

  @Override
  public long countUnsettled() {
    return rows.where(Row::unsettled).size();
  }

  @Override
  public ChannelCounts countModuleChannels() {
    return new ChannelCounts(
        rows.where(r -> !OutboxStore.CORE_CHANNELS.contains(r.message().channel()) && r.unsettled())
            .size(),
        rows.where(
                r ->
                    !OutboxStore.CORE_CHANNELS.contains(r.message().channel())
                        && r.status() == Status.FAILED)
            .size());
  }

  @Override
  public Optional<Instant> oldestUnsettled() {
    return rows.where(Row::unsettled).stream()
        .map(r -> r.message().createdAt())
        .min(Comparator.naturalOrder());
  }

  private static @Nullable String truncate(@Nullable String error) {
    return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
  }

  /** The audit trail: newest first per subject. */
  private final class Audit implements AuditStore {
    @Override
    public void append(AuditEntry entry) {
      events.put(ids.incrementAndGet(), entry);
    }

    @Override
    public List<AuditEntry> forSubject(UUID subject, int limit) {
      List<AuditEntry> found = events.where(e -> subject.equals(e.subject()));
      // Newest first, the later-written first among equal instants (the table's id order).
      java.util.Collections.reverse(found);
      found.sort(Comparator.comparing(AuditEntry::at).reversed());
      return List.copyOf(found.subList(0, Math.min(limit, found.size())));
    }

    @Override
    public int deleteBefore(Instant cutoff, int limit) {
      return events.removeWhere(e -> e.at().isBefore(cutoff), limit);
    }

    @Override
    public List<EventCount> count(Instant from, Instant to, Set<String> names) {
      EventCount.checkQuery(from, to, names);
      Map<List<String>, Long> counts = new HashMap<>();
      for (AuditEntry e :
          events.where(
              e -> !e.at().isBefore(from) && e.at().isBefore(to) && names.contains(e.event()))) {
        counts.merge(Arrays.asList(e.event(), e.method()), 1L, Long::sum);
      }
      List<EventCount> found = new ArrayList<>();
      counts.forEach((k, n) -> found.add(new EventCount(k.get(0), k.get(1), n)));
      return found;
    }
  }
}
