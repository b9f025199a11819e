package dev.gatehouse.spring.web.internal.shared;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.module.ModuleRoute;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.filter.CorsFilter;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * CORS for the contract's paths from an allow-list: {@code gatehouse.http.cors.allowed-origins},
 * or, when that is empty, the origin of {@code gatehouse.frontend-url} (the emailed links point
 * there). Bearer tokens, no cookies: credentials are not allowed. A refused request gets a 403
 * problem. A module's form route ({@link ModuleRoute.Reads#FORM}) is left out: another site's page
 * posts to it by a navigation, with that site's {@code Origin}, and its handler checks what binds
 * the post to the browser.
 */
public final class ContractCors implements CorsConfigurationSource, WebMvcConfigurer {
  private final ContractPaths paths;
  private static final AntPathMatcher ANT = new AntPathMatcher();

  private final CorsConfiguration configuration;
  private final List<String> formPaths;

  /**
   * @param paths the contract's paths
   * @param allowedOrigins the configured origins; empty means the frontend URL's origin
   * @param config Gatehouse's configuration
   * @param modules the installed modules' routes, whose form routes CORS leaves alone
   */
  public ContractCors(
      ContractPaths paths,
      List<String> allowedOrigins,
      GatehouseConfig config,
      ModuleRouteTable modules) {
    this.paths = paths;
    this.formPaths =
        modules.routes().stream()
            .filter(r -> r.route().reads() == ModuleRoute.Reads.FORM)
            .map(ModuleRouteTable.Served::path)
            .toList();
    List<String> origins = allowedOrigins;
    if (origins == null || origins.isEmpty()) {
      URI frontend = config.get(GatehouseConfig.FRONTEND_URL);
      origins = frontend == null ? List.of() : List.of(originOf(frontend));
    }
    CorsConfiguration c = new CorsConfiguration();
    c.setAllowedOrigins(List.copyOf(origins));
    c.setAllowedMethods(List.of("GET", "POST", "PATCH", "DELETE"));
    c.setAllowedHeaders(
        List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT));
    c.setExposedHeaders(List.of(HttpHeaders.RETRY_AFTER, HttpHeaders.WWW_AUTHENTICATE));
    c.setAllowCredentials(false);
    c.setMaxAge(3600L);
    this.configuration = c;
  }

  /**
   * The origin of a URL: scheme, host and a non-default port.
   *
   * @param url an absolute URL
   * @return e.g. {@code https://app.example.com}
   */
  public static String originOf(URI url) {
    String scheme = url.getScheme().toLowerCase(Locale.ROOT);
    int port = url.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("https") && port == 443)
            || (scheme.equals("http") && port == 80);
    return scheme
        + "://"
        + url.getHost().toLowerCase(Locale.ROOT)
        + (defaultPort ? "" : ":" + port);
  }

  /** {@return the allowed origins} */
  public List<String> allowedOrigins() {
    return configuration.getAllowedOrigins();
  }

  @Override
  public CorsConfiguration getCorsConfiguration(HttpServletRequest request) {
    return paths.covers(request) && !formRoute(request) ? configuration : null;
  }

  private boolean formRoute(HttpServletRequest request) {
    if (formPaths.isEmpty() || !"POST".equals(request.getMethod())) {
      return false;
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return formPaths.stream().anyMatch(p -> ANT.match(p, path));
  }

  @Override
  public void addCorsMappings(CorsRegistry registry) {
    for (String p : paths.patterns()) {
      registry
          .addMapping(p)
          .allowedOrigins(configuration.getAllowedOrigins().toArray(String[]::new))
          .allowedMethods(configuration.getAllowedMethods().toArray(String[]::new))
          .allowedHeaders(configuration.getAllowedHeaders().toArray(String[]::new))
          .exposedHeaders(configuration.getExposedHeaders().toArray(String[]::new))
          .allowCredentials(false)
          .maxAge(configuration.getMaxAge());
    }
  }

  /**
   * A servlet filter applying this configuration, answering a refused request with a problem.
   *
   * @return the filter
   */
  public CorsFilter filter() {
    CorsFilter f = new CorsFilter(this);
    f.setCorsProcessor(new ProblemCorsProcessor());
    return f;
  }

  /** Spring's CORS checks, with the refusal as problem details instead of plain text. */
  static final class ProblemCorsProcessor extends DefaultCorsProcessor {
    @Override
    protected void rejectRequest(ServerHttpResponse response) throws IOException {
      response.setStatusCode(org.springframework.http.HttpStatus.FORBIDDEN);
      response.getHeaders().set(HttpHeaders.CONTENT_TYPE, Problems.PROBLEM_JSON);
      response.getHeaders().set(HttpHeaders.CACHE_CONTROL, "no-store");
      response
          .getBody()
          .write(
              Problems.body(
                  ProtocolError.CORS_ORIGIN_NOT_ALLOWED.status(),
                  ProtocolError.CORS_ORIGIN_NOT_ALLOWED.code(),
                  "this origin may not call the API"));
      response.flush();
    }
  }
}
