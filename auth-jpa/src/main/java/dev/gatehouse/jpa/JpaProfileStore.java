package dev.gatehouse.jpa;

import dev.gatehouse.core.entity.AbstractAuthProfile;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.store.ProfileStore;
import dev.gatehouse.core.store.ProfileStore.Person;
import dev.gatehouse.core.store.ProfileStore.ProfileRecord;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * JPA implementation of {@link ProfileStore} over the host's profile entity. Reads select columns,
 * not entities, and changes are single statements, so no profile stays managed: a value handed out
 * is never changed behind the caller's back, and bulk updates never meet a stale managed copy.
 */
final class JpaProfileStore implements ProfileStore {
  private static final String COLUMNS =
      "select p.id, p.role, p.label, p.settingsJson, p.active, p.defaultProfile, p.createdAt,"
          + " p.modifiedAt, p.firstName, p.lastName1, p.lastName2, p.birthday, p.gender, p.picture"
          + " from ";

  private final EntityManager em;
  private final EntityClasses entities;
  private final EntityNames names;
  private final JpaOwners owners;
  private final Runnable writing;

  /**
   * @param writing called before every write, so the transaction knows it wrote
   * @param created the users created in this transaction, by public id
   */
  JpaProfileStore(
      EntityManager em,
      EntityClasses entities,
      EntityNames names,
      Runnable writing,
      java.util.Map<UUID, dev.gatehouse.core.entity.AuthUserBase> created) {
    this.em = em;
    this.entities = entities;
    this.names = names;
    this.owners = new JpaOwners(em, entities, names, created);
    this.writing = writing;
  }

  @Override
  public List<ProfileRecord> list(UUID ownerPublicId) {
    return em
        .createQuery(
            COLUMNS + names.profile() + " p where p.user.publicId = :pid order by p.id",
            Object[].class)
        .setParameter("pid", ownerPublicId.toString())
        .getResultList()
        .stream()
        .map(row -> record(ownerPublicId, row))
        .toList();
  }

  @Override
  public Optional<ProfileRecord> find(UUID ownerPublicId, long profileId) {
    return em.createQuery(
            COLUMNS + names.profile() + " p where p.id = :id and p.user.publicId = :pid",
            Object[].class)
        .setParameter("id", profileId)
        .setParameter("pid", ownerPublicId.toString())
        .getResultStream()
        .findFirst()
        .map(row -> record(ownerPublicId, row));
  }

  @Override
  public Optional<ProfileRecord> findDefault(UUID ownerPublicId) {
    return em.createQuery(
            COLUMNS
                + names.profile()
                + " p where p.user.publicId = :pid and p.defaultProfile = true order by p.id",
            Object[].class)
        .setParameter("pid", ownerPublicId.toString())
        .setMaxResults(1)
        .getResultStream()
        .findFirst()
        .map(row -> record(ownerPublicId, row));
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public ProfileRecord create(ProfileRecord profile) {
    writing.run();
    AbstractAuthProfile p = EntityClasses.instantiate(entities.profile());
    p.setUser(owners.require(profile.ownerPublicId()));
    p.setRole(profile.role());
    p.setLabel(profile.label());
    p.setSettingsJson(profile.settingsJson());
    p.setActive(profile.active());
    Person person = profile.person();
    p.setFirstName(person.firstName());
    p.setLastName1(person.lastName1());
    p.setLastName2(person.lastName2());
    p.setBirthday(person.birthday());
    p.setGender(person.gender());
    p.setPicture(person.picture());
    p.touch(profile.createdAt());
    p.touch(profile.modifiedAt());
    p.setDefaultProfile(profile.defaultProfile());
    return profile.withId(owners.insertDetached(p, p::getId));
  }

  @Override
  public boolean update(ProfileRecord profile) {
    writing.run();
    if (profile.id() == null) {
      return false;
    }
    return em.createQuery(
                "update "
                    + names.profile()
                    + " p set p.role = :role, p.label = :label, p.settingsJson = :settings,"
                    + " p.active = :active, p.modifiedAt = :now, p.firstName = :firstName,"
                    + " p.lastName1 = :lastName1, p.lastName2 = :lastName2, p.birthday = :birthday,"
                    + " p.gender = :gender, p.picture = :picture"
                    + " where p.id = :id and p.user in ("
                    + owner()
                    + ")")
            .setParameter("role", profile.role())
            .setParameter("label", profile.label())
            .setParameter("settings", profile.settingsJson())
            .setParameter("active", profile.active())
            .setParameter("now", profile.modifiedAt())
            .setParameter("firstName", profile.person().firstName())
            .setParameter("lastName1", profile.person().lastName1())
            .setParameter("lastName2", profile.person().lastName2())
            .setParameter("birthday", profile.person().birthday())
            .setParameter("gender", profile.person().gender())
            .setParameter("picture", profile.person().picture())
            .setParameter("id", profile.id())
            .setParameter("pid", profile.ownerPublicId().toString())
            .executeUpdate()
        == 1;
  }

  @Override
  public boolean makeDefault(UUID ownerPublicId, long profileId, Instant now) {
    writing.run();
    if (find(ownerPublicId, profileId).isEmpty()) {
      // Checked first: the clearing statement below must not run for a profile of another user.
      return false;
    }
    String pid = ownerPublicId.toString();
    try {
      // Clear the previous default first, then set the new one: the unique index on the marker
      // (the owner's public id while a row is the default) rejects a concurrent second default.
      em.createQuery(
              "update "
                  + names.profile()
                  + " p set p.defaultProfile = false, p.defaultMarker = null, p.modifiedAt = :now"
                  + " where p.defaultMarker is not null and p.id <> :id and p.user in ("
                  + owner()
                  + ")")
          .setParameter("now", now)
          .setParameter("id", profileId)
          .setParameter("pid", pid)
          .executeUpdate();
      return em.createQuery(
                  "update "
                      + names.profile()
                      + " p set p.defaultProfile = true, p.defaultMarker = :pid,"
                      + " p.modifiedAt = :now where p.id = :id and p.user in ("
                      + owner()
                      + ")")
              .setParameter("now", now)
              .setParameter("id", profileId)
              .setParameter("pid", pid)
              .executeUpdate()
          == 1;
    } catch (RuntimeException e) {
      throw JpaAuthStore.translate(e);
    }
  }

  @Override
  public boolean delete(UUID ownerPublicId, long profileId) {
    writing.run();
    return em.createQuery(
                "delete from "
                    + names.profile()
                    + " p where p.id = :id and p.user in ("
                    + owner()
                    + ")")
            .setParameter("id", profileId)
            .setParameter("pid", ownerPublicId.toString())
            .executeUpdate()
        == 1;
  }

  /** The owner with public id {@code :pid}, as a subquery (DML takes no implicit joins). */
  private String owner() {
    return "select u from " + names.user() + " u where u.publicId = :pid";
  }

  private static ProfileRecord record(UUID ownerPublicId, Object[] r) {
    return new ProfileRecord(
        (Long) r[0],
        ownerPublicId,
        (String) r[1],
        (String) r[2],
        (String) r[3],
        (Boolean) r[4],
        (Boolean) r[5],
        (Instant) r[6],
        (Instant) r[7],
        new Person(
            (String) r[8],
            (String) r[9],
            (String) r[10],
            (LocalDate) r[11],
            (String) r[12],
            (String) r[13]));
  }
}
