package dev.gatehouse.spring.web;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.spring.web.browser.SignedInBrowser;
import dev.gatehouse.spring.web.config.GatehouseHttpProperties;
import dev.gatehouse.spring.web.internal.BrowserCallers;
import dev.gatehouse.spring.web.internal.ModuleCredentialCallers;
import dev.gatehouse.spring.web.internal.ProblemEntryPoint;
import dev.gatehouse.spring.web.internal.shared.ContractCors;
import dev.gatehouse.spring.web.internal.shared.ContractPaths;
import dev.gatehouse.spring.web.internal.simplejwt.SimpleJwtRoutes;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationContext;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.CorsFilter;

/**
 * The settings of the default filter chain, as a bean a host applies to a chain of its own: the
 * bearer-token chain for the HTTP contract and the host's API, kept beside a chain the host adds
 * for other paths (server-rendered pages with a cookie session, say), which would otherwise replace
 * the default one.
 *
 * <pre>
 * &#64;Bean
 * &#64;Order(2)
 * SecurityFilterChain api(HttpSecurity http, GatehouseHttpSecurity gatehouse) throws Exception {
 *   gatehouse.applyTo(http);
 *   return http.build();
 * }
 * </pre>
 *
 * <p>With a {@link SignedInBrowser} (the pages' sign-in, unless {@code
 * gatehouse.pages.host-sign-in: false}), a request outside the contract's routes that carries no
 * bearer token is authenticated by the browser's signed-in session, with the authorities its access
 * token would get as a bearer; such a request's changes need the session's CSRF token, and a
 * session in which someone acts for the user only reads there, unless {@code
 * gatehouse.http.impersonation-allowed} lists the change. Bearer-token requests stay CSRF-free. A
 * browser that is not signed in and asks for a page (a {@code GET} accepting HTML) is sent to its
 * {@linkplain SignedInBrowser#signInPage() sign-in page} (the pages' {@code /login/}) instead of
 * 401.
 *
 * <p>With an installed module that declares a header credential ({@link
 * dev.gatehouse.core.module.ModuleCredential}, an API key in {@code X-API-Key}, say), a request
 * outside the contract's routes that carries that header is authenticated by it, through the
 * sign-in pipeline's checks, with the authorities a bearer token of the account would get and
 * {@code amr} the credential's method; a wrong credential is a 401 in the contract's shape, and a
 * request that carries both a bearer token and a module's credential is refused (400 {@code
 * bad_request}).
 *
 * <p>What it sets: stateless, no CSRF for bearer tokens, the contract's routes, the JWKS and {@code
 * /error} open, actuator's health (liveness and readiness included) and info open unless {@code
 * gatehouse.http.open-health=false}, the paths of {@code gatehouse.http.public-paths} open, every
 * other request authenticated by one of Gatehouse's access tokens, 401 and 403 as problem bodies
 * with {@code WWW-Authenticate: Bearer} (under the base path of a peer's contract, the peer's
 * answers), the contract's CORS. With simplejwt's token views ({@code
 * gatehouse.http.simplejwt.enabled}), their four paths are open too and a bearer token sent to them
 * is ignored, as simplejwt's views ignore it. Under the {@code fastapi-users} contract's base path
 * the chain does not read the bearer token either: the routes that need a caller verify it
 * themselves, and the others ignore it, as FastAPI-Users does.
 */
public final class GatehouseHttpSecurity {
  private final GatehouseHttpProperties properties;
  private final JwtDecoder decoder;
  private final JwtAuthenticationConverter converter;
  private final ContractCors cors;
  private final List<String> openPaths;
  private final @Nullable SignedInBrowser browser;
  private final Gatehouse gatehouse;

  GatehouseHttpSecurity(
      Gatehouse gatehouse,
      GatehouseHttpProperties properties,
      JwtDecoder decoder,
      JwtAuthenticationConverter converter,
      ContractCors cors,
      List<String> healthPaths,
      @Nullable SignedInBrowser browser) {
    this.properties = properties;
    List<String> open = new ArrayList<>();
    if (properties.isOpenHealth()) {
      open.addAll(healthPaths);
    }
    open.addAll(properties.getPublicPaths());
    this.openPaths = List.copyOf(open);
    this.decoder = decoder;
    this.converter = converter;
    this.cors = cors;
    this.browser = browser;
    this.gatehouse = gatehouse;
  }

