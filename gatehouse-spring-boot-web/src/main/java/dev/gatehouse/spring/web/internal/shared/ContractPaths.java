package dev.gatehouse.spring.web.internal.shared;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.util.AntPathMatcher;

/**
 * Where the contract lives: its base path (default {@code /auth}), the JWKS document, and the
 * routes a contract serves outside its base path (FastAPI-Users' users router at {@code /users}, as
 * FastAPI-Users' documented application mounts it).
 *
 * @param basePath the base path, starting with {@code /} and without a trailing one
 * @param openOutside exact paths outside the base path whose routes verify their caller themselves:
 *     open in the filter chain, which leaves their bearer token alone, as under the base path
 * @param coveredOutside Ant patterns (one {@code *} per segment) of further paths outside the base
 *     path whose routes the chain authenticates and whose refusals are the contract's shapes
 */
public record ContractPaths(
    String basePath, List<String> openOutside, List<String> coveredOutside) {
  /** The JWKS document's path (RFC 8414 well-known location), outside the base path. */
  public static final String JWKS = "/.well-known/jwks.json";

  /** The route of the OpenAPI document, under the base path. */
  public static final String OPENAPI = "/openapi.json";

  private static final AntPathMatcher ANT = new AntPathMatcher();

  /**
   * Normalises the base path: one leading slash, no trailing one.
   *
   * @param basePath the base path
   * @param openOutside exact open paths outside the base path
   * @param coveredOutside patterns of authenticated paths outside the base path
   * @throws IllegalArgumentException when the base path is blank or only a slash
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
    openOutside = List.copyOf(openOutside);
    coveredOutside = List.copyOf(coveredOutside);
  }

  /**
   * A contract served under its base path only.
   *
   * @param basePath the base path
   */
  public ContractPaths(String basePath) {
    this(basePath, List.of(), List.of());
  }

  /**
   * @param request a request
   * @return whether it is addressed to the contract (answered in its shapes, with its CORS)
   */
  public boolean covers(HttpServletRequest request) {
    if (opens(request)) {
      return true;
    }
    String path = pathOf(request);
    return coveredOutside.stream().anyMatch(pattern -> ANT.match(pattern, path));
  }

  /**
   * @param request a request
   * @return whether it is addressed to a route the chain leaves open: under the base path, the
   *     JWKS, or one of {@link #openOutside()}
   */
  public boolean opens(HttpServletRequest request) {
    String path = pathOf(request);
    return path.equals(basePath)
        || path.startsWith(basePath + "/")
        || path.equals(JWKS)
        || openOutside.contains(path);
  }

  /** {@return the path pattern of every route under the base path, e.g. {@code /auth/**}} */
  public String pattern() {
    return basePath + "/**";
  }

  /** {@return the patterns the chain leaves open: {@link #pattern()}, the JWKS, the open paths} */
  public String[] openPatterns() {
    List<String> all = new ArrayList<>(List.of(pattern(), JWKS));
    all.addAll(openOutside);
    return all.toArray(String[]::new);
  }

  /** {@return every pattern the contract answers: {@link #openPatterns()} and the covered ones} */
  public List<String> patterns() {
    List<String> all = new ArrayList<>(List.of(openPatterns()));
    all.addAll(coveredOutside);
    return List.copyOf(all);
  }

  private static String pathOf(HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    return context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri;
  }
}
