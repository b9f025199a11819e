package dev.gatehouse.bench;

import dev.gatehouse.bench.KeepAliveHttp.Response;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser as {@link ProviderSideBySide} drives the providers' sign-in: the cookies the server set
 * (by name, every one sent back, as a browser on the server's own host does), redirects not
 * followed so that each step is one request, over a client thread's keep-alive connection. Not
 * thread-safe: one per client thread at a time.
 */
final class ProviderBrowser {
  private static final Pattern COOKIE = Pattern.compile("^\\s*([^=;\\s]+)=([^;]*)");

  private final KeepAliveHttp http;
  private final Map<String, String> cookies = new LinkedHashMap<>();

  ProviderBrowser(KeepAliveHttp http) {
    this.http = http;
  }

  /** {@return the connection it browses over} */
  KeepAliveHttp http() {
    return http;
  }

  /** GETs a page: {@code target} a path, or an absolute address on the same server. */
  Response get(String target) throws IOException {
    return keep(http.exchange("GET", path(target), headers(null), null));
  }

  /** POSTs a form, as a browser submits one. */
  Response post(String target, Map<String, String> form) throws IOException {
    return keep(
        http.exchange(
            "POST", path(target), headers(SideBySideHttp.FORM), SideBySideHttp.formBody(form)));
  }

  /** The redirect's target, failing on any other answer. */
  static String location(Response r, String step) throws IOException {
    String location = r.header("Location");
    if (r.status() / 100 != 3 || location == null) {
      throw new IOException(step + " answered " + r.status() + " without a redirect: " + brief(r));
    }
    return location;
  }

  /** The first group of {@code pattern} in a page, with HTML's {@code &amp;} undone. */
  static String find(Response page, Pattern pattern, String what) throws IOException {
    Matcher m = pattern.matcher(page.body());
    if (page.status() != 200 || !m.find()) {
      throw new IOException("no " + what + " in a " + page.status() + " page: " + brief(page));
    }
    return m.group(1).replace("&amp;", "&");
  }

  static String brief(Response r) {
    return r.body().substring(0, Math.min(200, r.body().length()));
  }

  private Map<String, String> headers(String contentType) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Accept", "text/html");
    if (contentType != null) {
      h.put("Content-Type", contentType);
    }
    if (!cookies.isEmpty()) {
      StringBuilder c = new StringBuilder();
      cookies.forEach(
          (k, v) -> c.append(c.length() == 0 ? "" : "; ").append(k).append('=').append(v));
      h.put("Cookie", c.toString());
    }
    return h;
  }

  private Response keep(Response r) {
    for (String set : r.all("Set-Cookie")) {
      Matcher m = COOKIE.matcher(set);
      if (m.find()) {
        // An expired or emptied cookie is the server deleting it.
        if (m.group(2).isEmpty() || set.toLowerCase(java.util.Locale.ROOT).contains("max-age=0")) {
          cookies.remove(m.group(1));
        } else {
          cookies.put(m.group(1), m.group(2));
        }
      }
    }
    return r;
  }

  private static String path(String target) {
    if (!target.startsWith("http")) {
      return target;
    }
    URI u = URI.create(target);
    return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
  }
}
