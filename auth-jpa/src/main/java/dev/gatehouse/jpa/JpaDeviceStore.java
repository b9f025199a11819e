package dev.gatehouse.jpa;

import dev.gatehouse.core.entity.AbstractAuthDevice;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.store.DeviceStore;
import dev.gatehouse.core.store.DeviceStore.DeviceRecord;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * JPA implementation of {@link DeviceStore} over the host's device entity. As in {@link
 * JpaProfileStore}, reads select columns and changes are single statements, so no device stays
 * managed.
 */
final class JpaDeviceStore implements DeviceStore {
  private static final String COLUMNS =
      "select d.id, d.token, d.platform, d.name, d.notificationToken, d.linkedAt, d.lastSeenAt"
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
  JpaDeviceStore(
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
  public List<DeviceRecord> list(UUID ownerPublicId) {
    return em
        .createQuery(
            COLUMNS + names.device() + " d where d.user.publicId = :pid order by d.id",
            Object[].class)
        .setParameter("pid", ownerPublicId.toString())
        .getResultList()
        .stream()
        .map(row -> record(ownerPublicId, row))
        .toList();
  }

  @Override
  public Optional<DeviceRecord> findByToken(UUID ownerPublicId, String token) {
    return em.createQuery(
            COLUMNS + names.device() + " d where d.user.publicId = :pid and d.token = :token",
            Object[].class)
        .setParameter("pid", ownerPublicId.toString())
        .setParameter("token", token)
        .getResultStream()
        .findFirst()
        .map(row -> record(ownerPublicId, row));
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public DeviceRecord create(DeviceRecord device) {
    writing.run();
    AbstractAuthDevice d = EntityClasses.instantiate(entities.device());
    d.setUser(owners.require(device.ownerPublicId()));
    d.setToken(device.token());
    d.setPlatform(device.platform());
    d.setName(device.name());
    d.setNotificationToken(device.notificationToken());
    d.setLinkedAt(device.linkedAt());
    d.setLastSeenAt(device.lastSeenAt());
    return device.withId(owners.insertDetached(d, d::getId));
  }

  @Override
  public boolean update(DeviceRecord device) {
    writing.run();
    if (device.id() == null) {
      return false;
    }
    return em.createQuery(
                "update "
                    + names.device()
                    + " d set d.platform = :platform, d.name = :name,"
                    + " d.notificationToken = :push, d.lastSeenAt = :seen"
                    + " where d.id = :id and d.user in ("
                    + owner()
                    + ")")
            .setParameter("platform", device.platform())
            .setParameter("name", device.name())
            .setParameter("push", device.notificationToken())
            .setParameter("seen", device.lastSeenAt())
            .setParameter("id", device.id())
            .setParameter("pid", device.ownerPublicId().toString())
            .executeUpdate()
        == 1;
  }

  @Override
  public boolean delete(UUID ownerPublicId, long deviceId) {
    writing.run();
    return em.createQuery(
                "delete from "
                    + names.device()
                    + " d where d.id = :id and d.user in ("
                    + owner()
                    + ")")
            .setParameter("id", deviceId)
            .setParameter("pid", ownerPublicId.toString())
            .executeUpdate()
        == 1;
  }

  /** The owner with public id {@code :pid}, as a subquery (DML takes no implicit joins). */
  private String owner() {
    return "select u from " + names.user() + " u where u.publicId = :pid";
  }

  private static DeviceRecord record(UUID ownerPublicId, Object[] r) {
    return new DeviceRecord(
        (Long) r[0],
        ownerPublicId,
        (String) r[1],
        (String) r[2],
        (String) r[3],
        (String) r[4],
        (Instant) r[5],
        (Instant) r[6]);
  }
}
