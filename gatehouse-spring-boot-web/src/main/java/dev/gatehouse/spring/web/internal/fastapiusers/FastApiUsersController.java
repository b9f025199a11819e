package dev.gatehouse.spring.web.internal.fastapiusers;

import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.NotFoundException;
import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.UserView;
import dev.gatehouse.spring.web.config.GatehouseHttpProperties;
import dev.gatehouse.spring.web.internal.shared.Caller;
import dev.gatehouse.spring.web.internal.shared.ContractJson;
import dev.gatehouse.spring.web.internal.shared.ContractPaths;
import dev.gatehouse.spring.web.internal.shared.ContractSupport;
import dev.gatehouse.spring.web.internal.shared.LegacyExchange;
import dev.gatehouse.spring.web.internal.shared.PeerOpenApi;
import dev.gatehouse.spring.web.internal.shared.Replies;
import dev.gatehouse.spring.web.internal.shared.Reply;
import dev.gatehouse.spring.web.internal.shared.SecondStepAnswer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The {@code fastapi-users} contract ({@code gatehouse.http.contract=fastapi-users}):
 * FastAPI-Users' auth router (bearer transport), register, reset-password, verify and users
 * routers, with their request bodies, answers, statuses and FastAPI's error shapes, over the same
 * Gatehouse services as the native contract. Only the edge differs: reading the peer's bodies
 * ({@link FuBody}), answering its shapes ({@link FuShapes}) and errors ({@link FuErrors}).
 *
 * <p>The routers sit as FastAPI-Users' documented application mounts them: register, reset and
 * verify under the base path, the auth router under {@code gatehouse.http.fastapi-users.auth-path}
 * ({@code /jwt}) below it, and the users router ({@link FuUsersController}) at {@code users-path}
 * ({@code /users}) from the root.
 *
 * <p>Where FastAPI-Users' answers reveal whether an account exists (a sign-up with a taken
 * address), every address gets the answer of a new one; where it lets a bearer token alone change
 * the email or password, Gatehouse asks for more. {@code docs/HTTP.md} lists these differences.
 */
@RestController
@RequestMapping("${gatehouse.http.base-path:/auth}")
public class FastApiUsersController {
  /** FastAPI-Users' {@code UUIDIDMixin.parse_id}: a UUID, with or without hyphens. */
  private static final Pattern ID =
      Pattern.compile(
          "(?i)(urn:uuid:)?\\{?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?"
              + "([0-9a-f]{12})}?");

  private final ContractSupport support;
  private final byte[] openApi;

