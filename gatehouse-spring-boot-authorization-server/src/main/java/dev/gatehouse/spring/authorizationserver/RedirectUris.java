package dev.gatehouse.spring.authorizationserver;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The one rule for where a client may have the browser sent: its redirect URIs and its post-logout
 * redirect URIs, checked by {@link OpenIdClient}'s constructor, which every path that saves a
 * client goes through (the host's {@link OpenIdClients}, the staff routes and page).
 *
 * <p>A URI is allowed when it is exact (no {@code *}), absolute, without fragment or user info, and
 * one of: {@code https} with a host; {@code http} to a loopback host ({@code 127.0.0.1}, {@code
 * [::1]}, {@code localhost}), for native applications and development (RFC 8252 §7.3); or a
 * private-use scheme in reverse-domain form, which has a dot ({@code com.example.app:/callback},
 * RFC 8252 §7.1). Schemes that run or embed content in the browser ({@code javascript:}, {@code
 * data:}, {@code file:}, {@code vbscript:}, {@code blob:}) are never allowed.
 *
 * <p>A back-channel logout URI, where the provider itself POSTs (no browser), follows the same rule
 * with no private-use scheme: {@code https}, or {@code http} to a loopback host, which outside
 * development would be the provider's own machine and is refused in production ({@link
 * #backChannelRefusal(String, boolean)}).
 */
final class RedirectUris {
  private static final Set<String> REFUSED_SCHEMES =
      Set.of("javascript", "data", "file", "vbscript", "blob", "about", "filesystem");

  private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "[::1]", "localhost");

  private RedirectUris() {}

  /**
   * Checks one URI against the rule.
   *
   * @param uri the redirect or post-logout redirect URI
   * @throws IllegalArgumentException naming the URI and why, when the rule refuses it
   */
  static void check(String uri) {
    refusal(uri)
        .ifPresent(
            why -> {
              throw new IllegalArgumentException("redirect URI " + uri + " refused: " + why);
            });
  }

  /**
   * Checks a back-channel logout URI against the rule.
   *
   * @param uri the URI
   * @throws IllegalArgumentException naming the URI and why, when the rule refuses it
   */
  static void checkBackChannel(String uri) {
    backChannelRefusal(uri, false)
        .ifPresent(
            why -> {
              throw new IllegalArgumentException(
                  "back-channel logout URI " + uri + " refused: " + why);
            });
  }

  /**
   * {@return why the rule refuses a back-channel logout URI, or empty when it allows it}
   *
   * @param uri the URI
   * @param production whether the host runs in production, where {@code http} is refused too
   */
  static Optional<String> backChannelRefusal(String uri, boolean production) {
    Optional<String> refused = refusal(uri);
    if (refused.isPresent()) {
      return refused;
    }
    String scheme = URI.create(uri).getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      return Optional.of("the provider POSTs to a back-channel logout URI: https only");
    }
    if (production && scheme.equals("http")) {
      return Optional.of(
          "http to a loopback host is for development only: in production the provider would POST"
              + " to its own machine; use https");
    }
    return Optional.empty();
  }

  /** {@return whether the rule allows a URI} */
  static boolean allowed(String uri) {
    return refusal(uri).isEmpty();
  }

  /** {@return why the rule refuses a URI, or empty when it allows it} */
  static Optional<String> refusal(String uri) {
    if (uri.contains("*")) {
      return Optional.of("a redirect URI is exact, never a pattern (no '*')");
    }
    URI parsed;
    try {
      parsed = new URI(uri);
    } catch (URISyntaxException e) {
      return Optional.of("not a URI");
    }
    if (!parsed.isAbsolute()) {
      return Optional.of("a redirect URI is absolute");
    }
    if (parsed.getRawFragment() != null || uri.contains("#")) {
      return Optional.of("a redirect URI has no fragment ('#')");
    }
    String scheme = parsed.getScheme().toLowerCase(Locale.ROOT);
    if (REFUSED_SCHEMES.contains(scheme)) {
      return Optional.of("the scheme " + scheme + ": runs or embeds content in the browser");
    }
    if (parsed.getRawUserInfo() != null) {
      return Optional.of("a redirect URI carries no user info ('user@')");
    }
    return switch (scheme) {
      case "https" ->
          parsed.getHost() == null
              ? Optional.of("an https redirect URI names a host")
              : Optional.empty();
      case "http" ->
          parsed.getHost() != null && LOOPBACK.contains(parsed.getHost().toLowerCase(Locale.ROOT))
              ? Optional.empty()
              : Optional.of(
                  "http is for a loopback host only (127.0.0.1, [::1], localhost: RFC 8252);"
                      + " use https");
      default ->
          scheme.contains(".")
              ? Optional.empty()
              : Optional.of(
                  "a custom scheme is a private-use one in reverse-domain form, with a dot"
                      + " (com.example.app:/callback, RFC 8252 section 7.1)");
    };
  }
}
