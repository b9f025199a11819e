package dev.gatehouse.core.session;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

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