  FastApiUsersController(
      ContractSupport support, ContractPaths paths, GatehouseHttpProperties properties) {
    this.support = support;
    this.openApi =
        ContractJson.writePretty(
                FuOpenApiDocument.build(
                    paths,
                    properties.getFastapiUsers().getAuthPath(),
                    usersRouter(paths, properties.getFastapiUsers())))
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The contract's OpenAPI document ({@link FuOpenApiDocument}). */
  @GetMapping(ContractPaths.OPENAPI)
  void openapi(HttpServletResponse response) throws IOException {
    new Reply(200, Replies.JSON, openApi, HttpHeaders.CACHE_CONTROL, "public, max-age=300")
        .send(response);
  }

  /**
   * The contract's route table as {@code docs/HTTP.md} shows it (the default paths), generated from
   * the OpenAPI document's routes.
   *
   * @param basePath the base path shown
   * @return the Markdown table
   */
  public static String routeTable(String basePath) {
    return PeerOpenApi.markdownTable("", FuOpenApiDocument.routes(basePath, "/jwt", "/users"));
  }

  /** Where the users router sits from the root ({@link FuUsersController#USERS}). */
  static String usersRouter(ContractPaths paths, GatehouseHttpProperties.FastApiUsers settings) {
    return (settings.isUsersUnderBasePath() ? paths.basePath() : "") + settings.getUsersPath();
  }

  // ---- auth router (bearer transport) ----------------------------------------------------------

  /**
   * {@code OAuth2PasswordRequestForm}: {@code username} (the email, or any identifier Gatehouse
   * accepts) and {@code password}, form-encoded. Answers {@code {"access_token", "token_type"}}.
   */
  @PostMapping("${gatehouse.http.fastapi-users.auth-path:/jwt}/login")
  void login(HttpServletRequest request, HttpServletResponse response) throws IOException {
    FuBody f = FuBody.form(request);
    f.matching("grant_type", FuBody.PASSWORD_GRANT);
    String username = f.string("username", true);
    String password = f.string("password", true);
    f.check();
    ClientInfo client = ContractSupport.client(request, SessionService.CLIENT_WEB);
    TokenPair pair;
    try {
      pair =
          SecondStepAnswer.signedIn(
                  support
                      .gatehouse()
                      .accounts()
                      .login(new LoginRequest(username, password, client)))
              .tokens();
    } catch (RateLimitedException e) {
      throw e;
    } catch (RejectedInputException e) {
      // An unknown address, a wrong password, an inactive account and an identifier Gatehouse
      // cannot read all answer as FastAPI-Users' authenticate() returning no user.
      throw FuErrors.code(
          e.error() == ErrorCode.ACCOUNT_NOT_VERIFIED
              ? FuErrors.LOGIN_USER_NOT_VERIFIED
              : FuErrors.LOGIN_BAD_CREDENTIALS);
    }
    Replies.ok(FuShapes.bearer(pair.accessToken())).send(response);
  }

  /** Ends the session of the access token: 204, as the bearer transport's logout. */
  @PostMapping("${gatehouse.http.fastapi-users.auth-path:/jwt}/logout")
  void logout(HttpServletRequest request, HttpServletResponse response) {
    Caller caller = support.caller(request, ContractSupport.Use.END_OWN_SESSION);
    activeUser(support, caller.user());
    support.gatehouse().sessions().logout(caller.user(), caller.sessionId());
    response.setStatus(204);
  }

  /**
   * Gatehouse's addition: the RFC 8693 exchange of a legacy token (a FastAPI-Users JWT, or another
   * kind the cut-over takes) for a session, as under Gatehouse's own contract; answers {@code
   * {access_token, token_type: "bearer"}} as the login does, with RFC 8693's fields.
   */
  @PostMapping("/token/exchange")
  void exchange(HttpServletRequest request, HttpServletResponse response) throws IOException {
    TokenPair pair = LegacyExchange.exchange(support, request);
    Replies.ok(
            LegacyExchange.rfc8693(
                FuShapes.bearer(pair.accessToken()), pair, support.gatehouse().config().clock()))
        .send(response);
  }

  // ---- register router -------------------------------------------------------------------------

  /**
   * {@code UserCreate}: {@code email}, {@code password}; {@code is_active}, {@code is_superuser}
   * and {@code is_verified} are read and ignored, as FastAPI-Users' {@code safe=True} creation
   * does. Answers 201 with a {@code UserRead} built from the request, in the same shape for a taken
   * address as for a new one: its {@code id} is the new account's, and a random one where the
   * address was taken (so the answer shows no account it must not admit exists).
   */
  @PostMapping("/register")
  void register(HttpServletRequest request, HttpServletResponse response) throws IOException {
    FuBody b = FuBody.model(request);
    String email = b.email("email", true);
    String password = b.string("password", true);
    b.bool("is_active");
    b.bool("is_superuser");
    b.bool("is_verified");
    b.check();
    // Read before and after, for a new address and a taken one alike: the id is the new account's
    // only when this request created it.
    boolean taken = support.gatehouse().accounts().findByEmail(email).isPresent();
    try {
      support
          .gatehouse()
          .accounts()
          .register(
              new RegistrationRequest(email, null, null, password, false, null, null),
              ContractSupport.anonymous(request));
    } catch (AuthException e) {
      if (FuErrors.passwordPolicy(e)) {
        throw FuErrors.codeReason(FuErrors.REGISTER_INVALID_PASSWORD, e.getMessage());
      }
      if (e.error() == ErrorCode.INVALID_EMAIL) {
        // Gatehouse's rules beyond pydantic's (a look-alike address): the same 422 as pydantic's.
        throw FuBody.invalidEmail("email", email, e.getMessage());
      }
      throw e;
    }
    Optional<UserView> created = support.gatehouse().accounts().findByEmail(email);
    // For a taken address, an id of the form a new account's has (time-ordered or random, as
    // gatehouse.accounts.time-ordered-public-ids says), so that its form tells nothing either.
    UUID id =
        taken || created.isEmpty()
            ? AccountFactory.of(support.gatehouse().config())
                .newAccount(support.gatehouse().config().clock().instant())
                .build()
                .publicId()
            : created.get().id();
    Replies.of(201, FuShapes.user(id, email, true, false, false)).send(response);
  }

  // ---- reset password router -------------------------------------------------------------------

  /** Emails a reset link when the address has an account; 202 {@code null} for every address. */
  @PostMapping("/forgot-password")
  void forgotPassword(HttpServletRequest request, HttpServletResponse response) throws IOException {
    FuBody b = FuBody.fields(request);
    String email = b.email("email", true);
    b.check();
    support.gatehouse().accounts().requestPasswordReset(email, ContractSupport.anonymous(request));
    Replies.of(202, null).send(response);
  }

  /** {@code token} (from the emailed link) and {@code password}; 200 {@code null}. */
  @PostMapping("/reset-password")
  void resetPassword(HttpServletRequest request, HttpServletResponse response) throws IOException {
    FuBody b = FuBody.fields(request);
    String token = b.string("token", true);
    String password = b.string("password", true);
    b.check();
    try {
      support.gatehouse().accounts().confirmPasswordReset(token, password);
    } catch (AuthException e) {
      if (e.error() == ErrorCode.INVALID_LINK) {
        throw FuErrors.code(FuErrors.RESET_PASSWORD_BAD_TOKEN);
      }
      if (FuErrors.passwordPolicy(e)) {
        throw FuErrors.codeReason(FuErrors.RESET_PASSWORD_INVALID_PASSWORD, e.getMessage());
      }
      throw e;
    }
    Replies.ok(null).send(response);
  }

  // ---- verify router ---------------------------------------------------------------------------

  /**
   * Emails a fresh confirmation link when the address has an unconfirmed account; 202 {@code null}
   * for every address.
   */
  @PostMapping("/request-verify-token")
  void requestVerifyToken(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    FuBody b = FuBody.fields(request);
    String email = b.email("email", true);
    b.check();
    support.gatehouse().accounts().resendConfirmation(email, ContractSupport.anonymous(request));
    Replies.of(202, null).send(response);
  }

  /** {@code token} (from the emailed link); answers the verified user. */
  @PostMapping("/verify")
  void verify(HttpServletRequest request, HttpServletResponse response) throws IOException {
    FuBody b = FuBody.fields(request);
    String token = b.string("token", true);
    b.check();
    UUID id;
    try {
      id = support.gatehouse().accounts().confirmEmailReturningId(token);
    } catch (AuthException e) {
      if (e.error() == ErrorCode.INVALID_LINK) {
        throw FuErrors.code(FuErrors.VERIFY_USER_BAD_TOKEN);
      }
      throw e;
    }
    Object user;
    try {
      user = FuShapes.user(support.gatehouse().profiles().me(id, null).user());
    } catch (NotFoundException e) {
      // Confirmed, but the account may not sign in (disabled meanwhile): shown as inactive.
      UserView a =
          support
              .gatehouse()
              .accounts()
              .find(id)
              .orElseThrow(() -> FuErrors.code(FuErrors.VERIFY_USER_BAD_TOKEN));
      user = FuShapes.user(a.id(), a.email(), false, a.superuser(), a.verified());
    }
    Replies.ok(user).send(response);
  }

  // ---- shared ----------------------------------------------------------------------------------

  /**
   * The caller's account, which must exist and may sign in: FastAPI-Users' {@code
   * current_user(active=True)} answers 401 otherwise.
   */
  static UserView activeUser(ContractSupport support, UUID user) {
    try {
      return support.gatehouse().profiles().me(user, null).user();
    } catch (NotFoundException e) {
      throw FuErrors.unauthorized();
    }
  }

  static UUID parseId(String segment) {
    var m = ID.matcher(segment);
    if (!m.matches()) {
      throw FuErrors.notFound();
    }
    return UUID.fromString(
        String.join("-", m.group(2), m.group(3), m.group(4), m.group(5), m.group(6)));
  }
}
