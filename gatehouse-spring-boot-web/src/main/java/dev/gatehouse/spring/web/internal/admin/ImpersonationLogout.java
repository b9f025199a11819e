package dev.gatehouse.spring.web.internal.admin;

import dev.gatehouse.admin.AdminService;
import dev.gatehouse.spring.web.internal.shared.ContractSupport;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.util.ClassUtils;

/**
 * The logout of an impersonation's session ({@code POST logout/} with its token, whose claims carry
 * {@code act}): ended and audited through {@link AdminService#endImpersonation}, as the explicit
 * end route does, so the trail names both people however the impersonation ends.
 */
public final class ImpersonationLogout {
  /** Whether {@code auth-admin} is on the class path: without it no token carries {@code act}. */
  public static final boolean PRESENT =
      ClassUtils.isPresent(
          "dev.gatehouse.admin.AdminService", ImpersonationLogout.class.getClassLoader());

  private ImpersonationLogout() {}

  /**
   * Ends the caller's impersonation when its token is one; called only when {@link #PRESENT}.
   *
   * @param support the contract's support
   * @param request the logout's request
   * @return whether the caller's token was an impersonation's, now ended
   */
  public static boolean ended(ContractSupport support, HttpServletRequest request) {
    if (!support.signedIn(request, ContractSupport.Use.END_OWN_SESSION).acting()) {
      return false;
    }
    support
        .gatehouse()
        .feature(AdminService.class)
        .endImpersonation(
            support.liveCaller(request, ContractSupport.Use.END_OWN_SESSION),
            ContractSupport.client(request, "web"));
    return true;
  }
}
