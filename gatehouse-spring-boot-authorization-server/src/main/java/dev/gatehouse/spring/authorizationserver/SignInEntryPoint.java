package dev.gatehouse.spring.authorizationserver;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.web.util.UriUtils;

/**
 * Where a browser goes that must sign in for a request at the provider's browser endpoints.
 *
 * <p>An authorization request with {@code prompt=none} is shown no page (OpenID Connect Core 1.0,
 * section 3.1.2.1): it is answered {@code login_required} at the client's redirect URI with its
 * {@code state}. Spring Authorization Server checks the request (client, redirect URI, scopes,
 * {@link SignInPrompt#validate}) before its sign-in is asked for, and hands the checked request on
 * to this point, so the error goes only where the server would send a code; the request is not kept
 * for after a sign-in.
 *
 * <p>Any other is sent to the pages' sign-in, {@value #LOGIN}, with the request's {@code
 * login_hint} handed on as the pages' {@code login_hint}: the pages only fill in the login form's
 * identifier with it, escaped, and drop one that is too long or has control characters. A hint is
 * never trusted.
 */
final class SignInEntryPoint extends LoginUrlAuthenticationEntryPoint {
  static final String LOGIN = "/login/";
  static final String LOGIN_HINT = "login_hint";

  /** Where the checked authorization request is while the server's filters run. */
  private static final String CHECKED =
      OAuth2AuthorizationCodeRequestAuthenticationToken.class.getName();

  SignInEntryPoint() {
    super(LOGIN);
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException signIn)
      throws IOException, ServletException {
    if (request.getAttribute(CHECKED)
            instanceof OAuth2AuthorizationCodeRequestAuthenticationToken asked
        && SignInPrompt.silent(asked)) {
      // Kept by the server's exception handling before it came here: a later sign-in at the
      // pages must not go on to a silent request.
      new HttpSessionRequestCache().removeRequest(request, response);
      AuthorizationErrors.handler()
          .onAuthenticationFailure(
              request,
              response,
              new OAuth2AuthorizationCodeRequestAuthenticationException(
                  new OAuth2Error(
                      "login_required",
                      "the user must sign in (prompt=none asked for no page)",
                      null),
                  asked));
      return;
    }
    super.commence(request, response, signIn);
  }

  @Override
  protected String determineUrlToUseForThisRequest(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException exception) {
    String[] hints = request.getParameterValues(LOGIN_HINT);
    if (hints == null || hints.length != 1 || hints[0].isBlank()) {
      return LOGIN;
    }
    return LOGIN + "?" + LOGIN_HINT + "=" + UriUtils.encode(hints[0], StandardCharsets.UTF_8);
  }
}
