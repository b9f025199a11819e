package dev.gatehouse.jpa;

import dev.gatehouse.core.entity.AbstractSocialAccount;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.store.SocialAccountStore;
import dev.gatehouse.core.store.SocialAccountStore.SocialAccountRecord;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * JPA implementation of {@link SocialAccountStore} over the host's social-account entity. As in
 * {@link JpaDeviceStore}, reads select columns and changes are single statements, so no row stays
 * managed.
 */
final class JpaSocialAccountStore implements SocialAccountStore {
  private static final String COLUMNS =
      "select s.id, u.publicId, s.provider, s.providerUserId, s.email, s.emailVerified,"
          + " s.displayName, s.pictureUrl, s.accessTokenSealed, s.refreshTokenSealed, s.linkedAt,"
          + " s.lastUsedAt from ";

  private final EntityManager em;
  private final EntityClasses entities;
  private final EntityNames names;
  private final JpaOwners owners;
  private final Runnable writing;

  JpaSocialAccountStore(
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
  public Optional<SocialAccountRecord> find(String provider, String providerUserId) {
    return em.createQuery(
            COLUMNS
                + names.socialAccount()
                + " s join s.user u where s.provider = :provider and s.providerUserId = :sub",
            Object[].class)
        .setParameter("provider", provider)
        .setParameter("sub", providerUserId)
        .getResultStream()
        .findFirst()
        .map(JpaSocialAccountStore::record);
  }

  @Override
  public List<SocialAccountRecord> listFor(UUID ownerPublicId) {
    return em
        .createQuery(
            COLUMNS
                + names.socialAccount()
                + " s join s.user u where u.publicId = :pid order by s.id",
            Object[].class)
        .setParameter("pid", ownerPublicId.toString())
        .getResultList()
        .stream()
        .map(JpaSocialAccountStore::record)
        .toList();
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public SocialAccountRecord create(SocialAccountRecord a) {
    writing.run();
    AbstractSocialAccount s = EntityClasses.instantiate(entities.socialAccount().orElseThrow());
    s.setUser(owners.require(a.ownerPublicId()));
    s.setProvider(a.provider());
    s.setProviderUserId(a.providerUserId());
    s.setEmail(a.email());
    s.setEmailVerified(a.emailVerified());
    s.setDisplayName(a.displayName());
    s.setPictureUrl(a.pictureUrl());
    s.setAccessTokenSealed(a.accessTokenSealed());
    s.setRefreshTokenSealed(a.refreshTokenSealed());
    s.setLinkedAt(a.linkedAt());
    s.setLastUsedAt(a.lastUsedAt());
    return a.withId(owners.insertDetached(s, s::getId));
  }

  @Override
  public boolean update(SocialAccountRecord a) {
    writing.run();
    if (a.id() == null) {
      return false;
    }
    return em.createQuery(
                "update "
                    + names.socialAccount()
                    + " s set s.email = :email, s.emailVerified = :verified,"
                    + " s.displayName = coalesce(:name, s.displayName),"
                    + " s.pictureUrl = :picture,"
                    + " s.accessTokenSealed = coalesce(:access, s.accessTokenSealed),"
                    + " s.refreshTokenSealed = coalesce(:refresh, s.refreshTokenSealed),"
                    + " s.lastUsedAt = :used where s.id = :id")
            .setParameter("email", a.email())
            .setParameter("verified", a.emailVerified())
            .setParameter("name", a.displayName())
            .setParameter("picture", a.pictureUrl())
            .setParameter("access", a.accessTokenSealed())
            .setParameter("refresh", a.refreshTokenSealed())
            .setParameter("used", a.lastUsedAt())
            .setParameter("id", a.id())
            .executeUpdate()
        == 1;
  }

  @Override
  public boolean delete(UUID ownerPublicId, String provider) {
    writing.run();
    return em.createQuery(
                "delete from "
                    + names.socialAccount()
                    + " s where s.provider = :provider and s.user in (select u from "
                    + names.user()
                    + " u where u.publicId = :pid)")
            .setParameter("provider", provider)
            .setParameter("pid", ownerPublicId.toString())
            .executeUpdate()
        == 1;
  }

  private static SocialAccountRecord record(Object[] r) {
    return new SocialAccountRecord(
        (Long) r[0],
        UUID.fromString((String) r[1]),
        (String) r[2],
        (String) r[3],
        (String) r[4],
        (Boolean) r[5],
        (String) r[6],
        (String) r[7],
        (String) r[8],
        (String) r[9],
        (Instant) r[10],
        (Instant) r[11]);
  }
}
