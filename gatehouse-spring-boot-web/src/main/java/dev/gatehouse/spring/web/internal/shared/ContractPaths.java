package dev.gatehouse.spring.web.internal.shared;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Where the contract lives: its base path (default {@code /auth}) and the JWKS document.
 *
 * @param basePath the base path, starting with {@code /} and without a trailing one
 */
public record ContractPaths(String basePath) {
  /** The JWKS document's path (RFC 8414 well-known location), outside the base path. */
  public static final String JWKS = "/.well-known/jwks.json";

  /** The route of the OpenAPI document, under the base path. */
  public static final String OPENAPI = "/openapi.json";

  /**
   * Normalises the base path: one leading slash, no trailing one.
   *
   * @param basePath the base path
   * @throws IllegalArgumentException when it is blank or only a slash
   */
  public ContractPaths {
    String p = basePath == null ? "" : basePath.strip();
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.isEmpty()) {
      throw new IllegalArgumentException(
          "gatehouse.http.base-path must name a path such as /auth, not the root");
    }
    basePath = p.startsWith("/") ? p : "/" + p;
  }

  /**
   * @param request a request
   * @return whether it is addressed to the contract
   */
  public boolean covers(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    String path =
        context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    return path.equals(basePath) || path.startsWith(basePath + "/") || path.equals(JWKS);
  }

  /** {@return the path pattern of every contract route, e.g. {@code /auth/**}} */
  public String pattern() {
    return basePath + "/**";
  }
}
