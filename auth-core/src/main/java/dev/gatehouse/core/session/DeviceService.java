package dev.gatehouse.core.session;

import dev.gatehouse.core.error.AuthException.NotFoundException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A user's devices (mobile app installations), with jb-drf-auth's semantics: a mobile login carries
 * a {@link DeviceInfo} that is upserted by (user, installation token) when the session starts; the
 * user lists and removes their devices here. Obtained from {@code Gatehouse.devices()};
 * thread-safe.
 *
 * <pre>{@code
 * // GET /auth/devices/
 * List<DeviceView> mine = gatehouse.devices().list(caller.userPublicId());
 * // DELETE /auth/devices/{id}/
 * gatehouse.devices().remove(caller.userPublicId(), id);
 * }</pre>
 */
public interface DeviceService {
  /**
   * The caller's devices, oldest first.
   *
   * @param userPublicId the caller ({@code sub})
   * @return the devices; empty for an unknown user
   */
  List<DeviceView> list(UUID userPublicId);

  /**
   * Removes one of the caller's devices and, in the same transaction, revokes the sessions started
   * from it (a removed device is signed out).
   *
   * @param userPublicId the caller ({@code sub})
   * @param deviceId the device's key
   * @throws NotFoundException {@code device_not_found} when the caller has no such device; the same
   *     for another user's device, which is left alone
   */
  void remove(UUID userPublicId, long deviceId);

  /**
   * A device as its owner sees it in a list. The push token is not repeated (only whether one is
   * registered); the installation token is, since the app itself sent it.
   *
   * @param id the device's key (what {@link DeviceService#remove} takes)
   * @param platform {@code ios}, {@code android}, ... or {@code null}
   * @param name a human name, or {@code null}
   * @param token the app installation's identifier
   * @param hasNotificationToken whether a push token is registered
   * @param linkedAt when it was first linked
   * @param lastSeenAt when it last signed in, or {@code null}
   */
  public record DeviceView(
      long id,
      @Nullable String platform,
      @Nullable String name,
      String token,
      boolean hasNotificationToken,
      Instant linkedAt,
      @Nullable Instant lastSeenAt) {}

  /**
   * The device a mobile login carries, upserted by (user, token).
   *
   * @param token the app installation's identifier
   * @param platform {@code ios}, {@code android}, ... or {@code null}
   * @param name a human name, or {@code null}
   * @param notificationToken the push token (up to 500 characters), or {@code null}
   */
  public record DeviceInfo(
      String token,
      @Nullable String platform,
      @Nullable String name,
      @Nullable String notificationToken) {
    @Override
    public String toString() {
      return "DeviceInfo[platform=" + platform + "]";
    }
  }
}