  /**
   * Applies the default chain's settings to {@code http}. (Not a {@code Customizer<HttpSecurity>}
   * bean: Spring Security applies those to every chain, the pages' too.)
   *
   * @param http the chain's builder
   */
  public void applyTo(HttpSecurity http) {
    ContractPaths contract =
        properties.isEnabled() ? GatehouseHttpAutoConfiguration.contractPaths(properties) : null;
    ProblemEntryPoint problems = new ProblemEntryPoint(contract, properties.getContract());
    SimpleJwtRoutes simplejwt =
        properties.getSimplejwt().isEnabled()
            ? new SimpleJwtRoutes(properties.getSimplejwt().getBasePath())
            : null;
    boolean fastapiUsers =
        contract != null
            && GatehouseHttpProperties.CONTRACT_FASTAPI_USERS.equals(properties.getContract());
    boolean jbDrfAuth =
        contract != null
            && GatehouseHttpProperties.CONTRACT_JB_DRF_AUTH.equals(properties.getContract());
    BearerTokenResolver resolver = null;
    if (simplejwt != null || fastapiUsers || jbDrfAuth) {
      BearerTokenResolver standard = bearerTokenResolver(http);
      // FastAPI-Users reads the token only on the routes that need a user, so a stale token a
      // client attaches to every request must not turn its login or registration into a 401.
      // Under the base path the chain leaves the token alone; the routes that need a caller verify
      // it themselves (Caller), and refuse it in FastAPI-Users' shape.
      BearerTokenResolver outsideFastapiUsers =
          fastapiUsers
              ? request -> contract.opens(request) ? null : standard.resolve(request)
              : standard;
      // jb-drf-auth's token/refresh/ is simplejwt's TokenRefreshView, which has no
      // authentication classes: the expired access token a client sends along with its refresh is
      // ignored there, never refused.
      String jbRefresh = contract == null ? null : contract.basePath() + "/token/refresh/";
      BearerTokenResolver outsideJbRefresh =
          jbDrfAuth
              ? request ->
                  jbRefresh.equals(pathOf(request)) ? null : outsideFastapiUsers.resolve(request)
              : outsideFastapiUsers;
      resolver =
          simplejwt != null ? simplejwt.ignoringBearerOn(outsideJbRefresh) : outsideJbRefresh;
    }
    BearerTokenResolver bearer = resolver;
    AuthenticationEntryPoint anonymous;
    if (browser == null) {
      http.csrf(c -> c.disable());
      anonymous = problems;
    } else {
      BrowserCallers.applyTo(
          http, browser, converter, contract, properties.getImpersonationAllowed());
      anonymous = BrowserCallers.entryPoint(browser, problems, contract);
    }
    ModuleCredentialCallers.applyTo(
        http, gatehouse, converter, contract, properties.getImpersonationAllowed());
    http.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .requestCache(c -> c.disable())
        .formLogin(f -> f.disable())
        .httpBasic(b -> b.disable())
        .logout(l -> l.disable())
        .authorizeHttpRequests(
            a -> {
              if (contract != null) {
                a.requestMatchers(contract.openPatterns()).permitAll();
              }
              if (simplejwt != null) {
                a.requestMatchers(simplejwt.paths()).permitAll();
              }
              if (!openPaths.isEmpty()) {
                a.requestMatchers(openPaths.toArray(String[]::new)).permitAll();
              }
              a.requestMatchers("/error").permitAll().anyRequest().authenticated();
            })
        .oauth2ResourceServer(
            o -> {
              o.jwt(j -> j.decoder(decoder).jwtAuthenticationConverter(converter))
                  .authenticationEntryPoint(problems)
                  .accessDeniedHandler(problems);
              if (bearer != null) {
                o.bearerTokenResolver(bearer);
              }
            })
        .exceptionHandling(e -> e.authenticationEntryPoint(anonymous).accessDeniedHandler(problems))
        .addFilterBefore(problems.unavailableChecks(), BearerTokenAuthenticationFilter.class);
    if (cors != null) {
      http.addFilterAt(cors.filter(), CorsFilter.class);
    }
  }

  /**
   * Where actuator serves its health endpoint (and its groups, such as liveness and readiness) and
   * its info endpoint on the application's port, from {@code management.endpoints.web.base-path}
   * and {@code management.endpoints.web.path-mapping.*}.
   */
  static List<String> actuatorHealthPaths(org.springframework.core.env.Environment env) {
    String base = env.getProperty("management.endpoints.web.base-path", "/actuator");
    String prefix = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    String health =
        prefix + "/" + env.getProperty("management.endpoints.web.path-mapping.health", "health");
    String info =
        prefix + "/" + env.getProperty("management.endpoints.web.path-mapping.info", "info");
    return List.of(health, health + "/**", info);
  }

  /** The request's path without the context path. */
  private static String pathOf(jakarta.servlet.http.HttpServletRequest request) {
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    return context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri;
  }

  /** The host's {@link BearerTokenResolver} bean if it has one, as Spring Security would use. */
  private static BearerTokenResolver bearerTokenResolver(HttpSecurity http) {
    ApplicationContext context = http.getSharedObject(ApplicationContext.class);
    return context == null
        ? new DefaultBearerTokenResolver()
        : context
            .getBeanProvider(BearerTokenResolver.class)
            .getIfAvailable(DefaultBearerTokenResolver::new);
  }

  @Override
  public String toString() {
    return "GatehouseHttpSecurity[contract=" + properties.isEnabled() + "]";
  }
}
