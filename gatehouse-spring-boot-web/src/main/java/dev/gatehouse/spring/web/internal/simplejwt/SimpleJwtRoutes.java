package dev.gatehouse.spring.web.internal.simplejwt;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/**
 * Where djangorestframework-simplejwt's token views live: exactly four paths under their base path
 * ({@code gatehouse.http.simplejwt.base-path}, default {@code /api/token}), never the paths beside
 * them, so that a base path such as {@code /api} opens nothing of the host's own API.
 *
 * @param basePath the base path, starting with {@code /} and without a trailing one
 */
public record SimpleJwtRoutes(String basePath) {
  /** The views' paths under the base path: obtain, refresh, verify, blacklist. */
  static final List<String> SUFFIXES = List.of("/", "/refresh/", "/verify/", "/blacklist/");

  /**
   * Normalises the base path: one leading slash, no trailing one.
   *
   * @param basePath the base path
   * @throws IllegalArgumentException when it is blank or only a slash
   */
  public SimpleJwtRoutes {
    String p = basePath == null ? "" : basePath.strip();
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.isEmpty()) {
      throw new IllegalArgumentException(
          "gatehouse.http.simplejwt.base-path must name a path such as /api/token, not the root");
    }
    basePath = p.startsWith("/") ? p : "/" + p;
  }

  /** {@return the four paths, e.g. {@code /api/token/} and {@code /api/token/refresh/}} */
  public String[] paths() {
    return SUFFIXES.stream().map(s -> basePath + s).toArray(String[]::new);
  }

  /**
   * @param request a request
   * @return whether it is addressed to one of the views
   */
  public boolean covers(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    String path =
        context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    if (!path.startsWith(basePath)) {
      return false;
    }
    return SUFFIXES.contains(path.substring(basePath.length()));
  }

  /**
   * The bearer-token resolver of a filter chain serving the views: none on the views' paths, {@code
   * delegate}'s elsewhere. simplejwt's views have no authentication classes, so a stale access
   * token a client sends along (on its refresh call, typically) is ignored there rather than
   * refused.
   *
   * @param delegate the resolver for every other path
   * @return the resolver
   */
  public BearerTokenResolver ignoringBearerOn(BearerTokenResolver delegate) {
    return request -> covers(request) ? null : delegate.resolve(request);
  }
}
