package dev.gatehouse.jpa;

import dev.gatehouse.core.entity.AbstractPasskeyCredential;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.store.PasskeyStore;
import dev.gatehouse.core.store.PasskeyStore.PasskeyRecord;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * JPA implementation of {@link PasskeyStore} over the host's passkey entity. As in {@link
 * JpaSocialAccountStore}, reads select columns and changes are single statements, so no row stays
 * managed; the counter update is conditional on the counter read, so a raced use fails.
 */
final class JpaPasskeyStore implements PasskeyStore {
  private static final String COLUMNS =
      "select p.id, u.publicId, p.credentialId, p.publicKeyCose, p.signCount, p.userHandle,"
          + " p.transports, p.name, p.aaguid, p.attestationFormat, p.backupEligible, p.backedUp,"
          + " p.uvInitialized, p.createdAt, p.lastUsedAt from ";

  private final EntityManager em;
  private final EntityClasses entities;
  private final EntityNames names;
  private final JpaOwners owners;
  private final Runnable writing;

  JpaPasskeyStore(
      EntityManager em,
      EntityClasses entities,
      EntityNames names,
      Runnable writing,
      java.util.Map<java.util.UUID, dev.gatehouse.core.entity.AuthUserBase> created) {
    this.em = em;
    this.entities = entities;
    this.names = names;
    this.owners = new JpaOwners(em, entities, names, created);
    this.writing = writing;
  }

  @Override
  public Optional<PasskeyRecord> find(String credentialId) {
    return em.createQuery(
            COLUMNS + names.passkey() + " p join p.user u where p.credentialId = :cid",
            Object[].class)
        .setParameter("cid", credentialId)
        .getResultStream()
        .findFirst()
        .map(JpaPasskeyStore::record);
  }

  @Override
  public List<PasskeyRecord> listFor(UUID ownerPublicId) {
    return em
        .createQuery(
            COLUMNS + names.passkey() + " p join p.user u where u.publicId = :pid order by p.id",
            Object[].class)
        .setParameter("pid", ownerPublicId.toString())
        .getResultList()
        .stream()
        .map(JpaPasskeyStore::record)
        .toList();
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public PasskeyRecord create(PasskeyRecord r) {
    writing.run();
    AbstractPasskeyCredential p =
        EntityClasses.instantiate(entities.passkeyCredential().orElseThrow());
    p.setUser(owners.require(r.ownerPublicId()));
    p.setCredentialId(r.credentialId());
    p.setPublicKeyCose(r.publicKeyCose());
    p.setSignCount(r.signCount());
    p.setUserHandle(r.userHandle());
    p.setTransports(r.transports());
    p.setName(r.name());
    p.setAaguid(r.aaguid());
    p.setAttestationFormat(r.attestationFormat());
    p.setBackupEligible(r.backupEligible());
    p.setBackedUp(r.backedUp());
    p.setUvInitialized(r.uvInitialized());
    p.setCreatedAt(r.createdAt());
    p.setLastUsedAt(r.lastUsedAt());
    return r.withId(owners.insertDetached(p, p::getId));
  }

  @Override
  public boolean recordUse(
      long id, long expectedCount, long newCount, boolean backedUp, Instant now) {
    writing.run();
    return em.createQuery(
                "update "
                    + names.passkey()
                    + " p set p.signCount = :next, p.backedUp = :bs, p.lastUsedAt = :now"
                    + " where p.id = :id and p.signCount = :expected")
            .setParameter("next", newCount)
            .setParameter("bs", backedUp)
            .setParameter("now", now)
            .setParameter("id", id)
            .setParameter("expected", expectedCount)
            .executeUpdate()
        == 1;
  }

  @Override
  public boolean rename(UUID ownerPublicId, long id, String name) {
    writing.run();
    return em.createQuery(
                "update "
                    + names.passkey()
                    + " p set p.name = :name where p.id = :id and p.user in (select u from "
                    + names.user()
                    + " u where u.publicId = :pid)")
            .setParameter("name", name)
            .setParameter("id", id)
            .setParameter("pid", ownerPublicId.toString())
            .executeUpdate()
        == 1;
  }

  @Override
  public boolean delete(UUID ownerPublicId, long id) {
    writing.run();
    return em.createQuery(
                "delete from "
                    + names.passkey()
                    + " p where p.id = :id and p.user in (select u from "
                    + names.user()
                    + " u where u.publicId = :pid)")
            .setParameter("id", id)
            .setParameter("pid", ownerPublicId.toString())
            .executeUpdate()
        == 1;
  }

  private static PasskeyRecord record(Object[] r) {
    return new PasskeyRecord(
        (Long) r[0],
        UUID.fromString((String) r[1]),
        (String) r[2],
        (String) r[3],
        ((Number) r[4]).longValue(),
        (String) r[5],
        (String) r[6],
        (String) r[7],
        (String) r[8],
        (String) r[9],
        (Boolean) r[10],
        (Boolean) r[11],
        (Boolean) r[12],
        (Instant) r[13],
        (Instant) r[14]);
  }
}
