package dev.gatehouse.core.session;

/**
 * Who is calling, as the host's web layer saw it: used for sessions, device upserts and per-IP
 * limits.
 *
 * @param client {@code web} or {@code mobile} (jb-drf-auth's CLIENT_CHOICES)
 * @param ipAddress the client IP as the host determined it (behind a proxy, the host decides which
 *     header to trust), or {@code null}
 * @param userAgent the User-Agent, or {@code null}
 * @param device the device a mobile client signs in from, or {@code null}
 */
public record ClientInfo(String client, String ipAddress, String userAgent, DeviceInfo device) {
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
}
