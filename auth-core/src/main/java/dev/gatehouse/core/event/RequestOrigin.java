package dev.gatehouse.core.event;

import org.jspecify.annotations.Nullable;

/**
 * Where the request that caused an event came from, as the host's web layer reported it in its
 * {@code ClientInfo}: the client's network (or full address, with {@code gatehouse.events.full-ip})
 * and its user agent. Both are {@code null} when the flow had no client information, for example a
 * server-side call or a link followed from an email.
 *
 * @param ipAddress the client's network, e.g. {@code 203.0.113.0/24} (IPv4 {@code /24}, IPv6 {@code
 *     /48}); its full address when {@code gatehouse.events.full-ip} is on; or {@code null}
 * @param userAgent the User-Agent without control characters, at most 255 characters, or {@code
 *     null}
 */
public record RequestOrigin(@Nullable String ipAddress, @Nullable String userAgent) {
  /** No client information. */
  public static final RequestOrigin UNKNOWN = new RequestOrigin(null, null);
}
