package dev.gatehouse.jpa;

import dev.gatehouse.core.store.AuditStore;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The audit trail over the library's {@code gh_audit_event} table: inserts, reads, deletes. */
final class JpaAuditStore implements AuditStore {
  private final LibrarySql sql;
  private final Runnable writing;

  JpaAuditStore(LibrarySql sql, Runnable writing) {
    this.sql = sql;
    this.writing = writing;
  }

  /**
   * {@inheritDoc}
   *
   * <p>{@linkplain LibrarySql#defer Deferred}: the entry goes with the transaction's other deferred
   * writes, in the same transaction; a read of the trail through this store sends it first.
   */
  @Override
  public void append(AuditEntry e) {
    writing.run();
    sql.defer(
        "insert into gh_audit_event (occurred_at, event, subject, actor, method, reason, detail,"
            + " network, user_agent, correlation_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        e.at(),
        e.event(),
        e.subject() == null ? null : e.subject().toString(),
        e.actor(),
        cut(e.method(), 40),
        cut(e.reason(), 60),
        cut(e.detail(), 200),
        cut(e.network(), 64),
        cut(e.userAgent(), 255),
        cut(e.correlationId(), 64));
  }

  @Override
  public List<AuditEntry> forSubject(UUID subject, int limit) {
    return sql.list(
        sql.limit(
            "select occurred_at, event, subject, actor, method, reason, detail, network,"
                + " user_agent, correlation_id from gh_audit_event where subject = ?"
                + " order by occurred_at desc, id desc",
            limit),
        r ->
            new AuditEntry(
                r.instant(1),
                r.text(2),
                r.text(3) == null ? null : UUID.fromString(r.text(3)),
                r.text(4),
                r.text(5),
                r.text(6),
                r.text(7),
                r.text(8),
                r.text(9),
                r.text(10)),
        subject.toString());
  }

  @Override
  public int deleteBefore(Instant cutoff, int limit) {
    writing.run();
    List<Long> ids =
        sql.list(
            sql.limit("select id from gh_audit_event where occurred_at < ? order by id", limit),
            r -> r.number(1),
            cutoff);
    return ids.isEmpty()
        ? 0
        : sql.update(
            "delete from gh_audit_event where id in (" + LibrarySql.marks(ids.size()) + ")",
            ids.toArray());
  }

  @Override
  public List<EventCount> count(Instant from, Instant to, Set<String> events) {
    EventCount.checkQuery(from, to, events);
    Object[] args = new Object[events.size() + 2];
    args[0] = from;
    args[1] = to;
    int i = 2;
    for (String event : events) {
      args[i++] = event;
    }
    // The range first: the index on (occurred_at, event, method) answers the whole query, a range
    // of it read, the table's rows never.
    return sql.list(
        "select event, method, count(*) from gh_audit_event where occurred_at >= ? and"
            + " occurred_at < ? and event in ("
            + LibrarySql.marks(events.size())
            + ") group by event, method",
        r -> new EventCount(r.text(1), r.text(2), r.number(3)),
        args);
  }

  private static String cut(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max);
  }
}
