package dev.gatehouse.spring.authorizationserver;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.core.token.SignedInCaller;
import dev.gatehouse.spring.pages.BrowserSession;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Hands the browser's Gatehouse sign-in at the pages to the provider's browser endpoints (the
 * authorization endpoint, its consent, RP-initiated logout), for this request only: the user is the
 * Gatehouse session's, checked live at each request, so a session ended elsewhere signs the browser
 * out of the provider too. Without a live session the request stays anonymous, and the
 * authorization endpoint sends the browser to the pages' sign-in, which brings it back.
 *
 * <p>The caller is read through the one caller rule ({@link SignedInCaller}): an impersonation is
 * marked as such ({@link ProviderPrincipal#acting()}), so the authorization endpoint refuses it,
 * and a sign-in time the session does not know is not claimed. The filter runs right after the
 * chain's security context is set up, before the logout endpoint, so that RP-initiated logout
 * compares its {@code id_token_hint} with this browser's user.
 *
 * <p>An authorization request that asks for a sign-in newer than the browser's ({@code
 * prompt=login}, {@code max_age}: {@link SignInPrompt}) is left anonymous until that sign-in has
 * happened.
 */
final class BrowserSessionFilter extends OncePerRequestFilter {
  private final BrowserSession browser;
  private final RequestMatcher browserEndpoints;
  private final SignInPrompt prompt;

  BrowserSessionFilter(
      BrowserSession browser, RequestMatcher browserEndpoints, SignInPrompt prompt) {
    this.browser = requireNonNull(browser, "browser");
    this.browserEndpoints = requireNonNull(browserEndpoints, "browserEndpoints");
    this.prompt = requireNonNull(prompt, "prompt");
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !browserEndpoints.matches(request);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Optional<VerifiedAccessToken> signedIn = browser.signedIn(request, response);
    if (signedIn.isEmpty()) {
      prompt.signedOut(request);
    } else {
      SignedInCaller caller = SignedInCaller.of(signedIn.get());
      // A request that asks for a newer sign-in (prompt=login, max_age) stays anonymous: the
      // browser signs in again, or the client is answered login_required (prompt=none).
      if (prompt.answers(request, caller)) {
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(ProviderPrincipal.of(caller));
        SecurityContextHolder.setContext(context);
      }
    }
    chain.doFilter(request, response);
  }
}
