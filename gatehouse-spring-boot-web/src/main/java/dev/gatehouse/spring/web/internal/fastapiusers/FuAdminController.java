package dev.gatehouse.spring.web.internal.fastapiusers;

import dev.gatehouse.admin.AccountEditor;
import dev.gatehouse.admin.AdminService;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.NotFoundException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService;
import dev.gatehouse.core.session.UserView;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.spring.web.internal.shared.ContractSupport;
import dev.gatehouse.spring.web.internal.shared.Replies;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * FastAPI-Users' superuser routes on another account, {@code PATCH users/{id}} and {@code DELETE
 * users/{id}}, served when {@code auth-admin} is on the class path, through its {@link
 * AdminService}. A caller who is not an active superuser gets 403, as FastAPI-Users' {@code
 * current_user(active=True, superuser=True)} answers. Every field of {@code UserUpdate} is set
 * through {@link AccountEditor#update}, in one transaction audited naming the superuser: {@code
 * email} (the old address told; unverified unless {@code is_verified} is set too; a taken one is
 * 400 {@code UPDATE_USER_EMAIL_ALREADY_EXISTS}), {@code password} (the password policy, 400 {@code
 * UPDATE_USER_INVALID_PASSWORD}; the account's sessions end), {@code is_verified}, {@code
 * is_superuser} (Gatehouse's superuser and staff) and {@code is_active} (disabling ends the
 * sessions). A superuser's own email, password and {@code is_superuser} are 403 here: they change
 * through {@code users/me}, with its proofs.
 */
@RestController
@ConditionalOnClass(name = "dev.gatehouse.admin.AdminService")
@RequestMapping(FuUsersController.USERS)
public class FuAdminController {
  static final String EMAIL_ALREADY_EXISTS = "UPDATE_USER_EMAIL_ALREADY_EXISTS";

  /** The reason the audit trail keeps for a change made through this route. */
  static final String REASON = "fastapi-users PATCH users/{id}";

  private final ContractSupport support;

  FuAdminController(ContractSupport support) {
    this.support = support;
  }

  @PatchMapping("/{id}")
  void update(HttpServletRequest request, @PathVariable String id, HttpServletResponse response)
      throws IOException {
    // The caller first: an anonymous or non-superuser caller never has the body read.
    VerifiedAccessToken caller = superuser(request);
    FuBody b = FuBody.model(request);
    String password = b.string("password", false);
    String email = b.email("email", false);
    Boolean active = b.bool("is_active");
    Boolean superuser = b.bool("is_superuser");
    Boolean verified = b.bool("is_verified");
    b.check();
    UUID target = FastApiUsersController.parseId(id);
    AccountEditor.Edit edit = new AccountEditor.Edit(email, password, active, verified, superuser);
    ClientInfo client = ContractSupport.client(request, SessionService.CLIENT_WEB);
    AdminService admin = support.gatehouse().feature(AdminService.class);
    UserView user;
    try {
      user =
          refused(
              () ->
                  edit.isEmpty()
                      ? admin.picture(caller, target).account()
                      : support
                          .gatehouse()
                          .feature(AccountEditor.class)
                          .update(caller, target, edit, REASON, client));
    } catch (AuthException e) {
      if (e.error() == ErrorCode.EMAIL_TAKEN) {
        throw FuErrors.code(EMAIL_ALREADY_EXISTS);
      }
      if (FuErrors.passwordPolicy(e)) {
        throw FuErrors.codeReason(FuErrors.UPDATE_USER_INVALID_PASSWORD, e.getMessage());
      }
      throw e;
    }
    Replies.ok(FuShapes.user(user)).send(response);
  }

  @DeleteMapping("/{id}")
  void delete(HttpServletRequest request, @PathVariable String id, HttpServletResponse response)
      throws IOException {
    VerifiedAccessToken caller = superuser(request);
    UUID target = FastApiUsersController.parseId(id);
    ClientInfo client = ContractSupport.client(request, SessionService.CLIENT_WEB);
    refused(
        () -> {
          support.gatehouse().feature(AdminService.class).delete(caller, target, client);
          return null;
        });
    response.setStatus(204);
  }

  /** The caller, an active superuser with a live session: 401 or 403 otherwise. */
  private VerifiedAccessToken superuser(HttpServletRequest request) {
    VerifiedAccessToken caller = support.liveCaller(request);
    UserView u;
    try {
      u = support.gatehouse().profiles().me(caller.userPublicId(), null).user();
    } catch (NotFoundException e) {
      throw FuErrors.unauthorized();
    }
    if (!u.active()) {
      throw FuErrors.unauthorized();
    }
    if (!u.superuser()) {
      throw FuErrors.forbidden();
    }
    return caller;
  }

  /** The service's refusals in FastAPI-Users' shapes. */
  private static <T> T refused(Supplier<T> call) {
    try {
      return call.get();
    } catch (RejectedInputException e) {
      if (e.error() == ErrorCode.FORBIDDEN) {
        throw FuErrors.forbidden();
      }
      if (e.error() == ErrorCode.USER_NOT_FOUND) {
        throw FuErrors.notFound();
      }
      throw e;
    }
  }
}
