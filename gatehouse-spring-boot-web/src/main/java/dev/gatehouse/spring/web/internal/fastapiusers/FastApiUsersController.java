package dev.gatehouse.spring.web.internal.fastapiusers;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.NotFoundException;
import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.Reauthentication.ReauthenticationRequiredException;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.UserView;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.spring.web.config.GatehouseHttpProperties;
import dev.gatehouse.spring.web.internal.shared.Caller;
import dev.gatehouse.spring.web.internal.shared.ContractJson;
import dev.gatehouse.spring.web.internal.shared.ContractPaths;
import dev.gatehouse.spring.web.internal.shared.ContractSupport;
import dev.gatehouse.spring.web.internal.shared.ContractSupport.Contact;
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
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
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
 * <p>The routers sit under the base path as FastAPI-Users' documented application mounts them, the
 * auth router under {@code gatehouse.http.fastapi-users.auth-path} ({@code /jwt}) and the users
 * router under {@code users-path} ({@code /users}).
 *
 * <p>Where FastAPI-Users' answers reveal whether an account exists (a sign-up with a taken
 * address), every address gets the answer of a new one; where it lets a bearer token alone change
 * the email or password, Gatehouse asks for more. {@code docs/HTTP.md} lists these differences.
 */
@RestController
@RequestMapping("${gatehouse.http.base-path:/auth}")
public class FastApiUsersController {
  static final String CODE_SENT =
      "A code is on its way to the new address; the change is made once it is confirmed.";

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
                    properties.getFastapiUsers().getUsersPath()))
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
    return PeerOpenApi.markdownTable(basePath, FuOpenApiDocument.routes("/jwt", "/users"));
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
    Caller caller = support.caller(request);
    activeUser(caller.user());
    support.gatehouse().sessions().logout(caller.user(), caller.sessionId());
    response.setStatus(204);
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
    UUID id = taken || created.isEmpty() ? UUID.randomUUID() : created.get().id();
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

  // ---- users router ----------------------------------------------------------------------------

  @GetMapping("${gatehouse.http.fastapi-users.users-path:/users}/me")
  void me(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Replies.ok(FuShapes.user(activeUser(support.caller(request).user()))).send(response);
  }

  /**
   * {@code UserUpdate}: a new {@code password} is set after Gatehouse's recent-authentication check
   * (a sign-in within {@code gatehouse.security.recent-auth-window}) and ends every session, the
   * caller's too; an {@code email} other than the account's is sent a code and answered, as
   * FastAPI-Users answers, with {@code is_verified: false}, but changes only once that code comes
   * back ({@code users/me/email/confirm}); {@code is_active}, {@code is_superuser} and {@code
   * is_verified} are read and ignored, as FastAPI-Users' {@code safe=True} update does.
   */
  @PatchMapping("${gatehouse.http.fastapi-users.users-path:/users}/me")
  void updateMe(HttpServletRequest request, HttpServletResponse response) throws IOException {
    // FastAPI reads (and refuses malformed) JSON before it authenticates, and authenticates before
    // it validates the fields.
    FuBody b = FuBody.model(request);
    Caller caller = support.caller(request);
    UserView user = activeUser(caller.user());
    String password = b.string("password", false);
    String email = b.email("email", false);
    b.bool("is_active");
    b.bool("is_superuser");
    b.bool("is_verified");
    b.check();
    String pending = null;
    if (email != null && !canonical(email).equals(canonical(user.email()))) {
      try {
        support.requestContactChange(request, Contact.EMAIL, email, null);
      } catch (ReauthenticationRequiredException e) {
        throw FuErrors.codeReason(
            FuErrors.UPDATE_USER_EMAIL_CHANGE_NOT_ALLOWED,
            "Sign in again to change the email address: the sign-in is not recent enough.");
      }
      pending = email;
    }
    if (password != null) {
      VerifiedAccessToken token = support.liveCaller(request);
      ClientInfo client = ContractSupport.client(request, SessionService.CLIENT_WEB);
      try {
        support
            .gatehouse()
            .accounts()
            .changePassword(token, Reauthentication.recentSignIn(), password, client);
      } catch (ReauthenticationRequiredException e) {
        throw FuErrors.codeReason(
            FuErrors.UPDATE_USER_INVALID_PASSWORD,
            "Sign in again to change the password: the sign-in is not recent enough.");
      } catch (AuthException e) {
        if (FuErrors.passwordPolicy(e)) {
          throw FuErrors.codeReason(FuErrors.UPDATE_USER_INVALID_PASSWORD, e.getMessage());
        }
        throw e;
      }
      user = activeUser(caller.user());
    }
    // As FastAPI-Users answers: the new address, not verified until its code confirms it.
    Replies.ok(
            pending == null
                ? FuShapes.user(user)
                : FuShapes.user(user.id(), pending, user.active(), user.superuser(), false))
        .send(response);
  }

  /**
   * Gatehouse's addition: {@code email} and {@code code} (sent to the address a {@code PATCH
   * users/me} asked for) make the new address the account's, verified; answers the {@code
   * UserRead}.
   */
  @PostMapping("${gatehouse.http.fastapi-users.users-path:/users}/me/email/confirm")
  void confirmEmail(HttpServletRequest request, HttpServletResponse response) throws IOException {
    confirm(request, response, Contact.EMAIL, "email");
  }

  /** Gatehouse's addition: {@code phone}; a code by SMS to the new number, nothing changes yet. */
  @PostMapping("${gatehouse.http.fastapi-users.users-path:/users}/me/phone/change")
  void changePhone(HttpServletRequest request, HttpServletResponse response) throws IOException {
    FuBody b = FuBody.model(request);
    String phone = b.string("phone", true);
    String password = b.string("password", false);
    b.check();
    Replies.ok(
            ContractSupport.codeSent(
                CODE_SENT, support.requestContactChange(request, Contact.PHONE, phone, password)))
        .send(response);
  }

  /** Gatehouse's addition: {@code phone} and {@code code} make the new number the account's. */
  @PostMapping("${gatehouse.http.fastapi-users.users-path:/users}/me/phone/confirm")
  void confirmPhone(HttpServletRequest request, HttpServletResponse response) throws IOException {
    confirm(request, response, Contact.PHONE, "phone");
  }

  private void confirm(
      HttpServletRequest request, HttpServletResponse response, Contact contact, String field)
      throws IOException {
    FuBody b = FuBody.model(request);
    String to = contact == Contact.EMAIL ? b.email(field, true) : b.string(field, true);
    String code = b.string("code", true);
    b.check();
    VerifiedAccessToken caller = support.confirmContactChange(request, contact, to, code);
    Replies.ok(FuShapes.user(activeUser(caller.userPublicId()))).send(response);
  }

  /**
   * A user by id, for a superuser. {@code PATCH} and {@code DELETE} on this path are served by
   * {@link FuAdminController} when {@code auth-admin} is on the class path.
   */
  @GetMapping("${gatehouse.http.fastapi-users.users-path:/users}/{id}")
  void user(HttpServletRequest request, @PathVariable String id, HttpServletResponse response)
      throws IOException {
    UserView caller = activeUser(support.caller(request).user());
    if (!caller.superuser()) {
      throw FuErrors.forbidden();
    }
    UUID target = parseId(id);
    UserView user;
    try {
      user = support.gatehouse().profiles().me(target, null).user();
    } catch (NotFoundException e) {
      throw FuErrors.notFound();
    }
    Replies.ok(FuShapes.user(user)).send(response);
  }

  // ---- shared ----------------------------------------------------------------------------------

  /**
   * The caller's account, which must exist and may sign in: FastAPI-Users' {@code
   * current_user(active=True)} answers 401 otherwise.
   */
  private UserView activeUser(UUID user) {
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

  private static String canonical(String email) {
    return email == null ? "" : EmailAddresses.canonical(email);
  }
}
