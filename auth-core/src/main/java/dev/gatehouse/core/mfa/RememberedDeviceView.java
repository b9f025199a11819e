package dev.gatehouse.core.mfa;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A remembered device as its owner sees it in a list (never its token).
 *
 * @param id the device's id, for {@code SecondFactorService.forgetRememberedDevice}
 * @param label what the device is (the user agent it was remembered from), or {@code null}
 * @param createdAt when it was remembered
 * @param lastUsedAt when it last stood in for the second factor, or {@code null}
 * @param expiresAt when it stops doing so
 */
public record RememberedDeviceView(
    long id,
    @Nullable String label,
    Instant createdAt,
    @Nullable Instant lastUsedAt,
    Instant expiresAt) {}
