package dev.gatehouse.jpa;

import dev.gatehouse.core.store.OutboxStore;
import dev.gatehouse.jpa.internal.OutboxRow;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** The outbox over the library's {@code gh_outbox} table, in one transaction's entity manager. */
final class JpaOutboxStore implements OutboxStore {
  private static final int MAX_ERROR = 500;
  private final EntityManager em;
  private final Runnable writing;

  JpaOutboxStore(EntityManager em, Runnable writing) {
    this.em = em;
    this.writing = writing;
  }

  @Override
  public long enqueue(NewOutboxMessage m) {
    writing.run();
    OutboxRow row =
        new OutboxRow(
            m.channel(),
            m.purpose(),
            m.maskedDestination(),
            m.loggedText(),
            Base64.getEncoder().encodeToString(m.sealedPayload()),
            m.otpCodeId(),
            m.releaseKey(),
            m.maxAttempts(),
            m.createdAt());
    em.persist(row);
    return row.getId();
  }

  @Override
  public List<Long> due(Instant now, int limit) {
    return em.createQuery(
            "select o.id from GatehouseOutbox o where (o.status = :pending and o.nextAttemptAt <= :now)"
                + " or (o.status = :sending and o.claimedUntil < :now) order by o.id",
            Long.class)
        .setParameter("pending", OutboxRow.PENDING)
        .setParameter("sending", OutboxRow.SENDING)
        .setParameter("now", now)
        .setMaxResults(limit)
        .getResultList();
  }

  @Override
  public Optional<OutboxMessage> claim(long id, String claim, Instant now, Instant leaseUntil) {
    writing.run();
    int claimed =
        em.createQuery(
                "update GatehouseOutbox o set o.status = :sending, o.claimToken = :claim,"
                    + " o.claimedUntil = :lease, o.attempts = o.attempts + 1 where o.id = :id and"
                    + " ((o.status = :pending and o.nextAttemptAt <= :now)"
                    + " or (o.status = :sending and o.claimedUntil < :now))")
            .setParameter("sending", OutboxRow.SENDING)
            .setParameter("pending", OutboxRow.PENDING)
            .setParameter("claim", claim)
            .setParameter("lease", leaseUntil)
            .setParameter("now", now)
            .setParameter("id", id)
            .executeUpdate();
    if (claimed != 1) {
      return Optional.empty();
    }
    OutboxRow row = em.find(OutboxRow.class, id);
    return Optional.of(
        new OutboxMessage(
            id,
            claim,
            row.getChannel(),
            row.getPurpose(),
            row.getMaskedDestination(),
            row.getLoggedText(),
            row.getPayload() == null ? new byte[0] : Base64.getDecoder().decode(row.getPayload()),
            row.getOtpCodeId(),
            row.getReleaseKey(),
            row.getAttempts(),
            row.getMaxAttempts()));
  }

  @Override
  public boolean markSent(long id, String claim, Instant at) {
    writing.run();
    return settle(id, claim, OutboxRow.SENT, at, null);
  }

  @Override
  public boolean markFailed(long id, String claim, Instant at, String error) {
    writing.run();
    return settle(id, claim, OutboxRow.FAILED, at, error);
  }

  private boolean settle(long id, String claim, String status, Instant at, String error) {
    return em.createQuery(
                "update GatehouseOutbox o set o.status = :status, o.payload = null,"
                    + " o.settledAt = :at, o.claimToken = null, o.claimedUntil = null,"
                    + " o.lastError = :error where o.id = :id and o.claimToken = :claim"
                    + " and o.status = :sending")
            .setParameter("status", status)
            .setParameter("at", at)
            .setParameter("error", truncate(error))
            .setParameter("id", id)
            .setParameter("claim", claim)
            .setParameter("sending", OutboxRow.SENDING)
            .executeUpdate()
        == 1;
  }

  @Override
  public boolean retryLater(long id, String claim, Instant nextAttemptAt, String error) {
    writing.run();
    return em.createQuery(
                "update GatehouseOutbox o set o.status = :pending, o.nextAttemptAt = :next,"
                    + " o.claimToken = null, o.claimedUntil = null, o.lastError = :error"
                    + " where o.id = :id and o.claimToken = :claim and o.status = :sending")
            .setParameter("pending", OutboxRow.PENDING)
            .setParameter("next", nextAttemptAt)
            .setParameter("error", truncate(error))
            .setParameter("id", id)
            .setParameter("claim", claim)
            .setParameter("sending", OutboxRow.SENDING)
            .executeUpdate()
        == 1;
  }

  @Override
  public int deleteSettledBefore(Instant cutoff, int batchSize) {
    writing.run();
    List<Long> ids =
        em.createQuery(
                "select o.id from GatehouseOutbox o where o.status in (:sent, :failed)"
                    + " and o.settledAt < :cutoff order by o.id",
                Long.class)
            .setParameter("sent", OutboxRow.SENT)
            .setParameter("failed", OutboxRow.FAILED)
            .setParameter("cutoff", cutoff)
            .setMaxResults(batchSize)
            .getResultList();
    if (ids.isEmpty()) {
      return 0;
    }
    return em.createQuery("delete from GatehouseOutbox o where o.id in :ids")
        .setParameter("ids", ids)
        .executeUpdate();
  }

  @Override
  public long countUnsettled() {
    return em.createQuery(
            "select count(o) from GatehouseOutbox o where o.status in (:pending, :sending)",
            Long.class)
        .setParameter("pending", OutboxRow.PENDING)
        .setParameter("sending", OutboxRow.SENDING)
        .getSingleResult();
  }

  @Override
  public Optional<Instant> oldestUnsettled() {
    return Optional.ofNullable(
        em.createQuery(
                "select min(o.createdAt) from GatehouseOutbox o"
                    + " where o.status in (:pending, :sending)",
                Instant.class)
            .setParameter("pending", OutboxRow.PENDING)
            .setParameter("sending", OutboxRow.SENDING)
            .getSingleResult());
  }

  private static String truncate(String error) {
    return error == null || error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR);
  }
}
