package dev.gatehouse.spring.pages;

import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;

/**
 * A browser's sign-in at the pages, for another part of the host that serves the same browser (the
 * OpenID provider's authorization endpoint of {@code gatehouse-spring-boot-authorization-server}).
 * A bean of the pages; thread-safe.
 *
 * <p>A request another filter chain sends to {@code /login/} after saving it in Spring Security's
 * request cache ({@code HttpSessionRequestCache}) comes back there once the browser signed in, by
 * whichever method (password, code, magic link, social, passkey, second step, an organisation's
 * provider).
 */
public interface BrowserSession {

  /**
   * The Gatehouse session this browser signed in to, verified live (not ended, not expired; an
   * expired access token is refreshed once); empty, with the browser signed out, when that session
   * ended elsewhere or the browser never signed in.
   *
   * @param request the browser's request
   * @param response its response (the sign-out clears the session cookie)
   * @return the live access token of the browser's Gatehouse session
   */
  Optional<VerifiedAccessToken> signedIn(HttpServletRequest request, HttpServletResponse response);

  /**
   * Ends this browser's Gatehouse session and then the browser's own (its HTTP session and cookie),
   * as the pages' sign-out does.
   *
   * @param request the browser's request
   * @param response its response
   */
  void signOut(HttpServletRequest request, HttpServletResponse response);
}
