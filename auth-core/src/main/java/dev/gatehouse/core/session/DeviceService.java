package dev.gatehouse.core.session;

import java.util.List;
import java.util.UUID;

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
}
