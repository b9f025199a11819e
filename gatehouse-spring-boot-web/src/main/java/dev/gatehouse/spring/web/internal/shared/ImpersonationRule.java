package dev.gatehouse.spring.web.internal.shared;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Predicate;

/**
 * What a session in which someone acts for the user (RFC 8693's {@code act}, read by {@link
 * dev.gatehouse.core.token.SignedInCaller#acting()}) may do over HTTP, for the contract's routes
 * and the host's own alike: read ({@code GET}, {@code HEAD}), and make the changes the host lists
 * in {@code gatehouse.http.impersonation-allowed}.
 */
public final class ImpersonationRule {
  private ImpersonationRule() {}

  /**
   * @param request the request
   * @return whether the request only reads ({@code GET} or {@code HEAD})
   */
  public static boolean reads(HttpServletRequest request) {
    String m = request.getMethod();
    return "GET".equals(m) || "HEAD".equals(m);
  }

  /**
   * @param request the request
   * @param acting whether someone acts for the user in the caller's session
   * @param allowed the changes the host lets such a session make
   * @return whether the request is refused to the caller
   */
  public static boolean refuses(
      HttpServletRequest request, boolean acting, Predicate<HttpServletRequest> allowed) {
    return acting && !reads(request) && !allowed.test(request);
  }
}
