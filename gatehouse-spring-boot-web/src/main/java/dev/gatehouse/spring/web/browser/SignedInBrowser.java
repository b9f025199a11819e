package dev.gatehouse.spring.web.browser;

import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;

/**
 * A browser's sign-in as the host's own routes see it: the Gatehouse session a cookie session holds
 * (the pages' sign-in at {@code /login/}). With a bean of this type, the starter's bearer-token
 * chain ({@link dev.gatehouse.spring.web.GatehouseHttpSecurity}) authenticates a request that
 * carries no bearer token by the browser's session, with the same authorities a bearer token of
 * that session gets, and asks that request's changes for the CSRF token of {@link #csrfTokens()}.
 * {@code gatehouse-spring-boot-pages} provides one unless {@code gatehouse.pages.host-sign-in:
 * false}.
 *
 * <p>Called on the request's thread; implementations must be thread-safe.
 */
public interface SignedInBrowser {

  /**
   * The browser's Gatehouse session, verified live; empty when the browser is not signed in or its
   * session ended.
   *
   * @param request the browser's request
   * @param response its response (a sign-out found on the way clears the cookie)
   * @return the session's live access token
   */
  Optional<LiveToken> signedIn(HttpServletRequest request, HttpServletResponse response);

  /**
   * Where a browser that is not signed in is sent when it asks for one of the host's pages (a
   * {@code GET} that accepts HTML, without a bearer token): a path of this site, such as the pages'
   * {@code /login/}. Empty (the default) answers such a request 401, as any other.
   *
   * @return the sign-in page's path, or empty
   */
  default Optional<String> signInPage() {
    return Optional.empty();
  }

  /** {@return where the browser's CSRF tokens are kept, shared with the pages' forms} */
  CsrfTokenRepository csrfTokens();

  /** {@return how a request's CSRF token is read and offered to a page} */
  CsrfTokenRequestHandler csrfTokenRequestHandler();

  /**
   * A browser session's access token, as a bearer token would carry it, and its verified reading.
   *
   * @param accessToken the compact token (never logged nor shown)
   * @param verified the same token, verified live
   */
  record LiveToken(String accessToken, VerifiedAccessToken verified) {
    @Override
    public String toString() {
      return "LiveToken[user=" + verified.userPublicId() + "]";
    }
  }
}
