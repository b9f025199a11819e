package dev.gatehouse.spring.pages;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.UserView;
import dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.core.token.SignedInCaller;
import dev.gatehouse.spring.web.browser.SignedInBrowser.LiveToken;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.logout.CookieClearingLogoutHandler;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.util.WebUtils;

/**
 * A browser's sign-in: Gatehouse's tokens live in the server-side HTTP session, never in a page, a
 * URL or a cookie the browser can read; the browser holds only the session cookie. The access token
 * is checked live (its Gatehouse session not ended) on every page that acts for the user and
 * refreshed from the refresh token when it has expired.
 */
@Component
class PageSession implements BrowserSession {
  /** The pages' CSRF tokens, kept in the HTTP session and replaced at every sign-in. */
  static final CsrfTokenRepository CSRF_TOKENS = new HttpSessionCsrfTokenRepository();

  /**
   * The cookie of a browser remembered at the second step: the device token, HttpOnly, Secure,
   * SameSite=Lax, until it expires. Presented with every login, it skips that account's second
   * factor; it means nothing for another account.
   */
  static final String DEVICE_COOKIE = "gatehouse_device";

  private static final String TOKENS = PageSession.class.getName() + ".tokens";

  /**
   * An organisation's invitation this browser opened and has not accepted yet (its token, kept in
   * the session only): a sign-in in this browser comes back to it ({@code OrganizationPages}).
   */
  static final String INVITATION = PageSession.class.getName() + ".invitation";

  /**
   * Who is signed in, as the pages show it: Spring Security's principal.
   *
   * @param userId the user's public id
   * @param name the address, number or username the user is known by
   * @param staff whether the account was staff or superuser at the sign-in: it shows the link to
   *     the administration pages, which ask the admin service at every request
   * @param impersonated whether a staff member acts as the user (the token carries RFC 8693's
   *     {@code act}): every page says so
   */
  record SignedIn(UUID userId, String name, boolean staff, boolean impersonated) {}

  private final Gatehouse gatehouse;
  private final String sessionCookie;
  private final SecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

  PageSession(
      Gatehouse gatehouse,
      @Value("${server.servlet.session.cookie.name:JSESSIONID}") String sessionCookie) {
    this.gatehouse = gatehouse;
    this.sessionCookie = sessionCookie;
  }

  static ClientInfo client(HttpServletRequest request) {
    ClientInfo client =
        new ClientInfo(
            SessionService.CLIENT_WEB,
            request.getRemoteAddr(),
            request.getHeader(HttpHeaders.USER_AGENT),
            null);
    Cookie device = WebUtils.getCookie(request, DEVICE_COOKIE);
    return device == null || device.getValue().isEmpty()
        ? client
        : client.withRememberedDevice(device.getValue());
  }

  /** Remembers this browser at the second step: the device token in its HttpOnly cookie. */
  static void rememberDevice(HttpServletResponse response, String token, Duration lifetime) {
    ResponseCookie cookie =
        ResponseCookie.from(DEVICE_COOKIE, token)
            .httpOnly(true)
            .secure(true)
            .sameSite("Lax")
            .path("/")
            .maxAge(lifetime)
            .build();
    response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
  }

  /**
   * Signs the browser in with the tokens of a login: a new session id (no fixation), a new CSRF
   * token, the tokens kept in the session.
   *
   * @return the signed-in user's public id
   */
  UUID signIn(HttpServletRequest request, HttpServletResponse response, TokenPair tokens) {
    VerifiedAccessToken token = gatehouse.sessions().verifyAccessToken(tokens.accessToken());
    UUID userId = token.userPublicId();
    UserView account = gatehouse.accounts().find(userId).orElse(null);
    String name = account == null ? userId.toString() : nameOf(account);
    boolean staff = account != null && (account.staff() || account.superuser());
    HttpSession existing = request.getSession(false);
    if (existing != null) {
      request.changeSessionId();
    }
    HttpSession session = request.getSession(true);
    session.setAttribute(TOKENS, tokens);
    CSRF_TOKENS.saveToken(null, request, response);
    Authentication auth =
        UsernamePasswordAuthenticationToken.authenticated(
            new SignedIn(userId, name, staff, SignedInCaller.of(token).acting()),
            null,
            List.of(new SimpleGrantedAuthority("ROLE_USER")));
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(auth);
    SecurityContextHolder.setContext(context);
    contexts.saveContext(context, request, response);
    return userId;
  }

  private static String nameOf(UserView a) {
    if (a.email() != null) {
      return a.email();
    }
    return a.phone() != null ? a.phone() : a.username();
  }

  /**
   * The signed-in caller's access token, verified with its session alive (refreshed once when it
   * has expired); {@code null}, with the browser signed out, when the session ended elsewhere.
   */
  VerifiedAccessToken live(HttpServletRequest request, HttpServletResponse response) {
    LiveToken live = liveToken(request, response);
    return live == null ? null : live.verified();
  }

  /** {@link #live}, with the compact token the host's routes authenticate as a bearer's. */
  LiveToken liveToken(HttpServletRequest request, HttpServletResponse response) {
    HttpSession session = request.getSession(false);
    TokenPair tokens = session == null ? null : (TokenPair) session.getAttribute(TOKENS);
    if (tokens == null) {
      return null;
    }
    try {
      return new LiveToken(
          tokens.accessToken(), gatehouse.sessions().verifyLiveAccessToken(tokens.accessToken()));
    } catch (InvalidTokenException expiredOrEnded) {
      try {
        TokenPair fresh = gatehouse.sessions().refresh(tokens.refreshToken(), client(request));
        session.setAttribute(TOKENS, fresh);
        return new LiveToken(
            fresh.accessToken(), gatehouse.sessions().verifyLiveAccessToken(fresh.accessToken()));
      } catch (AuthException ended) {
        clear(request, response);
        return null;
      }
    }
  }

  @Override
  public Optional<VerifiedAccessToken> signedIn(
      HttpServletRequest request, HttpServletResponse response) {
    return Optional.ofNullable(live(request, response));
  }

  /**
   * Keeps the new tokens of this browser's own session (a switch of the active organisation answers
   * them and the old refresh token stops working).
   */
  void replaceTokens(HttpServletRequest request, TokenPair tokens) {
    request.getSession().setAttribute(TOKENS, tokens);
  }

  /** Ends Gatehouse's session, then the browser's: the HTTP session and its cookie. */
  @Override
  public void signOut(HttpServletRequest request, HttpServletResponse response) {
    endGatehouseSession(request);
    clear(request, response);
  }

  /**
   * Ends the Gatehouse session whose tokens this browser holds, if any, and keeps the browser's own
   * session (a staff member's browser that takes an impersonation's tokens next).
   */
  void endGatehouseSession(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    TokenPair tokens = session == null ? null : (TokenPair) session.getAttribute(TOKENS);
    if (tokens != null) {
      session.removeAttribute(TOKENS);
      try {
        VerifiedAccessToken token = gatehouse.sessions().verifyAccessToken(tokens.accessToken());
        gatehouse.sessions().logout(token.userPublicId(), token.sessionId());
      } catch (InvalidTokenException expired) {
        gatehouse.sessions().logoutWithRefreshToken(tokens.refreshToken());
      }
    }
  }

  /** Forgets the browser's sign-in (Gatehouse's session is already over or ended elsewhere). */
  void clear(HttpServletRequest request, HttpServletResponse response) {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    new SecurityContextLogoutHandler().logout(request, response, auth);
    new CookieClearingLogoutHandler(sessionCookie).logout(request, response, auth);
  }
}
