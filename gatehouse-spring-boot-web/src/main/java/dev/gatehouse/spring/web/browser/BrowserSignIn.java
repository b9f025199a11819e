package dev.gatehouse.spring.web.browser;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.session.SignInResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;

/**
 * Where a browser lands after a module's {@linkplain
 * dev.gatehouse.core.module.ModuleRoute.Reads#FORM form route} signed it in, or refused to: the
 * host's browser session. {@code gatehouse-spring-boot-pages} provides one (the tokens kept in its
 * HTTP session, then its signed-in page or its second step); a host with pages of its own declares
 * a bean of this type. Without one, a form route's sign-in is answered as the contract's login
 * (JSON) and its refusal as the contract's problem.
 *
 * <p>Called on the request's thread, after the sign-in's transaction committed; implementations
 * must be thread-safe.
 */
public interface BrowserSignIn {
  /**
   * Keeps a sign-in with this browser (a new session id, no fixation).
   *
   * @param request the form post
   * @param response its response, for the session's cookie
   * @param result the sign-in: signed in, or waiting for its second step
   * @return where the browser goes next (a path of this site), answered with 303
   */
  URI signedIn(HttpServletRequest request, HttpServletResponse response, SignInResult result);

  /**
   * Shows a refused sign-in to the browser.
   *
   * @param request the form post
   * @param response its response
   * @param refusal why the route refused; its message is safe to show
   * @return where the browser goes next, answered with 303
   */
  URI refused(HttpServletRequest request, HttpServletResponse response, AuthException refusal);
}
