package dev.gatehouse.core.session;

import dev.gatehouse.core.config.AuditSettings;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.event.AuthEvent.RequestOrigin;
import dev.gatehouse.core.internal.ClientDetails;
import dev.gatehouse.core.session.DeviceService.DeviceInfo;
import org.jspecify.annotations.Nullable;

/**
 * Who is calling, as the host's web layer saw it: used for sessions, device upserts and per-IP
 * limits.
 *
 * @param client {@code web} or {@code mobile} (jb-drf-auth's CLIENT_CHOICES)
 * @param ipAddress the client IP as the host determined it (behind a proxy, the host decides which
 *     header to trust), or {@code null}
 * @param userAgent the User-Agent, or {@code null}
 * @param device the device a mobile client signs in from, or {@code null}
 * @param rememberedDevice the device token a second-factor login answered when the client asked to
 *     be remembered, presented again at login to skip the second factor, or {@code null}; never
 *     shown by {@link #toString()}
 */
public record ClientInfo(
    String client,
    @Nullable String ipAddress,
    @Nullable String userAgent,
    @Nullable DeviceInfo device,
    @Nullable String rememberedDevice) {
  /**
   * A client that presents no remembered-device token.
   *
   * @param client {@code web} or {@code mobile}
   * @param ipAddress the client IP, or {@code null}
   * @param userAgent the User-Agent, or {@code null}
   * @param device the device a mobile client signs in from, or {@code null}
   */
  public ClientInfo(
      String client,
      @Nullable String ipAddress,
      @Nullable String userAgent,
      @Nullable DeviceInfo device) {
    this(client, ipAddress, userAgent, device, null);
  }

  /**
   * @param token the remembered-device token the client presents, or {@code null}
   * @return this client presenting {@code token}
   */
  public ClientInfo withRememberedDevice(@Nullable String token) {
    return new ClientInfo(client, ipAddress, userAgent, device, token);
  }

  @Override
  public String toString() {
    return "ClientInfo[client="
        + client
        + ", rememberedDevice="
        + (rememberedDevice == null ? "none" : "<redacted>")
        + "]";
  }

  /** {@return a web client with no further information (tests, server-side calls)} */
  public static ClientInfo web() {
    return new ClientInfo("web", null, null, null);
  }

  /**
   * @param ip the client IP
   * @return a web client at that IP
   */
  public static ClientInfo web(String ip) {
    return new ClientInfo("web", ip, null, null);
  }

  /** {@return whether the client is a mobile app (its client kind is {@code mobile})} */
  public boolean mobile() {
    return "mobile".equals(client);
  }

  /**
   * What events carry of a client ({@code AuthEvent.origin()}): its network as the session list
   * shows it ({@code /24}, {@code /48}), or its full address with {@code gatehouse.events.full-ip},
   * and its user agent without control characters.
   *
   * @param config the configuration ({@code gatehouse.events.full-ip})
   * @param client the client, or {@code null}
   * @return the origin; {@link RequestOrigin#UNKNOWN} when nothing is known
   */
  public static RequestOrigin originOf(GatehouseConfig config, @Nullable ClientInfo client) {
    if (client == null) {
      return RequestOrigin.UNKNOWN;
    }
    String ip =
        config.get(AuditSettings.EVENTS_FULL_IP)
            ? ClientDetails.fullIp(client.ipAddress())
            : ClientDetails.coarseIp(client.ipAddress());
    String agent = ClientDetails.userAgent(client.userAgent());
    return ip == null && agent == null ? RequestOrigin.UNKNOWN : new RequestOrigin(ip, agent);
  }
}
