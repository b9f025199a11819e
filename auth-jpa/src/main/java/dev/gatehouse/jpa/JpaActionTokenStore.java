package dev.gatehouse.jpa;

import dev.gatehouse.core.store.ActionTokenStore;
import dev.gatehouse.jpa.internal.ActionTokenRow;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** JPA implementation of {@link ActionTokenStore} over the transaction's {@link EntityManager}. */
final class JpaActionTokenStore implements ActionTokenStore {
  private final EntityManager em;
  private final Runnable writing;

  JpaActionTokenStore(EntityManager em, Runnable writing) {
    this.em = em;
    this.writing = writing;
  }

  @Override
  public void add(
      UUID userId,
      String purpose,
      String tokenHash,
      String binding,
      Instant expiresAt,
      Instant now) {
    writing.run();
    em.persist(new ActionTokenRow(userId.toString(), purpose, tokenHash, binding, expiresAt, now));
  }

  @Override
  public Optional<ActionToken> findUsable(String purpose, String tokenHash, Instant now) {
    List<Object[]> rows =
        em.createQuery(
                "select t.userPublicId, t.binding, t.expiresAt from GatehouseActionToken t"
                    + " where t.tokenHash = :h and t.purpose = :p and t.usedAt is null"
                    + " and t.expiresAt > :now",
                Object[].class)
            .setParameter("h", tokenHash)
            .setParameter("p", purpose)
            .setParameter("now", now)
            .getResultList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Object[] r = rows.get(0);
    return Optional.of(
        new ActionToken(UUID.fromString((String) r[0]), purpose, (String) r[1], (Instant) r[2]));
  }

  @Override
  public boolean consume(String purpose, String tokenHash, Instant now) {
    writing.run();
    return em.createQuery(
                "update GatehouseActionToken t set t.usedAt = :now where t.tokenHash = :h"
                    + " and t.purpose = :p and t.usedAt is null and t.expiresAt > :now")
            .setParameter("now", now)
            .setParameter("h", tokenHash)
            .setParameter("p", purpose)
            .executeUpdate()
        == 1;
  }

  @Override
  public int revokeAll(UUID userId, String purpose, Instant now) {
    writing.run();
    return em.createQuery(
            "update GatehouseActionToken t set t.usedAt = :now where t.userPublicId = :u"
                + " and t.purpose = :p and t.usedAt is null")
        .setParameter("now", now)
        .setParameter("u", userId.toString())
        .setParameter("p", purpose)
        .executeUpdate();
  }

  @Override
  public int deleteBefore(Instant cutoff, int batchSize) {
    writing.run();
    List<Long> ids =
        em.createQuery(
                "select t.id from GatehouseActionToken t"
                    + " where t.expiresAt < :cutoff or t.usedAt < :cutoff order by t.id",
                Long.class)
            .setParameter("cutoff", cutoff)
            .setMaxResults(batchSize)
            .getResultList();
    if (ids.isEmpty()) {
      return 0;
    }
    return em.createQuery("delete from GatehouseActionToken t where t.id in :ids")
        .setParameter("ids", ids)
        .executeUpdate();
  }
}
