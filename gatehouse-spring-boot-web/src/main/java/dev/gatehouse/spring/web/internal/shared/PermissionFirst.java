package dev.gatehouse.spring.web.internal.shared;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A controller whose routes check the caller's permission before their input (the administration
 * routes: one who may not use them gets 401 or 403, audited, whatever the request holds), so that
 * the checks made before the route runs (the contract's check of request text, {@link RequestText})
 * ask it first.
 */
public interface PermissionFirst {
  /**
   * Refuses a caller who may not use this controller's routes, as its routes would, and changes
   * nothing for one who may.
   *
   * @param request the request
   */
  void requirePermission(HttpServletRequest request);
}
