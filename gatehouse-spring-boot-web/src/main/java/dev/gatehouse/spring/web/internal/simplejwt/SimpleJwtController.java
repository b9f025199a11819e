package dev.gatehouse.spring.web.internal.simplejwt;

import static org.springframework.web.bind.annotation.RequestMethod.DELETE;
import static org.springframework.web.bind.annotation.RequestMethod.GET;
import static org.springframework.web.bind.annotation.RequestMethod.HEAD;
import static org.springframework.web.bind.annotation.RequestMethod.OPTIONS;
import static org.springframework.web.bind.annotation.RequestMethod.PATCH;
import static org.springframework.web.bind.annotation.RequestMethod.POST;
import static org.springframework.web.bind.annotation.RequestMethod.PUT;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException;
import dev.gatehouse.spring.web.config.GatehouseHttpProperties;
import dev.gatehouse.spring.web.internal.drf.DrfException;
import dev.gatehouse.spring.web.internal.drf.DrfForm;
import dev.gatehouse.spring.web.internal.drf.JbErrors;
import dev.gatehouse.spring.web.internal.shared.ContractSupport;
import dev.gatehouse.spring.web.internal.shared.PeerOpenApi;
import dev.gatehouse.spring.web.internal.shared.Replies;
import dev.gatehouse.spring.web.internal.shared.SecondStepAnswer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * djangorestframework-simplejwt's four token views ({@code gatehouse.http.simplejwt.enabled}),
 * answering as simplejwt 5.x does with its default settings: {@code TokenObtainPairView}, {@code
 * TokenRefreshView}, {@code TokenVerifyView} and {@code TokenBlacklistView}, with DRF's request
 * parsing and error shapes ({@link DrfForm}, {@link JbErrors}). The tokens are Gatehouse's: an
 * opaque refresh token of a session and Gatehouse's access token.
 *
 * <p>Every method of a view's path is mapped here, as DRF's {@code APIView} answers them all:
 * {@code POST} runs the view, {@code OPTIONS} describes it, the others are 405. ({@code OPTIONS} is
 * named explicitly: Spring MVC answers it itself for a mapping without methods.)
 */
@RestController
@RequestMapping("${gatehouse.http.simplejwt.base-path:/api/token}")
public class SimpleJwtController {
  /**
   * The views' route table as {@code docs/HTTP.md} shows it, generated from their route list.
   *
   * @param basePath the base path shown
   * @return the Markdown table
   */
  public static String routeTable(String basePath) {
    return PeerOpenApi.markdownTable(basePath, SimpleJwtOpenApiDocument.ROUTES);
  }

  /** What DRF's {@code APIView} sends on every answer of a view that only has {@code post}. */
  private static final String ALLOW = "POST, OPTIONS";

  static final String NO_ACTIVE_ACCOUNT = "No active account found with the given credentials";

  private static final String USERNAME = "username";
  private static final String EMAIL = "email";

  private static final Map<String, Object> OBTAIN =
      metadata(
          "Token Obtain Pair",
          "Takes a set of user credentials and returns an access and refresh JSON web\n"
              + "token pair to prove the authentication of those credentials.",
          USERNAME,
          field(true, false, "Username"),
          "password",
          field(true, false, "Password"));
  private static final Map<String, Object> REFRESH =
      metadata(
          "Token Refresh",
          "Takes a refresh type JSON web token and returns an access type JSON web\n"
              + "token if the refresh token is valid.",
          "refresh",
          field(true, false, "Refresh"),
          "access",
          field(false, true, "Access"));
  private static final Map<String, Object> VERIFY =
      metadata(
          "Token Verify",
          "Takes a token and indicates if it is valid.  This view provides no\n"
              + "information about a token's fitness for a particular use.",
          "token",
          field(true, false, "Token"));
  private static final Map<String, Object> BLACKLIST =
      metadata(
          "Token Blacklist",
          "Takes a token and blacklists it. Must be used with the\n"
              + "`rest_framework_simplejwt.token_blacklist` app installed.",
          "refresh",
          field(true, false, "Refresh"));

