package dev.gatehouse.spring.web.internal;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.token.SignedInCaller;
import dev.gatehouse.spring.web.browser.SignedInBrowser;
import dev.gatehouse.spring.web.browser.SignedInBrowser.LiveToken;
import dev.gatehouse.spring.web.internal.shared.ContractPaths;
import dev.gatehouse.spring.web.internal.shared.ImpersonationRule;
import dev.gatehouse.spring.web.internal.shared.Problems;
import dev.gatehouse.spring.web.token.GatehouseJwtDecoder;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.session.NullAuthenticatedSessionStrategy;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The host's own routes for a browser signed in through its cookie session ({@link
 * SignedInBrowser}, the pages' sign-in): a request the bearer-token filter left unauthenticated,
 * with no {@code Authorization} header and a session cookie, outside the contract's routes, is
 * authenticated by the session's live access token exactly as that token sent as a bearer would be
 * (the same principal, roles and scopes through the chain's converter, from the live check's
 * reading: the token is verified once per request); its changes need the session's CSRF token; and
 * a session in which someone acts for the user only reads, unless the host lists the change ({@link
 * ImpersonationRule}). The contract's routes stay bearer-only.
 */
public final class BrowserCallers extends OncePerRequestFilter {
  private final SignedInBrowser browser;
  private final JwtAuthenticationConverter converter;
  private final @Nullable ContractPaths contract;
  private final Predicate<HttpServletRequest> impersonationAllowed;
  private final SecurityContextHolderStrategy contexts =
      SecurityContextHolder.getContextHolderStrategy();

  private BrowserCallers(
      SignedInBrowser browser,
      JwtAuthenticationConverter converter,
      @Nullable ContractPaths contract,
      List<String> impersonationAllowed) {
    this.browser = browser;
    this.converter = converter;
    this.contract = contract;
    this.impersonationAllowed = ImpersonationAllowed.of(impersonationAllowed);
  }

  /**
   * Adds the browser's sign-in to a bearer-token chain: the CSRF check for a cookie's changes, and
   * the filter after the bearer-token filter.
   *
   * @param http the chain's builder
   * @param browser the browser's sign-in
   * @param converter the chain's converter
   * @param contract where the contract lives, or {@code null}
   * @param impersonationAllowed {@code gatehouse.http.impersonation-allowed}
   */
  public static void applyTo(
      HttpSecurity http,
      SignedInBrowser browser,
      JwtAuthenticationConverter converter,
      @Nullable ContractPaths contract,
      List<String> impersonationAllowed) {
    BrowserCallers filter = new BrowserCallers(browser, converter, contract, impersonationAllowed);
    http.csrf(
            c ->
                c.csrfTokenRepository(browser.csrfTokens())
                    .csrfTokenRequestHandler(browser.csrfTokenRequestHandler())
                    .sessionAuthenticationStrategy(new NullAuthenticatedSessionStrategy())
                    .requireCsrfProtectionMatcher(
                        r -> !ImpersonationRule.reads(r) && !safe(r) && filter.byCookie(r)))
        .addFilterAfter(filter, BearerTokenAuthenticationFilter.class)
        // The browser signed in at the pages, whose chain gave it a new session id and CSRF token
        // then. Here each request is authenticated again (a stateless chain): as a new sign-in, the
        // chain's session management would change the session's id and its CSRF token at every
        // request, and a page's form would fail after the next request of another tab.
        .sessionManagement(
            s -> s.sessionAuthenticationStrategy(new NullAuthenticatedSessionStrategy()));
  }

  /** OPTIONS and TRACE change nothing either (Spring Security's own list of safe methods). */
  private static boolean safe(HttpServletRequest request) {
    String m = request.getMethod();
    return "OPTIONS".equals(m) || "TRACE".equals(m);
  }

  /** Whether the request may be authenticated by the browser's cookie session. */
  private boolean byCookie(HttpServletRequest request) {
    return request.getHeader(HttpHeaders.AUTHORIZATION) == null
        && request.getRequestedSessionId() != null
        && (contract == null || !contract.covers(request));
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (contexts.getContext().getAuthentication() != null || !byCookie(request)) {
      chain.doFilter(request, response);
      return;
    }
    Optional<LiveToken> live = browser.signedIn(request, response);
    if (live.isPresent()) {
      SignedInCaller caller = SignedInCaller.of(live.get().verified());
      if (ImpersonationRule.refuses(request, caller.acting(), impersonationAllowed)) {
        Problems.write(
            response,
            ErrorCode.IMPERSONATION_REFUSED,
            "a session in which someone acts for the account may not make this change");
        return;
      }
      AbstractAuthenticationToken authentication = authenticate(live.get());
      if (authentication != null) {
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(authentication);
        contexts.setContext(context);
      }
    }
    chain.doFilter(request, response);
  }

  /**
   * The live token as the chain reads a bearer token (the same {@link Jwt} and the chain's
   * converter), from the reading the browser's live check verified: the token is not verified a
   * second time. {@code null} when its header does not parse.
   */
  private @Nullable AbstractAuthenticationToken authenticate(LiveToken live) {
    try {
      return converter.convert(GatehouseJwtDecoder.verified(live.accessToken(), live.verified()));
    } catch (JwtException refused) {
      return null;
    }
  }

  /**
   * The chain's answer to a request without a caller: a browser that is not signed in and asks for
   * a host page ({@code GET} or {@code HEAD} accepting HTML, no {@code Authorization} header,
   * outside the contract's routes) is sent to the browser's sign-in page, when it has one; any
   * other request gets {@code otherwise} (401).
   *
   * @param browser the browser's sign-in
   * @param otherwise the chain's 401
   * @param contract where the contract lives, or {@code null}
   * @return the entry point
   */
  public static AuthenticationEntryPoint entryPoint(
      SignedInBrowser browser,
      AuthenticationEntryPoint otherwise,
      @Nullable ContractPaths contract) {
    Optional<String> page = browser.signInPage();
    if (page.isEmpty()) {
      return otherwise;
    }
    MediaTypeRequestMatcher html = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
    html.setIgnoredMediaTypes(Set.of(MediaType.ALL));
    RequestMatcher navigation =
        r ->
            ImpersonationRule.reads(r)
                && r.getHeader(HttpHeaders.AUTHORIZATION) == null
                && (contract == null || !contract.covers(r))
                && html.matches(r);
    AuthenticationEntryPoint signIn = new LoginUrlAuthenticationEntryPoint(page.get());
    return (request, response, e) ->
        (navigation.matches(request) ? signIn : otherwise).commence(request, response, e);
  }
}
