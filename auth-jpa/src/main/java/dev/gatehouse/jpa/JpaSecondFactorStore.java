package dev.gatehouse.jpa;

import dev.gatehouse.core.store.SecondFactorStore;
import dev.gatehouse.jpa.internal.RecoveryCodeRow;
import dev.gatehouse.jpa.internal.RememberedDeviceRow;
import dev.gatehouse.jpa.internal.TotpFactorRow;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import java.util.UUID;
import org.hibernate.Session;

/**
 * JPA implementation of {@link SecondFactorStore} over the transaction's {@link EntityManager}.
 * Single use rests on conditional updates: the database re-checks the condition of an update that
 * waited for a concurrent one on the same row, so exactly one of them changes it.
 */
final class JpaSecondFactorStore implements SecondFactorStore {
  private final EntityManager em;
  private final Runnable writing;
  private final JdbcTotpRead totpRead;

  JpaSecondFactorStore(EntityManager em, Runnable writing, JdbcTotpRead totpRead) {
    this.em = em;
    this.writing = writing;
    this.totpRead = totpRead;
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
    // A plain statement: every password login of an account reads it (see JdbcTotpRead).
    return totpRead.totp(em, userId);
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

  @Override
  public void rememberDevice(
      UUID userId, String tokenHash, String label, Instant expiresAt, Instant now) {
    writing.run();
    em.persist(new RememberedDeviceRow(userId.toString(), tokenHash, label, expiresAt, now));
    em.flush();
  }

  private static final String DEVICE_COLUMNS =
      "select d.id, d.userPublicId, d.label, d.createdAt, d.lastUsedAt, d.expiresAt, d.revokedAt"
          + " from GatehouseRememberedDevice d ";

  @Override
  public Optional<RememberedDevice> rememberedDevice(String tokenHash) {
    return em
        .createQuery(DEVICE_COLUMNS + "where d.tokenHash = :h", Object[].class)
        .setParameter("h", tokenHash)
        .getResultList()
        .stream()
        .findFirst()
        .map(JpaSecondFactorStore::device);
  }

  @Override
  public List<RememberedDevice> rememberedDevices(UUID userId, Instant now) {
    List<RememberedDevice> out = new ArrayList<>();
    for (Object[] r :
        em.createQuery(
                DEVICE_COLUMNS
                    + "where d.userPublicId = :u and d.revokedAt is null and d.expiresAt > :now"
                    + " order by d.createdAt desc, d.id desc",
                Object[].class)
            .setParameter("u", userId.toString())
            .setParameter("now", now)
            .getResultList()) {
      out.add(device(r));
    }
    return out;
  }

  private static RememberedDevice device(Object[] r) {
    return new RememberedDevice(
        (Long) r[0],
        UUID.fromString((String) r[1]),
        (String) r[2],
        (Instant) r[3],
        (Instant) r[4],
        (Instant) r[5],
        (Instant) r[6]);
  }

  @Override
  public void rememberedDeviceUsed(long id, Instant now) {
    writing.run();
    em.createQuery("update GatehouseRememberedDevice d set d.lastUsedAt = :now where d.id = :id")
        .setParameter("now", now)
        .setParameter("id", id)
        .executeUpdate();
  }

  @Override
  public int revokeRememberedDevices(UUID userId, Long id, Instant now) {
    writing.run();
    String jpql =
        "update GatehouseRememberedDevice d set d.revokedAt = :now"
            + " where d.userPublicId = :u and d.revokedAt is null"
            + (id == null ? "" : " and d.id = :id");
    var q = em.createQuery(jpql).setParameter("now", now).setParameter("u", userId.toString());
    if (id != null) {
      q.setParameter("id", id);
    }
    return q.executeUpdate();
  }

  @Override
  public Instant secondFactorPolicySince(UUID userId, Instant now) {
    String user = userId.toString();
    Optional<Instant> since = policySince(user);
    if (since.isPresent()) {
      return since.get();
    }
    writing.run();
    if (insertPolicyRow(user, now)) {
      return now;
    }
    // A concurrent first login of the same account created the row first. Under a snapshot that
    // began before its commit (MariaDB's repeatable read) the row stays invisible here; both
    // moments are this same instant of contention, so "now" is the answer then.
    return policySince(user).orElse(now);
  }

  private Optional<Instant> policySince(String user) {
    return em.createQuery(
            "select p.appliesSince from GatehouseMfaPolicy p where p.userPublicId = :u",
            Instant.class)
        .setParameter("u", user)
        .getResultStream()
        .findFirst();
  }

  /**
   * Inserts the account's policy row behind a savepoint, so that a concurrent first login's row (a
   * duplicate key) rolls back only the savepoint: PostgreSQL would otherwise abort the whole
   * transaction, the host's own when Gatehouse joined it, and the login would fail.
   *
   * @return whether this call created the row
   */
  private boolean insertPolicyRow(String user, Instant now) {
    em.flush();
    return em.unwrap(Session.class)
        .doReturningWork(
            connection -> {
              Savepoint savepoint = connection.setSavepoint();
              try (PreparedStatement insert =
                  connection.prepareStatement(
                      "insert into gh_mfa_policy (user_public_id, applies_since) values (?, ?)")) {
                insert.setString(1, user);
                insert.setTimestamp(
                    2, Timestamp.from(now), Calendar.getInstance(TimeZone.getTimeZone("UTC")));
                insert.executeUpdate();
                connection.releaseSavepoint(savepoint);
                return true;
              } catch (SQLException e) {
                connection.rollback(savepoint);
                // Class 23 is an integrity violation: the concurrent login's row. Anything else (a
                // lock timeout, a lost connection) is a real failure.
                if (e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                  throw e;
                }
                return false;
              }
            });
  }
}
