package dev.gatehouse.spring.web.internal.fastapiusers;

import dev.gatehouse.admin.AdminService;
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
 * current_user(active=True, superuser=True)} answers. Of {@code UserUpdate}, {@code is_active}
 * disables or enables the account (disabling ends its sessions); {@code email}, {@code password},
 * {@code is_superuser} and {@code is_verified} of another account are refused with 400 {@code
 * UPDATE_USER_NOT_SUPPORTED}: Gatehouse changes them only through their holder's own flows.
 */
@RestController
@ConditionalOnClass(name = "dev.gatehouse.admin.AdminService")
@RequestMapping(FuUsersController.USERS)
public class FuAdminController {
  static final String NOT_SUPPORTED = "UPDATE_USER_NOT_SUPPORTED";

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
    if (password != null || email != null || superuser != null || verified != null) {
      throw FuErrors.codeReason(
          NOT_SUPPORTED,
          "Only is_active of another account can be changed here; email, password, is_superuser"
              + " and is_verified change through the account's own flows.");
    }
    ClientInfo client = ContractSupport.client(request, SessionService.CLIENT_WEB);
    AdminService admin = support.gatehouse().feature(AdminService.class);
    UserView user =
        refused(
            () -> {
              if (active == null) {
                return admin.picture(caller, target).account();
              }
              return active
                  ? admin.enable(caller, target, client)
                  : admin.disable(caller, target, REASON, client);
            });
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
