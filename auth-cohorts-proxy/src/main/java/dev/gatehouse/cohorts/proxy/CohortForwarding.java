package dev.gatehouse.cohorts.proxy;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.cohorts.CohortMember;
import dev.gatehouse.cohorts.CohortService;
import dev.gatehouse.cohorts.Server;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.mitre.dsmiley.httpproxy.ProxyServlet;

/**
 * One base URL for every client while both systems serve: a servlet filter in front of the legacy
 * contract's routes (those under {@link Builder#basePath}, {@code /auth/} by default) that forwards
 * a request of a user whose cohort the legacy system serves to the legacy system, with its method,
 * path, query, headers (the {@code Host} included) and body unchanged, and answers with the legacy
 * system's status, headers and body unchanged (through smiley-http-proxy-servlet on Apache
 * HttpClient); every other request goes on to Gatehouse. Thread-safe.
 *
 * <p>Who a request is of:
 *
 * <ul>
 *   <li>a request with a token ({@code Authorization: Bearer …}, or the refresh token in the body
 *       of the refresh route) by the token: a legacy token's user id claim names the legacy
 *       account, a Gatehouse token's subject the account it became ({@link LegacyDirectory}); its
 *       cohort decides as for a session ({@link CohortService#forSession}), and a token of no
 *       legacy account is Gatehouse's;
 *   <li>a sign-in ({@link Builder#signInRoutes}) by the identifier in its JSON body ({@link
 *       Builder#identifierFields}), as a sign-in ({@link CohortService#forSignIn}); an identifier
 *       no legacy account has is decided by the rule ({@link CohortService#forUnknown}), so which
 *       system answers tells an outsider nothing about an address;
 *   <li>anything else is Gatehouse's.
 * </ul>
 *
 * <p>A Spring Boot host registers it for the contract's paths, before Spring Security's chain:
 *
 * <pre>{@code
 * @Bean
 * FilterRegistrationBean<CohortForwarding> cohortForwarding(
 *     Gatehouse gatehouse, LegacyDirectory directory) {
 *   var filter = CohortForwarding.builder(gatehouse.feature(CohortService.class),
 *       URI.create("http://legacy.internal:8000"), directory).build();
 *   var registration = new FilterRegistrationBean<>(filter);
 *   registration.addUrlPatterns("/auth/*");
 *   registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
 *   return registration;
 * }
 * }</pre>
 *
 * <p>A host that does not add this module has no such filter and pays nothing; a request outside
 * the base path costs a string comparison.
 */
public final class CohortForwarding implements Filter {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CohortService cohorts;
  private final URI legacy;
  private final String basePath;
  private final Set<String> signInRoutes;
  private final Set<String> completingRoutes;
  private final String refreshRoute;
  private final List<String> identifierFields;
  private final List<String> refreshFields;
  private final int maxBody;
  private final int maxConnections;
  private final TokenOwner owners;
  private final LegacyDirectory directory;
  private volatile @Nullable ProxyServlet proxy;

  private CohortForwarding(Builder b) {
    this.cohorts = b.cohorts;
    this.legacy = b.legacy;
    this.basePath = b.basePath;
    this.signInRoutes = Set.copyOf(b.signInRoutes);
    this.completingRoutes = Set.copyOf(b.completingRoutes);
    this.refreshRoute = b.refreshRoute;
    this.identifierFields = List.copyOf(b.identifierFields);
    this.refreshFields = List.copyOf(b.refreshFields);
    this.maxBody = b.maxBody;
    this.maxConnections = b.maxConnections;
    this.directory = b.directory;
    this.owners = new TokenOwner(b.directory, b.userIdClaim);
  }

  /**
   * A builder of the filter.
   *
   * @param cohorts the cohort service ({@code gatehouse.feature(CohortService.class)})
   * @param legacy the legacy system's address, e.g. {@code http://legacy.internal:8000} (a
   *     request's path is appended to it as it came)
   * @param directory the host's look-up of legacy accounts
   * @return the builder
   */
  public static Builder builder(CohortService cohorts, URI legacy, LegacyDirectory directory) {
    return new Builder(cohorts, legacy, directory);
  }

  /**
   * Starts the proxy (its connection pool) with the container's context.
   *
   * @param config the filter's configuration, from the container
   * @throws ServletException when the proxy does not start
   */
  @Override
  public void init(FilterConfig config) throws ServletException {
    start(config.getServletContext());
  }

