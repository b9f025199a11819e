package dev.gatehouse.spring.web.internal.fastapiusers;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.NotFoundException;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.Reauthentication.ReauthenticationRequiredException;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.session.UserView;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.spring.web.internal.shared.Caller;
import dev.gatehouse.spring.web.internal.shared.ContractPaths;
import dev.gatehouse.spring.web.internal.shared.ContractSupport;
import dev.gatehouse.spring.web.internal.shared.ContractSupport.Contact;
import dev.gatehouse.spring.web.internal.shared.Replies;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * FastAPI-Users' users router under the {@code fastapi-users} contract: {@code GET}/{@code PATCH
 * users/me}, {@code GET users/{id}}, and Gatehouse's additions for changing the email and phone. It
 * sits where FastAPI-Users' documented application mounts it, at {@code /users} beside the auth
 * routers' {@code /auth}, and under the base path ({@code /auth/users}) with {@code
 * gatehouse.http.fastapi-users.users-under-base-path=true}. {@link FuAdminController} serves the
 * superuser's {@code PATCH} and {@code DELETE users/{id}} at the same place.
 */
@RestController
@RequestMapping(FuUsersController.USERS)
public class FuUsersController {
  /**
   * Where the router sits: {@code users-path} ({@code /users}) from the root, or under {@code
   * base-path} when {@code users-under-base-path} is set. A SpEL template over the placeholders, as
   * request mappings resolve them.
   */
  static final String USERS =
      "#{${gatehouse.http.fastapi-users.users-under-base-path:false}"
          + " ? '${gatehouse.http.base-path:/auth}' : ''}"
          + "${gatehouse.http.fastapi-users.users-path:/users}";

  /** The router's routes that verify their caller themselves, under its path. */
  static final List<String> OPEN =
      List.of("/me", "/me/email/confirm", "/me/phone/change", "/me/phone/confirm");

  static final String CODE_SENT =
      "A code is on its way to the new address; the change is made once it is confirmed.";

  private final ContractSupport support;

  FuUsersController(ContractSupport support) {
    this.support = support;
  }

  /**
   * The contract's paths when the users router sits outside the base path: its {@code me} routes
   * open (they verify their caller themselves, as under the base path) and {@code {users}/{id}}
   * authenticated by the chain, both answered in FastAPI's shapes.
   *
   * @param basePath the contract's base path
   * @param users where the users router sits from the root, e.g. {@code /users}
   * @return the paths
   * @throws IllegalStateException when {@code users} is empty: {@code /{id}} would claim every path
   *     of one segment
   */
  public static ContractPaths outsideBasePath(String basePath, String users) {
    if (users.isEmpty()) {
      throw new IllegalStateException(
          "gatehouse.http.fastapi-users.users-path must name a path such as /users while the users"
              + " router sits at the root (gatehouse.http.fastapi-users.users-under-base-path ="
              + " false); it is empty");
    }
    return new ContractPaths(
        basePath, OPEN.stream().map(p -> users + p).toList(), List.of(users + "/*"));
  }

  @GetMapping("/me")
  void me(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Replies.ok(
            FuShapes.user(
                FastApiUsersController.activeUser(
                    support, support.caller(request, ContractSupport.Use.READ).user())))
        .send(response);
  }

  /**
   * {@code UserUpdate}: a new {@code password} is set after Gatehouse's recent-authentication check
   * (a sign-in within {@code gatehouse.security.recent-auth-window}) and ends every session, the
   * caller's too; an {@code email} other than the account's is sent a code and answered, as
   * FastAPI-Users answers, with {@code is_verified: false}, but changes only once that code comes
   * back ({@code users/me/email/confirm}); {@code is_active}, {@code is_superuser} and {@code
   * is_verified} are read and ignored, as FastAPI-Users' {@code safe=True} update does.
   */
  @PatchMapping("/me")
  void updateMe(HttpServletRequest request, HttpServletResponse response) throws IOException {
    // FastAPI reads (and refuses malformed) JSON before it authenticates, and authenticates before
    // it validates the fields.
    FuBody b = FuBody.model(request);
    Caller caller = support.caller(request);
    UserView user = FastApiUsersController.activeUser(support, caller.user());
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
      user = FastApiUsersController.activeUser(support, caller.user());
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
  @PostMapping("/me/email/confirm")
  void confirmEmail(HttpServletRequest request, HttpServletResponse response) throws IOException {
    confirm(request, response, Contact.EMAIL, "email");
  }

  /** Gatehouse's addition: {@code phone}; a code by SMS to the new number, nothing changes yet. */
  @PostMapping("/me/phone/change")
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
  @PostMapping("/me/phone/confirm")
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
    Replies.ok(FuShapes.user(FastApiUsersController.activeUser(support, caller.userPublicId())))
        .send(response);
  }

  /**
   * A user by id, for a superuser. {@code PATCH} and {@code DELETE} on this path are served by
   * {@link FuAdminController} when {@code auth-admin} is on the class path.
   */
  @GetMapping("/{id}")
  void user(HttpServletRequest request, @PathVariable String id, HttpServletResponse response)
      throws IOException {
    UserView caller = FastApiUsersController.activeUser(support, support.caller(request).user());
    if (!caller.superuser()) {
      throw FuErrors.forbidden();
    }
    UUID target = FastApiUsersController.parseId(id);
    UserView user;
    try {
      user = support.gatehouse().profiles().me(target, null).user();
    } catch (NotFoundException e) {
      throw FuErrors.notFound();
    }
    Replies.ok(FuShapes.user(user)).send(response);
  }

  private static String canonical(String email) {
    return email == null ? "" : EmailAddresses.canonical(email);
  }
}
