package dev.gatehouse.jpa;

import dev.gatehouse.core.store.SecondFactorStore;
import dev.gatehouse.jpa.internal.RecoveryCodeRow;
import dev.gatehouse.jpa.internal.TotpFactorRow;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * JPA implementation of {@link SecondFactorStore} over the transaction's {@link EntityManager}.
 * Single use rests on conditional updates: the database re-checks the condition of an update that
 * waited for a concurrent one on the same row, so exactly one of them changes it.
 */
final class JpaSecondFactorStore implements SecondFactorStore {
  private final EntityManager em;
  private final Runnable writing;

  JpaSecondFactorStore(EntityManager em, Runnable writing) {
    this.em = em;
    this.writing = writing;
  }

  @Override
  public boolean savePendingTotp(UUID userId, String sealedSecret, Instant now) {
    writing.run();
    String user = userId.toString();
    if (!em.createQuery(
            "select f.id from GatehouseTotpFactor f where f.userPublicId = :u"
                + " and f.confirmedAt is not null",
            Long.class)
        .setParameter("u", user)
        .getResultList()
        .isEmpty()) {
      return false;
    }
    em.createQuery(
            "delete from GatehouseTotpFactor f where f.userPublicId = :u and f.confirmedAt is null")
        .setParameter("u", user)
        .executeUpdate();
    em.persist(new TotpFactorRow(user, sealedSecret, now));
    em.flush();
    return true;
  }

  @Override
  public Optional<TotpFactor> totp(UUID userId) {
    List<Object[]> rows =
        em.createQuery(
                "select f.sealedSecret, f.confirmedAt, f.lastStep, f.createdAt"
                    + " from GatehouseTotpFactor f where f.userPublicId = :u",
                Object[].class)
            .setParameter("u", userId.toString())
            .getResultList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Object[] r = rows.get(0);
    return Optional.of(
        new TotpFactor(userId, (String) r[0], (Instant) r[1], (Long) r[2], (Instant) r[3]));
  }

  @Override
  public boolean confirmTotp(UUID userId, String sealedSecret, long step, Instant now) {
    writing.run();
    return em.createQuery(
                "update GatehouseTotpFactor f set f.confirmedAt = :now, f.lastStep = :step"
                    + " where f.userPublicId = :u and f.sealedSecret = :s"
                    + " and f.confirmedAt is null")
            .setParameter("now", now)
            .setParameter("step", step)
            .setParameter("u", userId.toString())
            .setParameter("s", sealedSecret)
            .executeUpdate()
        == 1;
  }

  @Override
  public boolean advanceTotpStep(UUID userId, long step) {
    writing.run();
    return em.createQuery(
                "update GatehouseTotpFactor f set f.lastStep = :step"
                    + " where f.userPublicId = :u and f.confirmedAt is not null"
                    + " and (f.lastStep is null or f.lastStep < :step)")
            .setParameter("step", step)
            .setParameter("u", userId.toString())
            .executeUpdate()
        == 1;
  }

  @Override
  public boolean deleteTotp(UUID userId) {
    writing.run();
    return em.createQuery("delete from GatehouseTotpFactor f where f.userPublicId = :u")
            .setParameter("u", userId.toString())
            .executeUpdate()
        > 0;
  }

  @Override
  public void replaceRecoveryCodes(UUID userId, List<String> codeHashes, Instant now) {
    deleteRecoveryCodes(userId);
    String user = userId.toString();
    for (String hash : codeHashes) {
      em.persist(new RecoveryCodeRow(user, hash, now));
    }
    em.flush();
  }

  @Override
  public boolean useRecoveryCode(UUID userId, String codeHash, Instant now) {
    writing.run();
    return em.createQuery(
                "update GatehouseRecoveryCode c set c.usedAt = :now where c.codeHash = :h"
                    + " and c.userPublicId = :u and c.usedAt is null")
            .setParameter("now", now)
            .setParameter("h", codeHash)
            .setParameter("u", userId.toString())
            .executeUpdate()
        == 1;
  }

  @Override
  public int unusedRecoveryCodes(UUID userId) {
    return em.createQuery(
            "select count(c) from GatehouseRecoveryCode c where c.userPublicId = :u"
                + " and c.usedAt is null",
            Long.class)
        .setParameter("u", userId.toString())
        .getSingleResult()
        .intValue();
  }

  @Override
  public int deleteRecoveryCodes(UUID userId) {
    writing.run();
    return em.createQuery("delete from GatehouseRecoveryCode c where c.userPublicId = :u")
        .setParameter("u", userId.toString())
        .executeUpdate();
  }
}
