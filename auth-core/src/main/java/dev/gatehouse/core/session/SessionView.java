package dev.gatehouse.core.session;

import dev.gatehouse.core.session.DeviceService.DeviceView;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One of a user's live sessions, as {@code GET /auth/sessions/} lists it.
 *
 * @param id the session id ({@code sid}; what {@link SessionService#revokeSession} takes)
 * @param client {@code web} or {@code mobile}
 * @param device the device it was started from, or {@code null}
 * @param createdAt when it started (the login)
 * @param lastUsedAt when its refresh token was last used
 * @param expiresAt when it ends at the latest, whatever its use
 * @param network the client's network, never the full address: IPv4 {@code /24}, IPv6 {@code /48}
 *     (e.g. {@code 203.0.113.0/24}), or {@code null}
 * @param userAgent the client's user agent (at most 255 characters), or {@code null}
 * @param current whether this is the session the caller is using
 */
public record SessionView(
    String id,
    String client,
    @Nullable DeviceView device,
    Instant createdAt,
    Instant lastUsedAt,
    Instant expiresAt,
    @Nullable String network,
    @Nullable String userAgent,
    boolean current) {}
