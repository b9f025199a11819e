package dev.gatehouse.core.internal;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/** What a session keeps of a client: coarse IP and a bounded user agent. */
public final class ClientDetails {
  private static final int USER_AGENT_MAX = 255;
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  private ClientDetails() {}

  /**
   * The network an address belongs to, not the address: IPv4 {@code /24}, IPv6 {@code /48}.
   *
   * @param ip an IP literal, or {@code null}
   * @return e.g. {@code 203.0.113.0/24}, or {@code null} when absent or not an IP literal
   */
  public static String coarseIp(String ip) {
    if (ip == null) {
      return null;
    }
    String s = ip.trim();
    // Only literals reach InetAddress, which would otherwise resolve a host name over DNS.
    boolean v4 = IPV4.matcher(s).matches();
    if (!v4 && !(s.indexOf(':') >= 0 && IPV6.matcher(s).matches())) {
      return null;
    }
    InetAddress a;
    try {
      a = InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      return null;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + ".0/24";
    }
    if (a instanceof Inet6Address) {
      return String.format(
              Locale.ROOT,
              "%x:%x:%x::/48",
              ((b[0] & 0xff) << 8) | (b[1] & 0xff),
              ((b[2] & 0xff) << 8) | (b[3] & 0xff),
              ((b[4] & 0xff) << 8) | (b[5] & 0xff))
          .toLowerCase(Locale.ROOT);
    }
    return null;
  }

  /**
   * @param userAgent a User-Agent, or {@code null}
   * @return it without control characters, at most 255 characters, or {@code null} when blank
   */
  public static String userAgent(String userAgent) {
    if (userAgent == null) {
      return null;
    }
    String s = userAgent.replaceAll("\\p{Cntrl}", " ").strip();
    if (s.isEmpty()) {
      return null;
    }
    return s.length() <= USER_AGENT_MAX ? s : s.substring(0, USER_AGENT_MAX);
  }

  /**
   * @param ip a client IP as the host gave it, or {@code null}
   * @return the address literal, trimmed and lower-cased, or {@code null} when it is not an IPv4 or
   *     IPv6 literal (nothing is ever resolved)
   */
  public static String fullIp(String ip) {
    if (ip == null) {
      return null;
    }
    String s = ip.trim();
    boolean v4 = IPV4.matcher(s).matches();
    if (!v4 && !(s.indexOf(':') >= 0 && IPV6.matcher(s).matches())) {
      return null;
    }
    return s.toLowerCase(Locale.ROOT);
  }

  /**
   * The client network a per-IP limit counts: an IPv4 address on its own (an IPv4-mapped IPv6
   * address as that IPv4 address), an IPv6 address as its first {@code ipv6PrefixLength} bits,
   * since one subscriber or host is given a whole block and can rotate addresses inside it.
   *
   * @param ip a client IP as the host gave it, or {@code null}
   * @param ipv6PrefixLength bits of an IPv6 address that name the network, 1 to 128
   * @return e.g. {@code 203.0.113.9} or {@code 2001:db8:0:1::/64}; what is not an IP literal is
   *     answered trimmed and lower-cased (nothing is ever resolved); {@code null} when blank
   */
  public static String limitNetwork(String ip, int ipv6PrefixLength) {
    if (ip == null || ip.isBlank()) {
      return null;
    }
    String s = ip.strip().toLowerCase(Locale.ROOT);
    if (fullIp(s) == null) {
      return s;
    }
    InetAddress a;
    try {
      a = InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      return s;
    }
    if (a instanceof Inet4Address) {
      return a.getHostAddress();
    }
    byte[] b = a.getAddress();
    int bits = Math.max(1, Math.min(128, ipv6PrefixLength));
    for (int i = 0; i < b.length; i++) {
      int keep = Math.max(0, Math.min(8, bits - 8 * i));
      b[i] = (byte) (b[i] & (0xff << (8 - keep)));
    }
    try {
      // The canonical text of the masked address (RFC 5952's shortest form is not needed: the
      // same network always gives the same text).
      return InetAddress.getByAddress(b).getHostAddress() + "/" + bits;
    } catch (UnknownHostException e) {
      throw new IllegalStateException("16 bytes are an IPv6 address", e);
    }
  }

  /**
   * @param ip a client IP as the host gave it, or {@code null}
   * @return whether it is a loopback literal ({@code 127.0.0.0/8}, {@code ::1}, or an IPv4-mapped
   *     loopback); nothing is ever resolved
   */
  public static boolean isLoopback(String ip) {
    String s = fullIp(ip);
    if (s == null) {
      return false;
    }
    try {
      return InetAddress.getByName(s).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * @param ip a client IP as the host gave it, or {@code null}
   * @return whether it is a loopback address or one of a private network, where a proxy in front of
   *     the host would sit: {@code 10/8}, {@code 172.16/12}, {@code 192.168/16}, link-local {@code
   *     169.254/16} and {@code fe80::/10}, unique-local {@code fc00::/7} (and their IPv4-mapped
   *     forms); nothing is ever resolved
   */
  public static boolean isLoopbackOrPrivate(String ip) {
    String s = fullIp(ip);
    if (s == null) {
      return false;
    }
    InetAddress a;
    try {
      a = InetAddress.getByName(s);
    } catch (UnknownHostException e) {
      return false;
    }
    return a.isLoopbackAddress()
        || a.isSiteLocalAddress()
        || a.isLinkLocalAddress()
        || a instanceof Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc;
  }
}
