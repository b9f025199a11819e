package dev.gatehouse.spring.web.internal;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.util.UrlPathHelper;

/**
 * The changes the host lets a session in which someone acts for the user make ({@code
 * gatehouse.http.impersonation-allowed}): each entry a method and a path pattern within the
 * application, read once at startup; a malformed entry fails the start naming the setting.
 */
final class ImpersonationAllowed implements Predicate<HttpServletRequest> {
  private static final Set<String> METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");
  private static final AntPathMatcher PATHS = new AntPathMatcher();

  private record Entry(String method, String pattern) {}

  private final List<Entry> entries;

  private ImpersonationAllowed(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * @param listed the setting's entries
   * @return the predicate
   * @throws ConfigurationException naming the setting and the entry when one is not {@code METHOD
   *     /pattern}
   */
  static ImpersonationAllowed of(List<String> listed) {
    List<Entry> entries = new ArrayList<>(listed.size());
    for (String e : listed) {
      String[] parts = e == null ? new String[0] : e.strip().split("\\s+");
      if (parts.length != 2
          || !METHODS.contains(parts[0].toUpperCase(Locale.ROOT))
          || !parts[1].startsWith("/")) {
        throw new ConfigurationException(
            "gatehouse.http.impersonation-allowed: '"
                + e
                + "' is not a change as METHOD /path-pattern (POST, PUT, PATCH or DELETE)");
      }
      entries.add(new Entry(parts[0].toUpperCase(Locale.ROOT), parts[1]));
    }
    return new ImpersonationAllowed(entries);
  }

  @Override
  public boolean test(HttpServletRequest request) {
    if (entries.isEmpty()) {
      return false;
    }
    String path = UrlPathHelper.defaultInstance.getPathWithinApplication(request);
    for (Entry e : entries) {
      if (e.method().equals(request.getMethod()) && PATHS.match(e.pattern(), path)) {
        return true;
      }
    }
    return false;
  }
}
