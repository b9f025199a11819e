package dev.gatehouse.jpa;

import dev.gatehouse.core.store.OutboxStore;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** The outbox over the library's {@code gh_outbox} table. */
final class JpaOutboxStore implements OutboxStore {
  private static final int MAX_ERROR = 500;
  private static final String PENDING = "PENDING";
  private static final String SENDING = "SENDING";
  private static final String SENT = "SENT";
  private static final String FAILED = "FAILED";

  /**
   * A message a dispatcher may claim at the time bound twice: pending and due, or claimed by a
   * dispatcher whose lease ran out.
   */
  private static final String CLAIMABLE =
      "((status = '"
          + PENDING
          + "' and next_attempt_at <= ?) or (status = '"
          + SENDING
          + "' and claimed_until < ?))";

  /** The core's channels, as SQL: {@code ('email', 'sms', ...)}. */
  private static final String CORE_CHANNELS =
      OutboxStore.CORE_CHANNELS.stream()
          .sorted()
          .map(c -> "'" + c + "'")
          .collect(java.util.stream.Collectors.joining(", ", "(", ")"));

  /**
   * An entry of a module's channel waits until every earlier entry of its channel and key is
   * settled, so a journal's destination sees one account's changes in the order they were made (the
   * core's messages are not ordered).
   */
  private static final String FIRST_OF_ITS_KEY =
      "(o.channel in "
          + CORE_CHANNELS
          + " or not exists (select 1 from gh_outbox e where e.channel = o.channel"
          + " and e.masked_destination = o.masked_destination and e.id < o.id and"
          + " e.status in ('"
          + PENDING
          + "', '"
          + SENDING
          + "')))";

  private static final String UNSETTLED = "status in ('" + PENDING + "', '" + SENDING + "')";

  private final LibrarySql sql;
  private final Runnable writing;

  JpaOutboxStore(LibrarySql sql, Runnable writing) {
    this.sql = sql;
    this.writing = writing;
  }

  @Override
  public long enqueue(NewOutboxMessage m) {
    writing.run();
    return sql.insertReturningId(
        "insert into gh_outbox (channel, purpose, masked_destination, logged_text, payload,"
            + " otp_code_id, release_key, status, attempts, max_attempts, next_attempt_at,"
            + " created_at, priority) values (?, ?, ?, ?, ?, ?, ?, '"
            + PENDING
            + "', 0, ?, ?, ?, ?)",
        m.channel(),
        m.purpose(),
        m.maskedDestination(),
        m.loggedText(),
        Base64.getEncoder().encodeToString(m.sealedPayload()),
        m.otpCodeId(),
        m.releaseKey(),
        m.maxAttempts(),
        m.createdAt(),
        m.createdAt(),
        m.priority().rank());
  }

  @Override
  public List<Long> due(Instant now, int limit, Priority lowest) {
    // ix_gh_outbox_due_priority (status, priority, next_attempt_at) finds the interactive messages
    // alone without reading the others: the leading "status in" (implied by CLAIMABLE) is what
    // lets H2 use the index past CLAIMABLE's "or"; PostgreSQL and MariaDB use it either way.
    return sql.list(
        sql.limit(
            "select id from gh_outbox o where o."
                + UNSETTLED
                + " and o.priority <= ? and "
                + CLAIMABLE
                + " and "
                + FIRST_OF_ITS_KEY
                + " order by o.priority, o.next_attempt_at, o.id",
            limit),
        r -> r.number(1),
        lowest.rank(),
        now,
        now);
  }

  @Override
  public Optional<OutboxMessage> claim(long id, String claim, Instant now, Instant leaseUntil) {
    writing.run();
    int claimed =
        sql.update(
            "update gh_outbox set status = '"
                + SENDING
                + "', claim_token = ?, claimed_until = ?, attempts = attempts + 1"
                + " where id = ? and "
                + CLAIMABLE,
            claim,
            leaseUntil,
            id,
            now,
            now);
    if (claimed != 1) {
      return Optional.empty();
    }
    return sql.first(
        "select channel, purpose, masked_destination, logged_text, payload, otp_code_id,"
            + " release_key, attempts, max_attempts from gh_outbox where id = ?",
        r -> {
          String payload = r.text(5);
          return new OutboxMessage(
              id,
              claim,
              r.text(1),
              r.text(2),
              r.text(3),
              r.text(4),
              payload == null ? new byte[0] : Base64.getDecoder().decode(payload),
              r.number(6),
              r.text(7),
              r.integer(8),
              r.integer(9));
        },
        id);
  }

  @Override
  public boolean markSent(long id, String claim, Instant at) {
    writing.run();
    return settle(id, claim, SENT, at, null);
  }

  @Override
  public boolean markFailed(long id, String claim, Instant at, String error) {
    writing.run();
    return settle(id, claim, FAILED, at, error);
  }

  private boolean settle(long id, String claim, String status, Instant at, String error) {
    return sql.update(
            "update gh_outbox set status = ?, payload = null, settled_at = ?, claim_token = null,"
                + " claimed_until = null, last_error = ? where id = ? and claim_token = ?"
                + " and status = '"
                + SENDING
                + "'",
            status,
            at,
            truncate(error),
            id,
            claim)
        == 1;
  }

  @Override
  public boolean retryLater(long id, String claim, Instant nextAttemptAt, String error) {
    writing.run();
    return sql.update(
            "update gh_outbox set status = '"
                + PENDING
                + "', next_attempt_at = ?, claim_token = null, claimed_until = null,"
                + " last_error = ? where id = ? and claim_token = ? and status = '"
                + SENDING
                + "'",
            nextAttemptAt,
            truncate(error),
            id,
            claim)
        == 1;
  }

  @Override
  public int deleteSettledBefore(Instant cutoff, int batchSize) {
    writing.run();
    List<Long> ids =
        sql.list(
            sql.limit(
                "select id from gh_outbox where status in ('"
                    + SENT
                    + "', '"
                    + FAILED
                    + "') and settled_at < ? order by id",
                batchSize),
            r -> r.number(1),
            cutoff);
    return ids.isEmpty()
        ? 0
        : sql.update(
            "delete from gh_outbox where id in (" + LibrarySql.marks(ids.size()) + ")",
            ids.toArray());
  }

  @Override
  public long countUnsettled() {
    return sql.number("select count(*) from gh_outbox where " + UNSETTLED);
  }

  @Override
  public ChannelCounts countModuleChannels() {
    String modules = "select count(*) from gh_outbox where channel not in " + CORE_CHANNELS;
    return new ChannelCounts(
        sql.number(modules + " and " + UNSETTLED),
        sql.number(modules + " and status = '" + FAILED + "'"));
  }

  @Override
  public Optional<Instant> oldestUnsettled() {
    return sql.first("select min(created_at) from gh_outbox where " + UNSETTLED, r -> r.instant(1));
  }

  private static String truncate(String error) {
    return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
  }
}
