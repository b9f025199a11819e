package dev.gatehouse.core.session;

import org.jspecify.annotations.Nullable;

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
