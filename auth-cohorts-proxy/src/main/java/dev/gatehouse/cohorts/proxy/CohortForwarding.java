package dev.gatehouse.cohorts.proxy;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.cohorts.CohortService;
import dev.gatehouse.cohorts.Server;
import dev.gatehouse.core.session.SessionService;
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
import java.time.Duration;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.mitre.dsmiley.httpproxy.ProxyServlet;

/**
 * One base URL for every client while both systems serve: a servlet filter in front of the legacy
 * contract's routes (those under {@link Builder#basePath}, {@code /auth/} by default) that forwards
 * a request of a user whose cohort the legacy system serves to the legacy system, with its method,
 * path, query, body and headers (the {@code Host} included; the forwarding headers written from the
 * peer the container gives, and only the legacy system's cookies, {@link Builder#legacyCookies}),
 * and answers with the legacy system's status and body, in the host's headers ({@link
 * Builder#hostHeaders}), through smiley-http-proxy-servlet on Apache HttpClient; every other
 * request goes on to Gatehouse. Thread-safe.
 *
 * <p>Who a request is of, from what is verified only, so that no caller chooses the system:
 *
 * <ul>
 *   <li>a sign-in ({@link Builder#signInRoutes}) by the identifier in its JSON body alone ({@link
 *       Builder#identifierFields}), as a sign-in ({@link CohortService#forSignIn}); any token it
 *       carries is not read. An identifier no legacy account has is answered as a random known
 *       account's would be ({@link CohortService#forUnknown});
 *   <li>a refresh by its refresh token ({@link Builder#refreshFields}), once verified: a legacy
 *       token by the host's directory ({@link LegacyDirectory#byLegacyToken}); its owner's cohort
 *       decides as for a session ({@link CohortService#forSession});
 *   <li>the second request of a link the legacy system mailed ({@link Builder#linkRoutes}: a
 *       password reset's confirmation, a registration's), anonymous, by its {@code uid} and {@code
 *       token} once the directory verified them as the legacy system's ({@link
 *       LegacyDirectory#byLegacyLink}): to the legacy system, which issued it and alone can use it;
 *       any other link to Gatehouse, which takes its own and refuses the rest;
 *   <li>a route the legacy system does not have ({@link Builder#gatehouseRoutes}: Gatehouse's own,
 *       such as the cohorts' steps {@code cohorts/…}, the token exchange, the contact changes, a
 *       sign-up) to Gatehouse, whoever asks;
 *   <li>any other request by the verified owner of its bearer token ({@code Authorization: Bearer
 *       …} or {@code JWT …}): a Gatehouse access token verified by Gatehouse ({@link
 *       Builder#sessions}), a legacy one by the directory;
 *   <li>a token that does not verify, or of no legacy account, is no one's: Gatehouse answers, as
 *       it answers anything else.
 * </ul>
 *
 * <p>A Spring Boot host registers it for the contract's paths, before Spring Security's chain:
 *
 * <pre>{@code
 * @Bean
 * FilterRegistrationBean<CohortForwarding> cohortForwarding(
 *     Gatehouse gatehouse, LegacyDirectory directory) {
 *   var filter = CohortForwarding.builder(gatehouse.feature(CohortService.class),
 *       URI.create("http://legacy.internal:8000"), directory)
 *       .sessions(gatehouse.sessions())
 *       .build();
 *   var registration = new FilterRegistrationBean<>(filter);
 *   registration.addUrlPatterns("/auth/*");
 *   registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
 *   return registration;
 * }
 * }</pre>
 *
 * <p>A request the filter forwards and the legacy system cannot take (it refuses the connection, or
 * does not answer within {@link Builder#connectTimeout} and {@link Builder#readTimeout}) is
 * answered 503 with {@code Retry-After} ({@link Builder#retryAfter}) and counted for its user's
 * cohort ({@link CohortService#legacyUnavailable}); it never falls through to Gatehouse, and the
 * requests Gatehouse serves are not touched.
 *
 * <p>A host that does not add this module has no such filter and pays nothing; a request outside
 * the base path costs a string comparison.
 */