  private final Gatehouse gatehouse;
  private final boolean rotate;
  private final boolean checkSession;

  SimpleJwtController(Gatehouse gatehouse, GatehouseHttpProperties properties) {
    // Refuses a root base path at start-up, naming the key (the mapping alone would accept it).
    new SimpleJwtRoutes(properties.getSimplejwt().getBasePath());
    this.gatehouse = gatehouse;
    this.rotate = properties.getSimplejwt().isRotateRefreshTokens();
    this.checkSession = properties.isCheckSession();
  }

  /**
   * {@code TokenObtainPairView}: the user model's {@code USERNAME_FIELD} and {@code password} to
   * {@code {"refresh", "access"}}; any refused sign-in is simplejwt's {@code no_active_account}.
   */
  @RequestMapping(
      path = "/",
      method = {GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS})
  void obtain(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!posted(request, response, OBTAIN)) {
      return;
    }
    DrfForm f = DrfForm.read(request);
    // simplejwt names the identifier after the Django user model's USERNAME_FIELD: username by
    // default, email in the many projects whose custom user is keyed by it. Both are read;
    // username wins, and is the field asked for when neither came, as with the default model.
    String name = !f.has(USERNAME) && f.has(EMAIL) ? EMAIL : USERNAME;
    String identifier = f.chars(name, true, false, 0);
    // DRF's CharField trims a password too; simplejwt's clients get what they always got.
    String password = f.chars("password", true, false, 0);
    f.check();
    ClientInfo client = ContractSupport.client(request, SessionService.CLIENT_WEB);
    TokenPair pair;
    try {
      // A second step leaves as the jb-drf-auth contract's second-factor challenge: simplejwt
      // has no answer for it.
      pair =
          SecondStepAnswer.signedIn(
                  gatehouse.accounts().login(new LoginRequest(identifier, password, client)))
              .tokens();
    } catch (RateLimitedException e) {
      // No simplejwt answer exists for it: DRF's throttled answer.
      throw e;
    } catch (RejectedInputException e) {
      // Django's authenticate() returns None for an unknown user, a wrong password, an inactive
      // account and anything it cannot read alike; simplejwt answers all of them the same way.
      throw DrfException.detail(401, NO_ACTIVE_ACCOUNT);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("refresh", pair.refreshToken());
    m.put("access", pair.accessToken());
    Replies.ok(m).send(response);
  }