  /**
   * Starts the proxy with the given context, for a filter the container does not initialise.
   *
   * @param context the servlet context
   * @throws ServletException when the proxy does not start
   */
  public synchronized void start(ServletContext context) throws ServletException {
    if (proxy != null) {
      return;
    }
    ProxyServlet p = new ProxyServlet();
    Map<String, String> parameters =
        Map.of(
            ProxyServlet.P_TARGET_URI, legacy.toString(),
            // The legacy system sees the request as the client sent it: its host, no added
            // forwarding header, its cookies as they are, its redirects answered to the client.
            ProxyServlet.P_PRESERVEHOST, "true",
            ProxyServlet.P_FORWARDEDFOR, "false",
            ProxyServlet.P_PRESERVECOOKIES, "true",
            ProxyServlet.P_PRESERVECOOKIEPATH, "true",
            ProxyServlet.P_HANDLEREDIRECTS, "false",
            ProxyServlet.P_HANDLECOMPRESSION, "false",
            ProxyServlet.P_MAXCONNECTIONS, Integer.toString(maxConnections),
            ProxyServlet.P_LOG, "false");
    p.init(
        new ServletConfig() {
          @Override
          public String getServletName() {
            return "gatehouse-cohort-forwarding";
          }

          @Override
          public ServletContext getServletContext() {
            return context;
          }

          @Override
          public @Nullable String getInitParameter(String name) {
            return parameters.get(name);
          }

          @Override
          public Enumeration<String> getInitParameterNames() {
            return Collections.enumeration(parameters.keySet());
          }
        });
    proxy = p;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request)
        || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (!path.startsWith(basePath)) {
      chain.doFilter(req, res);
      return;
    }
    String route = path.substring(basePath.length());
    BufferedRequest buffered;
    if (route.equals(refreshRoute) || signInRoutes.contains(route)) {
      buffered = BufferedRequest.read(request, path, maxBody);
      if (buffered == null) {
        // Larger than any sign-in's or refresh's JSON: it names no one readable, and it cannot be
        // passed on unread. The same answer whichever system would have served it.
        response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
        return;
      }
    } else {
      buffered = BufferedRequest.unread(request, path);
    }
    Decision decision = decide(route, buffered);
    if (decision.server() == Server.LEGACY) {
      ProxyServlet p = proxy;
      if (p == null) {
        throw new ServletException("the cohort forwarding was not started (init or start)");
      }
      p.service(buffered, response);
    } else {
      chain.doFilter(buffered, response);
    }
    if (decision.signingIn() != null && completingRoutes.contains(route)) {
      int status = response.getStatus();
      cohorts.signInAnswered(
          decision.signingIn(), decision.server(), status >= 200 && status < 300);
    }
  }

  /** Where a request goes, and the legacy account whose sign-in it is (null for anything else). */
  record Decision(Server server, @Nullable CohortMember signingIn) {}

  /** The system that answers the request: by its token, its sign-in's identifier, or Gatehouse. */
  private Decision decide(String route, BufferedRequest request) {
    String bearer = bearer(request.getHeader("Authorization"));
    if (bearer != null) {
      return new Decision(
          owners.of(bearer).map(cohorts::forSession).orElse(Server.GATEHOUSE), null);
    }
    boolean refresh = route.equals(refreshRoute);
    boolean signIn = signInRoutes.contains(route);
    if (!refresh && !signIn) {
      return new Decision(Server.GATEHOUSE, null);
    }
    JsonNode body = json(request);
    if (refresh) {
      return new Decision(
          text(body, refreshFields)
              .flatMap(owners::of)
              .map(cohorts::forSession)
              .orElse(Server.GATEHOUSE),
          null);
    }
    Optional<String> identifier = text(body, identifierFields);
    if (identifier.isEmpty()) {
      return new Decision(Server.GATEHOUSE, null);
    }
    Optional<CohortMember> member = directory.byIdentifier(identifier.get());
    return member.isPresent()
        ? new Decision(cohorts.forSignIn(member.get()), member.get())
        : new Decision(cohorts.forUnknown(identifier.get()), null);
  }

  private static @Nullable String bearer(@Nullable String header) {
    if (header == null) {
      return null;
    }
    for (String scheme : List.of("Bearer ", "JWT ")) {
      if (header.regionMatches(true, 0, scheme, 0, scheme.length())) {
        String token = header.substring(scheme.length()).strip();
        return token.isEmpty() ? null : token;
      }
    }
    return null;
  }

  private static @Nullable JsonNode json(BufferedRequest request) {
    byte[] body = request.body();
    if (body == null) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      // Not JSON (a form, or garbage): nobody's, and the system that answers refuses it.
      return null;
    }
  }

  private static Optional<String> text(@Nullable JsonNode body, List<String> fields) {
    if (body == null) {
      return Optional.empty();
    }
    for (String field : fields) {
      JsonNode value = body.get(field);
      if (value != null && value.isTextual() && !value.asText().isBlank()) {
        return Optional.of(value.asText().strip());
      }
    }
    return Optional.empty();
  }

  /** Stops the proxy and its connection pool. */
  @Override
  public synchronized void destroy() {
    ProxyServlet p = proxy;
    if (p != null) {
      p.destroy();
      proxy = null;
    }
  }

  /** Builds a {@link CohortForwarding}; every method checks its argument. Not thread-safe. */
  public static final class Builder {
    private final CohortService cohorts;
    private final URI legacy;
    private final LegacyDirectory directory;
    private String basePath = "/auth/";
    private Set<String> signInRoutes =
        Set.of("login/basic/", "otp/request/", "otp/verify/", "password-reset/request/");
    private Set<String> completingRoutes = Set.of("login/basic/", "otp/verify/");
    private String refreshRoute = "token/refresh/";
    // jb-drf-auth's password sign-in names its user in "login" (its LoginSerializer).
    private List<String> identifierFields =
        List.of("login", "email", "username", "phone", "identifier");
    private List<String> refreshFields = List.of("refresh", "refreshToken");
    private String userIdClaim = "user_id";
    private int maxBody = 64 * 1024;
    private int maxConnections = 100;

    private Builder(CohortService cohorts, URI legacy, LegacyDirectory directory) {
      this.cohorts = requireNonNull(cohorts, "cohorts");
      this.legacy = requireNonNull(legacy, "legacy");
      this.directory = requireNonNull(directory, "directory");
      if (!List.of("http", "https").contains(legacy.getScheme()) || legacy.getHost() == null) {
        throw new IllegalArgumentException(
            "the legacy system's address is an http or https URL with a host: " + legacy);
      }
    }

    /**
     * The path under which the legacy contract's routes are served.
     *
     * @param path starts and ends with {@code /}; {@code /auth/} by default
     * @return this builder
     * @throws IllegalArgumentException when it does not
     */
    public Builder basePath(String path) {
      requireNonNull(path, "path");
      if (!path.startsWith("/") || !path.endsWith("/")) {
        throw new IllegalArgumentException("a base path starts and ends with /: " + path);
      }
      this.basePath = path;
      return this;
    }

    /**
     * The routes, under the base path, whose JSON body names who signs in; by default jb-drf-auth's
     * {@code login/basic/}, {@code otp/request/}, {@code otp/verify/} and {@code
     * password-reset/request/}.
     *
     * @param routes the routes, e.g. {@code login/basic/}
     * @return this builder
     */
    public Builder signInRoutes(String... routes) {
      this.signInRoutes = Set.of(requireNonNull(routes, "routes"));
      return this;
    }

    /**
     * The sign-in routes whose answer signs the user in (a 2xx) or refuses them: each answer is
     * counted for the user's cohort and the system that gave it ({@link
     * CohortService#signInAnswered}, the cohorts' signals). By default {@code login/basic/} and
     * {@code otp/verify/}; a code's request answers alike either way and is not counted.
     *
     * @param routes the routes, each one of {@link #signInRoutes}
     * @return this builder
     */
    public Builder completingRoutes(String... routes) {
      this.completingRoutes = Set.of(requireNonNull(routes, "routes"));
      return this;
    }

    /**
     * The members of a sign-in's body that name who signs in, the first present wins; by default
     * {@code login} (jb-drf-auth's {@code login/basic/}), {@code email}, {@code username}, {@code
     * phone}, {@code identifier}.
     *
     * @param fields the members
     * @return this builder
     */
    public Builder identifierFields(String... fields) {
      this.identifierFields = List.of(requireNonNull(fields, "fields"));
      return this;
    }

    /**
     * The claim of a legacy token that holds the legacy id (simplejwt's {@code USER_ID_CLAIM});
     * {@code user_id} by default.
     *
     * @param claim the claim
     * @return this builder
     */
    public Builder userIdClaim(String claim) {
      this.userIdClaim = requireNonNull(claim, "claim");
      return this;
    }

    /**
     * The largest body of a sign-in or a refresh the filter reads; a longer one is refused (413).
     * Other requests' bodies are not read (an upload streams through).
     *
     * @param bytes 1 KiB to 16 MiB; 64 KiB by default
     * @return this builder
     * @throws IllegalArgumentException when out of range
     */
    public Builder maxBody(int bytes) {
      if (bytes < 1024 || bytes > 16 * 1024 * 1024) {
        throw new IllegalArgumentException("a body limit is 1 KiB to 16 MiB, not " + bytes);
      }
      this.maxBody = bytes;
      return this;
    }

    /**
     * The most connections open to the legacy system at once.
     *
     * @param connections 1 to 10,000; 100 by default
     * @return this builder
     * @throws IllegalArgumentException when out of range
     */
    public Builder maxConnections(int connections) {
      if (connections < 1 || connections > 10_000) {
        throw new IllegalArgumentException("connections are 1 to 10,000, not " + connections);
      }
      this.maxConnections = connections;
      return this;
    }

    /** {@return the filter; started by the container's {@code init}, or by {@code start}} */
    public CohortForwarding build() {
      return new CohortForwarding(this);
    }
  }
}
