package dev.gatehouse.jpa;

import dev.gatehouse.core.entity.AbstractOtpCode;
import dev.gatehouse.core.entity.AuthUserBase;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.store.OtpCodeStore;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One-time codes in the host's code table, in one transaction's entity manager. */
final class JpaOtpCodeStore implements OtpCodeStore {
  private final EntityManager em;
  private final EntityClasses entities;
  private final EntityNames names;
  private final Runnable writing;

  JpaOtpCodeStore(EntityManager em, EntityClasses entities, EntityNames names, Runnable writing) {
    this.em = em;
    this.entities = entities;
    this.names = names;
    this.writing = writing;
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public long create(NewOtpCode c) {
    writing.run();
    AbstractOtpCode row = EntityClasses.instantiate(entities.otpCode());
    if (c.ownerPublicId() != null) {
      // The host's code class is declared with its own user class, which this user is.
      em.createQuery(
              "select u from " + names.user() + " u where u.publicId = :p", AuthUserBase.class)
          .setParameter("p", c.ownerPublicId().toString())
          .getResultStream()
          .findFirst()
          .ifPresent(row::setUser);
    }
    row.setChannel(c.channel());
    row.setDestination(c.destination());
    row.setPurpose(c.purpose());
    row.setCodeHash(c.codeHash());
    row.setExpiresAt(c.expiresAt());
    row.setMaxAttempts(c.maxAttempts());
    row.setAttempts(0);
    row.setLastSentAt(c.createdAt());
    row.setCreatedAt(c.createdAt());
    em.persist(row);
    return row.getId();
  }

  @Override
  public Optional<OtpCode> latest(String destination, String channel, String purpose) {
    return em.createQuery(
            "select o from "
                + names.otpCode()
                + " o where o.destination = :d and o.channel = :c and o.purpose = :p"
                + " order by o.id desc",
            AbstractOtpCode.class)
        .setParameter("d", destination)
        .setParameter("c", channel)
        .setParameter("p", purpose)
        .setMaxResults(1)
        .getResultStream()
        .findFirst()
        .map(JpaOtpCodeStore::value);
  }

  private static OtpCode value(AbstractOtpCode<?> row) {
    return new OtpCode(
        row.getId(),
        row.getCodeHash(),
        row.getExpiresAt(),
        row.getUsedAt(),
        row.getAttempts(),
        row.getMaxAttempts(),
        row.getLastSentAt());
  }

  @Override
  public boolean consume(long id, Instant now) {
    writing.run();
    return em.createQuery(
                "update "
                    + names.otpCode()
                    + " o set o.usedAt = :now where o.id = :id and o.usedAt is null"
                    + " and o.expiresAt > :now and o.attempts < o.maxAttempts")
            .setParameter("now", now)
            .setParameter("id", id)
            .executeUpdate()
        == 1;
  }

  @Override
  public int recordFailure(long id, Instant now) {
    writing.run();
    em.createQuery(
            "update " + names.otpCode() + " o set o.attempts = o.attempts + 1 where o.id = :id")
        .setParameter("id", id)
        .executeUpdate();
    // Burn the code in the same transaction once it reaches its cap.
    em.createQuery(
            "update "
                + names.otpCode()
                + " o set o.usedAt = :now where o.id = :id and o.usedAt is null"
                + " and o.attempts >= o.maxAttempts")
        .setParameter("id", id)
        .setParameter("now", now)
        .executeUpdate();
    return em.createQuery(
            "select o.attempts from " + names.otpCode() + " o where o.id = :id", Integer.class)
        .setParameter("id", id)
        .getSingleResult();
  }

  @Override
  public int invalidateOlder(long id, Instant now) {
    writing.run();
    List<Object[]> binding =
        em.createQuery(
                "select c.destination, c.channel, c.purpose from "
                    + names.otpCode()
                    + " c where c.id = :id",
                Object[].class)
            .setParameter("id", id)
            .getResultList();
    if (binding.isEmpty()) {
      return 0;
    }
    Object[] b = binding.get(0);
    return em.createQuery(
            "update "
                + names.otpCode()
                + " o set o.usedAt = :now, o.expiresAt = :now where o.destination = :d"
                + " and o.channel = :c"
                + " and o.purpose = :p and o.usedAt is null and o.id < :id")
        .setParameter("now", now)
        .setParameter("d", b[0])
        .setParameter("c", b[1])
        .setParameter("p", b[2])
        .setParameter("id", id)
        .executeUpdate();
  }

  @Override
  public List<CodeCount> count(Instant from, Instant to, Instant now) {
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("to must be after from");
    }
    // One grouped read of the creation-time index's range; each outcome a sum over the same rows.
    String burned = "o.attempts >= o.maxAttempts";
    return em.createQuery(
            "select o.channel, o.purpose, count(o),"
                + " sum(case when not ("
                + burned
                + ") and o.usedAt is not null and o.usedAt < o.expiresAt then 1 else 0 end),"
                + " sum(case when not ("
                + burned
                + ") and o.usedAt is null and o.expiresAt <= :now then 1 else 0 end),"
                + " sum(case when "
                + burned
                + " then 1 else 0 end),"
                + " sum(case when not ("
                + burned
                + ") and o.usedAt is not null and o.usedAt >= o.expiresAt then 1 else 0 end)"
                + " from "
                + names.otpCode()
                + " o where o.createdAt >= :from and o.createdAt < :to"
                + " group by o.channel, o.purpose",
            Object[].class)
        .setParameter("from", from)
        .setParameter("to", to)
        .setParameter("now", now)
        .getResultStream()
        .map(
            r ->
                new CodeCount(
                    (String) r[0],
                    (String) r[1],
                    ((Number) r[2]).longValue(),
                    ((Number) r[3]).longValue(),
                    ((Number) r[4]).longValue(),
                    ((Number) r[5]).longValue(),
                    ((Number) r[6]).longValue()))
        .toList();
  }

  @Override
  public boolean deleteUnused(long id) {
    writing.run();
    return em.createQuery(
                "delete from " + names.otpCode() + " c where c.id = :id and c.usedAt is null")
            .setParameter("id", id)
            .executeUpdate()
        == 1;
  }

  @Override
  public int deleteBefore(Instant cutoff, int batchSize) {
    writing.run();
    List<Long> ids =
        em.createQuery(
                "select o.id from "
                    + names.otpCode()
                    + " o where o.expiresAt < :cutoff or o.usedAt < :cutoff order by o.id",
                Long.class)
            .setParameter("cutoff", cutoff)
            .setMaxResults(batchSize)
            .getResultList();
    if (ids.isEmpty()) {
      return 0;
    }
    return em.createQuery("delete from " + names.otpCode() + " o where o.id in :ids")
        .setParameter("ids", ids)
        .executeUpdate();
  }
}
