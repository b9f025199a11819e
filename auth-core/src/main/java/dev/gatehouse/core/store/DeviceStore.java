package dev.gatehouse.core.store;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Store operations for devices (mobile app installations), reached through {@link
 * StoreTransaction#devices()}. Takes and returns {@link DeviceRecord} values and owners' public
 * ids; every lookup and change is scoped to the owner. An owner has at most one device per
 * installation token (a unique index). Confined to the transaction's thread.
 *
 * <pre>{@code
 * DeviceRecord seen = tx.devices().upsert(
 *     new DeviceRecord(null, owner, "install-1", "ios", "Ana's phone", pushToken, now, now));
 * }</pre>
 */
public interface DeviceStore {

  /**
   * @param ownerPublicId the owner
   * @return the owner's devices, oldest first; empty for an unknown owner
   */
  List<DeviceRecord> list(UUID ownerPublicId);

  /**
   * @param ownerPublicId the owner
   * @param token the installation token
   * @return the owner's device with that token
   */
  Optional<DeviceRecord> findByToken(UUID ownerPublicId, String token);

  /**
   * Stores a new device.
   *
   * @param device the device; its {@code id} is ignored
   * @return the stored device, with its key
   * @throws java.util.NoSuchElementException when the owner does not exist
   * @throws DuplicateKeyException when the owner already has a device with that token
   */
  DeviceRecord create(DeviceRecord device);

  /**
   * Writes a device's platform, name, push token and last-seen time. The token and link time never
   * change.
   *
   * @param device the device, identified by its {@code id} and owner
   * @return whether the owner has that device (and it was written)
   */
  boolean update(DeviceRecord device);

  /**
   * Records a sign-in from a device: creates it if the owner has no device with its token,
   * otherwise updates the existing one with the components of {@code seen} that are not {@code
   * null} (platform, name, push token) and its last-seen time. The existing device keeps its key
   * and link time.
   *
   * @param seen what the client reported, with the owner, token, and link and last-seen times
   * @return the device as stored
   */
  default DeviceRecord upsert(DeviceRecord seen) {
    Optional<DeviceRecord> existing = findByToken(seen.ownerPublicId(), seen.token());
    if (existing.isEmpty()) {
      return create(seen);
    }
    DeviceRecord d = existing.get();
    DeviceRecord merged =
        new DeviceRecord(
            d.id(),
            d.ownerPublicId(),
            d.token(),
            seen.platform() != null ? seen.platform() : d.platform(),
            seen.name() != null ? seen.name() : d.name(),
            seen.notificationToken() != null ? seen.notificationToken() : d.notificationToken(),
            d.linkedAt(),
            seen.lastSeenAt());
    update(merged);
    return merged;
  }

  /**
   * Deletes one device of the owner; a device of another user is left alone.
   *
   * @param ownerPublicId the owner
   * @param deviceId the device's key
   * @return whether a device was deleted
   */
  boolean delete(UUID ownerPublicId, long deviceId);

  /**
   * A device (a mobile app installation) as the stores hand it to core and take it back: an
   * immutable value, never a managed entity. An owner has at most one device per installation
   * token.
   *
   * @param id the device's key, or {@code null} before it is stored
   * @param ownerPublicId the owner's public id
   * @param token the app installation's identifier (not a secret), at most 255 characters
   * @param platform {@code ios}, {@code android}, ... or {@code null}
   * @param name a human name, or {@code null}
   * @param notificationToken the push token (up to 500 characters), or {@code null}
   * @param linkedAt when it was first linked
   * @param lastSeenAt when it last signed in, or {@code null}
   */
  public record DeviceRecord(
      @Nullable Long id,
      UUID ownerPublicId,
      String token,
      @Nullable String platform,
      @Nullable String name,
      @Nullable String notificationToken,
      Instant linkedAt,
      @Nullable Instant lastSeenAt) {

    /**
     * Checks the components every device has.
     *
     * @param id the device's key, or {@code null} before it is stored
     * @param ownerPublicId the owner's public id
     * @param token the app installation's identifier (not a secret), at most 255 characters
     * @param platform {@code ios}, {@code android}, ... or {@code null}
     * @param name a human name, or {@code null}
     * @param notificationToken the push token (up to 500 characters), or {@code null}
     * @param linkedAt when it was first linked
     * @param lastSeenAt when it last signed in, or {@code null}
     */
    public DeviceRecord {
      requireNonNull(ownerPublicId, "ownerPublicId");
      requireNonNull(token, "token");
      requireNonNull(linkedAt, "linkedAt");
    }

    /**
     * @param id the key the store gave it
     * @return a copy with the key
     */
    public DeviceRecord withId(long id) {
      return new DeviceRecord(
          id, ownerPublicId, token, platform, name, notificationToken, linkedAt, lastSeenAt);
    }

    @Override
    public String toString() {
      return "DeviceRecord[id=" + id + ", platform=" + platform + "]";
    }
  }
}