  /** {@code TokenRefreshView}: {@code {"refresh"}} to {@code {"access"}}. */
  @RequestMapping(
      path = "/refresh/",
      method = {GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS})
  public void refresh(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!posted(request, response, REFRESH)) {
      return;
    }
    Replies.ok(refresh(gatehouse, rotate, request)).send(response);
  }

  /**
   * {@code TokenVerifyView}: {@code {"token"}} to {@code {}} when it is a valid access token.
   * simplejwt verifies refresh tokens too, but Gatehouse's are opaque, not signed tokens. With
   * {@code gatehouse.http.check-session} (the default) a revoked session's token is refused too,
   * exactly as the host's routes refuse it, so the view answers as the host's API would.
   */
  @RequestMapping(
      path = "/verify/",
      method = {GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS})
  void verify(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!posted(request, response, VERIFY)) {
      return;
    }
    DrfForm f = DrfForm.read(request);
    String token = f.chars("token", true, false, 0);
    f.check();
    try {
      if (checkSession) {
        gatehouse.sessions().verifyUnrevokedAccessToken(token);
      } else {
        gatehouse.sessions().verifyAccessToken(token);
      }
    } catch (InvalidTokenException e) {
      throw JbErrors.invalidRefreshToken();
    }
    Replies.ok(Map.of()).send(response);
  }

  /**
   * {@code TokenBlacklistView}: {@code {"refresh"}} to {@code {}}, ending the token's session. A
   * token that is unknown or whose session already ended is {@code token_not_valid}, as simplejwt
   * answers an invalid or already blacklisted one.
   */
  @RequestMapping(
      path = "/blacklist/",
      method = {GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS})
  void blacklist(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (!posted(request, response, BLACKLIST)) {
      return;
    }
    DrfForm f = DrfForm.read(request);
    String refresh = f.chars("refresh", true, false, 0);
    f.check();
    if (!gatehouse.sessions().logoutWithRefreshToken(refresh)) {
      throw JbErrors.invalidRefreshToken();
    }
    Replies.ok(Map.of()).send(response);
  }

  /**
   * simplejwt's {@code TokenRefreshView}, which jb-drf-auth's {@code token/refresh/} route is too:
   * {@code {"access"}} without rotation (simplejwt's default), {@code {"access", "refresh"}} with.
   *
   * @param gatehouse the facade
   * @param rotate whether to rotate the refresh token
   * @param request the request, with {@code refresh} in its body
   * @return the answer's body
   * @throws DrfException 400 without a refresh token, 401 {@code token_not_valid} for one that does
   *     not work
   */
  public static Map<String, Object> refresh(
      Gatehouse gatehouse, boolean rotate, HttpServletRequest request) {
    DrfForm f = DrfForm.read(request);
    String refresh = f.chars("refresh", true, false, 0);
    f.check();
    ClientInfo client = ContractSupport.client(request, SessionService.CLIENT_WEB);
    Map<String, Object> m = new LinkedHashMap<>();
    try {
      if (rotate) {
        TokenPair pair = gatehouse.sessions().refresh(refresh, client);
        m.put("access", pair.accessToken());
        m.put("refresh", pair.refreshToken());
      } else {
        m.put("access", gatehouse.sessions().refreshWithoutRotation(refresh, client).accessToken());
      }
    } catch (RejectedInputException e) {
      // Whatever was wrong with the token; a failing database stays a 503, not a dead session.
      throw JbErrors.invalidRefreshToken();
    }
    return m;
  }

  /**
   * DRF's {@code APIView} around a view with only {@code post}: its {@code Allow} and {@code Vary}
   * on every answer, {@code OPTIONS} answered with the view's metadata, any other method 405.
   *
   * @return whether the request is a {@code POST} for the view to answer
   */
  private static boolean posted(
      HttpServletRequest request, HttpServletResponse response, Map<String, Object> metadata)
      throws IOException {
    // Set before the view runs so that its errors carry them too (the resolver keeps headers).
    response.setHeader(HttpHeaders.ALLOW, ALLOW);
    response.addHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT);
    String method = request.getMethod();
    if ("POST".equals(method)) {
      return true;
    }
    if ("OPTIONS".equals(method)) {
      Replies.ok(metadata).send(response);
      return false;
    }
    throw DrfException.detail(405, "Method \"" + method + "\" not allowed.");
  }

  /** DRF's {@code SimpleMetadata} of a view, rendering JSON only (no browsable API here). */
  private static Map<String, Object> metadata(String name, String description, Object... fields) {
    Map<String, Object> post = new LinkedHashMap<>();
    for (int i = 0; i < fields.length; i += 2) {
      post.put((String) fields[i], fields[i + 1]);
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("description", description);
    m.put("renders", List.of("application/json"));
    m.put(
        "parses",
        List.of("application/json", "application/x-www-form-urlencoded", "multipart/form-data"));
    m.put("actions", Map.of("POST", post));
    return Collections.unmodifiableMap(m);
  }

  private static Map<String, Object> field(boolean required, boolean readOnly, String label) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", "string");
    m.put("required", required);
    m.put("read_only", readOnly);
    m.put("label", label);
    return Collections.unmodifiableMap(m);
  }
}
