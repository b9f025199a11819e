package dev.gatehouse.cohorts.proxy;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The legacy system's answer in the host's headers: the host's own headers (those Gatehouse's
 * answers carry, {@link CohortForwarding.Builder#hostHeaders}) are written first, and of the legacy
 * system's only those that carry the answer itself pass ({@link #PASSED}); its {@code Server},
 * {@code Allow}, {@code Vary}, {@code X-Powered-By}, its own security and cache headers and any
 * other are dropped, so the header names do not tell which system answered.
 */
final class HostShapedResponse extends HttpServletResponseWrapper {
  /** The legacy system's headers that pass, by lower-case name: what the answer means. */
  static final Set<String> PASSED =
      Set.of(
          "content-type",
          "content-length",
          "content-encoding",
          "content-language",
          "content-disposition",
          "location",
          "retry-after",
          "www-authenticate",
          "set-cookie");

  HostShapedResponse(HttpServletResponse response, Map<String, String> hostHeaders) {
    super(response);
    hostHeaders.forEach(response::setHeader);
  }

  private static boolean passes(String name) {
    return PASSED.contains(name.toLowerCase(Locale.ROOT));
  }

  @Override
  public void setHeader(String name, String value) {
    if (passes(name)) {
      super.setHeader(name, value);
    }
  }

  @Override
  public void addHeader(String name, String value) {
    if (passes(name)) {
      super.addHeader(name, value);
    }
  }

  @Override
  public void setDateHeader(String name, long date) {
    if (passes(name)) {
      super.setDateHeader(name, date);
    }
  }

  @Override
  public void addDateHeader(String name, long date) {
    if (passes(name)) {
      super.addDateHeader(name, date);
    }
  }

  @Override
  public void setIntHeader(String name, int value) {
    if (passes(name)) {
      super.setIntHeader(name, value);
    }
  }

  @Override
  public void addIntHeader(String name, int value) {
    if (passes(name)) {
      super.addIntHeader(name, value);
    }
  }
}
