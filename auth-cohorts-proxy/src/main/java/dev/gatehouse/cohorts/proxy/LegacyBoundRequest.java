package dev.gatehouse.cohorts.proxy;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A request as the legacy system is given it: the client's headers, but for the forwarding headers
 * and the cookies. The forwarding headers the client wrote ({@code X-Forwarded-*}, {@code
 * Forwarded}, {@code X-Real-IP}) are dropped and written anew from the peer the servlet container
 * gives ({@link HttpServletRequest#getRemoteAddr()}, {@link HttpServletRequest#getScheme()}): the
 * container has already taken a trusted proxy's headers into those (Tomcat's remote-IP valve with
 * {@code server.forward-headers-strategy=native} and {@code
 * server.tomcat.remoteip.internal-proxies}, the host's one list of trusted proxies), and a header
 * from anyone else is the client's say. Of the cookies, only those named as the legacy system's
 * pass: the host's own (its pages' session, the SAML and social sign-in cookies, a remembered
 * device) never reach it, whatever their names.
 */
final class LegacyBoundRequest extends HttpServletRequestWrapper {
  private static final Set<String> CLIENT_FORWARDING =
      Set.of(
          "x-forwarded-for",
          "x-forwarded-host",
          "x-forwarded-proto",
          "x-forwarded-port",
          "x-forwarded-prefix",
          "x-forwarded-server",
          "x-forwarded-ssl",
          "forwarded",
          "x-real-ip",
          "x-client-ip",
          "true-client-ip",
          "cf-connecting-ip");

  /** The headers that differ from the client's, by lower-case name; an empty list drops one. */
  private final Map<String, List<String>> replaced = new LinkedHashMap<>();

  LegacyBoundRequest(HttpServletRequest request, Set<String> legacyCookies) {
    super(request);
    for (String name : CLIENT_FORWARDING) {
      replaced.put(name, List.of());
    }
    String peer = request.getRemoteAddr();
    String scheme = request.getScheme();
    replaced.put("x-forwarded-for", List.of(peer));
    replaced.put("x-forwarded-proto", List.of(scheme));
    replaced.put(
        "forwarded",
        List.of("for=" + (peer.contains(":") ? "\"[" + peer + "]\"" : peer) + ";proto=" + scheme));
    List<String> cookies = new ArrayList<>();
    for (Enumeration<String> e = request.getHeaders("Cookie"); e.hasMoreElements(); ) {
      String kept = legacyOnly(e.nextElement(), legacyCookies);
      if (!kept.isEmpty()) {
        cookies.add(kept);
      }
    }
    replaced.put("cookie", cookies);
  }

  /** The pairs of a {@code Cookie} header whose names are the legacy system's, in their order. */
  private static String legacyOnly(String header, Set<String> legacyCookies) {
    return java.util.Arrays.stream(header.split(";"))
        .map(String::strip)
        .filter(
            pair -> {
              int eq = pair.indexOf('=');
              return eq > 0 && legacyCookies.contains(pair.substring(0, eq).strip());
            })
        .collect(Collectors.joining("; "));
  }

  @Override
  public @Nullable String getHeader(String name) {
    List<String> values = replaced.get(name.toLowerCase(Locale.ROOT));
    if (values == null) {
      return super.getHeader(name);
    }
    return values.isEmpty() ? null : values.get(0);
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    List<String> values = replaced.get(name.toLowerCase(Locale.ROOT));
    return values == null ? super.getHeaders(name) : Collections.enumeration(values);
  }

  @Override
  public Enumeration<String> getHeaderNames() {
    List<String> names = new ArrayList<>();
    for (Enumeration<String> e = super.getHeaderNames(); e.hasMoreElements(); ) {
      String name = e.nextElement();
      if (!replaced.containsKey(name.toLowerCase(Locale.ROOT))) {
        names.add(name);
      }
    }
    replaced.forEach(
        (name, values) -> {
          if (!values.isEmpty()) {
            names.add(name);
          }
        });
    return Collections.enumeration(names);
  }
}
