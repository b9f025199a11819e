package dev.gatehouse.social;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.Setting;
import dev.gatehouse.core.error.AuthException.AuthInfrastructureException;
import dev.gatehouse.social.SocialService.ProviderAddressException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a request to an identity provider may go: the one rule of every request Gatehouse sends to
 * a provider ({@link ProviderHttp}, which the social providers and {@code auth-organizations}'s
 * organisation providers share). An address is {@code https}; its host name is resolved and every
 * address it resolves to must be public: loopback, private ({@code 10/8}, {@code 172.16/12}, {@code
 * 192.168/16}, {@code fc00::/7}), shared ({@code 100.64/10}), link-local ({@code 169.254/16}, the
 * cloud metadata service {@code 169.254.169.254} included, {@code fe80::/10}), unspecified,
 * multicast and reserved addresses are refused unless {@link
 * SocialSettings#SOCIAL_PROVIDER_INTERNAL_NETWORKS} lists a network holding them. Plain {@code
 * http} is allowed only to a loopback address, and loopback addresses only, when {@link
 * SocialSettings#SOCIAL_DEVELOPMENT_LOOPBACK_PROVIDERS} is on (development and tests). A refusal is
 * a {@link ProviderAddressException} naming the setting, raised before any connection is made.
 *
 * <p>The check runs right before each request: the JDK HTTP client then connects to the address the
 * JVM's name cache holds from this very lookup (positive answers are kept 30 seconds unless the
 * host sets {@code networkaddress.cache.ttl}), so a name that answers a public address to the check
 * and an internal one a moment later (DNS rebinding) is connected to at the checked address.
 * Immutable and thread-safe.
 */
final class ProviderAddresses {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

  /** The defaults: {@code https} to public addresses only. */
  static final ProviderAddresses DEFAULT = new ProviderAddresses(false, List.of());

  private final boolean loopback;
  private final List<Network> allowed;

  private ProviderAddresses(boolean loopback, List<Network> allowed) {
    this.loopback = loopback;
    this.allowed = allowed;
  }

  /**
   * @param config the configuration
   * @return the rule its settings make
   */
  static ProviderAddresses of(GatehouseConfig config) {
    return new ProviderAddresses(
        config.get(SocialSettings.SOCIAL_DEVELOPMENT_LOOPBACK_PROVIDERS),
        config.get(SocialSettings.SOCIAL_PROVIDER_INTERNAL_NETWORKS).stream()
            .map(Network::parse)
            .toList());
  }

  /**
   * Checks an address a request is about to go to, resolving its host name.
   *
   * @param uri the address
   * @throws ProviderAddressException when the rule refuses it
   * @throws AuthInfrastructureException {@code social_provider_unavailable} when the name does not
   *     resolve
   */
  void check(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (host == null || !scheme.equals("https") && !scheme.equals("http")) {
      throw refused(
          uri, "is not an https address", SocialSettings.SOCIAL_DEVELOPMENT_LOOPBACK_PROVIDERS);
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(host);
    } catch (UnknownHostException e) {
      throw new AuthInfrastructureException(
          SocialErrors.SOCIAL_PROVIDER_UNAVAILABLE, host + " does not resolve", true, e);
    }
    for (InetAddress a : addresses) {
      boolean isLoopback = a.isLoopbackAddress();
      if (scheme.equals("http") && !(isLoopback && loopback)) {
        throw refused(
            uri,
            "is plain http; providers are reached over https (plain http only to a loopback"
                + " address, in development)",
            SocialSettings.SOCIAL_DEVELOPMENT_LOOPBACK_PROVIDERS);
      }
      if (isLoopback && loopback || !internal(a) || allowed.stream().anyMatch(n -> n.holds(a))) {
        continue;
      }
      throw refused(
          uri,
          "resolves to "
              + (isLoopback ? "a loopback" : "an internal")
              + " address ("
              + a.getHostAddress()
              + ")",
          isLoopback
              ? SocialSettings.SOCIAL_DEVELOPMENT_LOOPBACK_PROVIDERS
              : SocialSettings.SOCIAL_PROVIDER_INTERNAL_NETWORKS);
    }
  }

  private static ProviderAddressException refused(URI uri, String why, Setting<?> setting) {
    return new ProviderAddressException(
        uri.getHost() + uri.getPath() + " " + why + "; see " + setting.key(), setting.key());
  }

  /** Whether an address is not one of the public internet's. */
  static boolean internal(InetAddress a) {
    if (a.isAnyLocalAddress()
        || a.isLoopbackAddress()
        || a.isLinkLocalAddress()
        || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0 // "this network"
          || first == 100 && (second & 0xc0) == 64 // shared address space, 100.64/10
          || first == 192 && second == 0 && (b[2] & 0xff) == 0 // IETF protocol assignments
          || first == 198 && (second & 0xfe) == 18 // benchmarking, 198.18/15
          || first >= 240; // reserved and broadcast
    }
    if (a instanceof Inet6Address) {
      if ((b[0] & 0xfe) == 0xfc) { // unique local, fc00::/7 (AWS's metadata fd00:ec2::254)
        return true;
      }
      // An IPv4 address inside IPv6 (IPv4-compatible ::/96, NAT64 64:ff9b::/96, 6to4 2002::/16):
      // the embedded address decides.
      boolean compatible = allZero(b, 0, 12);
      boolean nat64 =
          (b[0] & 0xff) == 0
              && (b[1] & 0xff) == 0x64
              && (b[2] & 0xff) == 0xff
              && (b[3] & 0xff) == 0x9b
              && allZero(b, 4, 12);
      if (compatible || nat64) {
        return internal(v4(b[12], b[13], b[14], b[15]));
      }
      if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
        return internal(v4(b[2], b[3], b[4], b[5]));
      }
    }
    return false;
  }

  private static boolean allZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static InetAddress v4(byte... b) {
    try {
      return InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 bytes are an IPv4 address", e);
    }
  }

  /** Whether {@code s} is a network in CIDR notation ({@code 10.20.0.0/16}, {@code fd00::/8}). */
  static boolean isNetwork(String s) {
    try {
      Network.parse(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** A network in CIDR notation. */
  private record Network(byte[] prefix, int bits) {
    static Network parse(String s) {
      String t = s.strip();
      int slash = t.indexOf('/');
      String literal = slash < 0 ? t : t.substring(0, slash);
      // Only literals reach InetAddress, which would otherwise resolve a host name over DNS.
      if (!IPV4.matcher(literal).matches()
          && !(literal.indexOf(':') >= 0 && IPV6.matcher(literal).matches())) {
        throw new IllegalArgumentException("not a network: " + s);
      }
      byte[] address;
      try {
        address = InetAddress.getByName(literal).getAddress();
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("not a network: " + s, e);
      }
      int bits;
      try {
        bits = slash < 0 ? address.length * 8 : Integer.parseInt(t.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a network: " + s, e);
      }
      if (bits < 0 || bits > address.length * 8) {
        throw new IllegalArgumentException("not a network: " + s);
      }
      return new Network(address, bits);
    }

    boolean holds(InetAddress a) {
      byte[] b = a.getAddress();
      if (b.length != prefix.length) {
        return false;
      }
      for (int i = 0; i < b.length; i++) {
        int keep = Math.max(0, Math.min(8, bits - 8 * i));
        int mask = (0xff << (8 - keep)) & 0xff;
        if ((b[i] & mask) != (prefix[i] & mask)) {
          return false;
        }
      }
      return true;
    }
  }
}
