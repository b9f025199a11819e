package dev.gatehouse.core.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A device (a mobile app installation) as the stores hand it to core and take it back: an immutable
 * value, never a managed entity. An owner has at most one device per installation token.
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