public final class CohortForwarding implements Filter {
  private final CohortService cohorts;
  private final URI legacy;
  private final String basePath;
  private final Set<String> signInRoutes;
  private final Set<String> completingRoutes;
  private final Set<String> linkRoutes;
  private final List<String> gatehouseRoutes;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final Duration retryAfter;
  private final String refreshRoute;
  private final List<String> identifierFields;
  private final List<String> refreshFields;
  private final Set<String> legacyCookies;
  private final Map<String, String> hostHeaders;
  private final int maxBody;
  private final int maxConnections;
  private final TokenOwner owners;
  private final LegacyDirectory directory;
  private final ForwardingDecisions decisions;
  private volatile @Nullable ProxyServlet proxy;

  private CohortForwarding(Builder b) {
    this.cohorts = b.cohorts;
    this.legacy = b.legacy;
    this.basePath = b.basePath;
    this.signInRoutes = Set.copyOf(b.signInRoutes);
    this.completingRoutes = Set.copyOf(b.completingRoutes);
    this.linkRoutes = Set.copyOf(b.linkRoutes);
    this.gatehouseRoutes = List.copyOf(b.gatehouseRoutes);
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.retryAfter = b.retryAfter;
    this.refreshRoute = b.refreshRoute;
    this.identifierFields = List.copyOf(b.identifierFields);
    this.refreshFields = List.copyOf(b.refreshFields);
    this.legacyCookies = Set.copyOf(b.legacyCookies);
    this.hostHeaders = Map.copyOf(b.hostHeaders);
    this.maxBody = b.maxBody;
    this.maxConnections = b.maxConnections;
    this.directory = b.directory;
    this.owners = new TokenOwner(b.directory, b.sessions);
    this.decisions =
        new ForwardingDecisions(
            cohorts, directory, owners, identifierFields, refreshFields, hostHeaders, retryAfter);
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
        Map.ofEntries(
            Map.entry(ProxyServlet.P_TARGET_URI, legacy.toString()),
            // The legacy system sees the request as the client sent it: its host, its redirects
            // answered to the client. The forwarding headers and the cookies are
            // LegacyBoundRequest's
            // (written from the peer; the legacy system's cookies only), passed as they are.
            Map.entry(ProxyServlet.P_PRESERVEHOST, "true"),
            Map.entry(ProxyServlet.P_FORWARDEDFOR, "false"),
            Map.entry(ProxyServlet.P_PRESERVECOOKIES, "true"),
            Map.entry(ProxyServlet.P_PRESERVECOOKIEPATH, "true"),
            Map.entry(ProxyServlet.P_HANDLEREDIRECTS, "false"),
            Map.entry(ProxyServlet.P_HANDLECOMPRESSION, "false"),
            Map.entry(ProxyServlet.P_MAXCONNECTIONS, Integer.toString(maxConnections)),
            Map.entry(ProxyServlet.P_CONNECTTIMEOUT, Long.toString(connectTimeout.toMillis())),
            Map.entry(ProxyServlet.P_READTIMEOUT, Long.toString(readTimeout.toMillis())),
            Map.entry(
                ProxyServlet.P_CONNECTIONREQUESTTIMEOUT, Long.toString(connectTimeout.toMillis())),
            Map.entry(ProxyServlet.P_LOG, "false"));
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
    Routing routing = routing(route);
    BufferedRequest buffered;
    if (routing.readsBody()) {
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
    ForwardingDecisions.Decision decision = decisions.decide(routing, route, buffered);
    if (decision.server() == Server.LEGACY) {
      ProxyServlet p = proxy;
      if (p == null) {
        throw new ServletException("the cohort forwarding was not started (init or start)");
      }
      try {
        p.service(
            new LegacyBoundRequest(buffered, legacyCookies),
            new HostShapedResponse(response, hostHeaders));
      } catch (IOException e) {
        if (!ForwardingDecisions.unreachable(e) || response.isCommitted()) {
          throw e;
        }
        decisions.unavailable(response, decision.member());
        return;
      }
    } else {
      chain.doFilter(buffered, response);
    }
    if (routing == Routing.IDENTIFIER
        && decision.member() != null
        && completingRoutes.contains(route)) {
      int status = response.getStatus();
      cohorts.signInAnswered(decision.member(), decision.server(), status >= 200 && status < 300);
    }
  }

  /** {@return how the route, under the base path, is decided} */
  Routing routing(String route) {
    if (signInRoutes.contains(route)) {
      return Routing.IDENTIFIER;
    }
    if (route.equals(refreshRoute)) {
      return Routing.REFRESH_TOKEN;
    }
    if (linkRoutes.contains(route)) {
      return Routing.LINK;
    }
    for (String own : gatehouseRoutes) {
      if (own.endsWith("*")
          ? route.startsWith(own.substring(0, own.length() - 1))
          : route.equals(own)) {
        return Routing.GATEHOUSE;
      }
    }
    return Routing.BEARER;
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
        Set.of(
            "login/basic/",
            "otp/request/",
            "otp/verify/",
            "password-reset/request/",
            "registration/account-confirmation-email/resend/");
    private Set<String> completingRoutes = Set.of("login/basic/", "otp/verify/");
    private Set<String> linkRoutes =
        Set.of("password-reset/confirm/", "registration/account-confirmation-email/");
    // What jb-drf-auth does not serve (Gatehouse's own routes), and the anonymous routes no legacy
    // account names (a sign-up, a social sign-in's provider token, the first superuser's
    // bootstrap).
    private List<String> gatehouseRoutes =
        List.of(
            "cohorts",
            "cohorts/*",
            "register/",
            "token/exchange/",
            "account/email/*",
            "account/phone/*",
            "login/social/",
            "login/social/precheck/",
            "admin/create-superuser/",
            "openapi.json");
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration readTimeout = Duration.ofSeconds(30);
    private Duration retryAfter = Duration.ofSeconds(30);
    private String refreshRoute = "token/refresh/";
    // jb-drf-auth's password sign-in names its user in "login" (its LoginSerializer).
    private List<String> identifierFields =
        List.of("login", "email", "username", "phone", "identifier");
    private List<String> refreshFields = List.of("refresh", "refreshToken");
    private @Nullable SessionService sessions;
    // Django's session and CSRF cookies: what a jb-drf-auth project sets.
    private Set<String> legacyCookies = Set.of("sessionid", "csrftoken");
    // Spring Security's default headers, which the starter's chain writes on every contract answer.
    private Map<String, String> hostHeaders =
        Map.of(
            "Cache-Control", "no-cache, no-store, max-age=0, must-revalidate",
            "Pragma", "no-cache",
            "Expires", "0",
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "X-XSS-Protection", "0");
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
     * {@code login/basic/}, {@code otp/request/}, {@code otp/verify/}, {@code
     * password-reset/request/} and {@code registration/account-confirmation-email/resend/}.
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
     * The routes, under the base path, that are the second request of a link the legacy system
     * mailed, with its {@code uid} and {@code token} in the JSON body: sent to the legacy system
     * when the directory verifies the link as its own ({@link LegacyDirectory#byLegacyLink}), to
     * Gatehouse otherwise. By default jb-drf-auth's {@code password-reset/confirm/} and {@code
     * registration/account-confirmation-email/}.
     *
     * @param routes the routes
     * @return this builder
     */
    public Builder linkRoutes(String... routes) {
      this.linkRoutes = Set.of(requireNonNull(routes, "routes"));
      return this;
    }

    /**
     * The routes, under the base path, that Gatehouse answers whoever asks: those the legacy system
     * does not have (the cohorts' own {@code cohorts/…}, so that staff take every step through the
     * base URL; the token exchange; the contact changes) and the anonymous ones that name no legacy
     * account (a sign-up, a social sign-in, the first superuser). A route ending in {@code *} is
     * every route that starts with what precedes it. The default is jb-drf-auth's contract's; a
     * host whose legacy system serves more lists its own.
     *
     * @param routes the routes, e.g. {@code token/exchange/} or {@code cohorts/*}
     * @return this builder
     */
    public Builder gatehouseRoutes(String... routes) {
      this.gatehouseRoutes = List.of(requireNonNull(routes, "routes"));
      return this;
    }

    /**
     * How long the filter waits for a connection to the legacy system (and for one of its pool)
     * before it answers 503.
     *
     * @param timeout 1 ms to 1 minute; 2 s by default
     * @return this builder
     * @throws IllegalArgumentException when out of range
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = within(timeout, Duration.ofMinutes(1), "a connect time-out");
      return this;
    }

    /**
     * How long the filter waits for the legacy system's answer, between two reads, before it
     * answers 503.
     *
     * @param timeout 1 ms to 10 minutes; 30 s by default
     * @return this builder
     * @throws IllegalArgumentException when out of range
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = within(timeout, Duration.ofMinutes(10), "a read time-out");
      return this;
    }

    /**
     * The {@code Retry-After} of the 503 answered while the legacy system cannot be reached.
     *
     * @param wait 1 s to 1 hour; 30 s by default
     * @return this builder
     * @throws IllegalArgumentException when out of range
     */
    public Builder retryAfter(Duration wait) {
      requireNonNull(wait, "wait");
      if (wait.toSeconds() < 1 || wait.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException("a Retry-After is 1 s to 1 hour, not " + wait);
      }
      this.retryAfter = wait;
      return this;
    }

    private static Duration within(Duration d, Duration most, String what) {
      requireNonNull(d, "timeout");
      if (d.toMillis() < 1 || d.compareTo(most) > 0) {
        throw new IllegalArgumentException(what + " is 1 ms to " + most + ", not " + d);
      }
      return d;
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
     * Gatehouse's sessions, which verify a Gatehouse access token ({@link
     * SessionService#verifyAccessToken}: signature, issuer, audience, expiry) before its subject
     * routes a request. Without them no Gatehouse token is verified here, and a request carrying
     * one goes where a request without a token goes: to Gatehouse.
     *
     * @param sessions {@code gatehouse.sessions()}
     * @return this builder
     */
    public Builder sessions(SessionService sessions) {
      this.sessions = requireNonNull(sessions, "sessions");
      return this;
    }

    /**
     * The members of a refresh's body that hold the refresh token, the first present wins; by
     * default {@code refresh} (simplejwt's) and {@code refreshToken}.
     *
     * @param fields the members
     * @return this builder
     */
    public Builder refreshFields(String... fields) {
      this.refreshFields = List.of(requireNonNull(fields, "fields"));
      return this;
    }

    /**
     * The cookies of the legacy system, the only ones a forwarded request carries: the host's own
     * (its pages' session, the SAML and social sign-in cookies, a remembered device, any the host
     * adds later) never reach the legacy system. By default Django's {@code sessionid} and {@code
     * csrftoken}.
     *
     * @param names the cookies' names, exactly as sent
     * @return this builder
     */
    public Builder legacyCookies(String... names) {
      this.legacyCookies = Set.of(requireNonNull(names, "names"));
      return this;
    }

    /**
     * The headers the host's own answers carry on the contract's routes, written on every answer of
     * the legacy system in place of its own security and cache headers, so that the header names do
     * not tell which system answered. By default the set Spring Security writes (the starter's
     * chain): {@code Cache-Control}, {@code Pragma}, {@code Expires}, {@code
     * X-Content-Type-Options}, {@code X-Frame-Options} and {@code X-XSS-Protection}, with Spring
     * Security's values. A host whose chain writes others (HSTS on HTTPS, a CSP) lists them here.
     *
     * @param headers the headers' names and values
     * @return this builder
     */
    public Builder hostHeaders(Map<String, String> headers) {
      this.hostHeaders = Map.copyOf(requireNonNull(headers, "headers"));
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
