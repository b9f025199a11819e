package dev.gatehouse.organizations;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.ErrorCode.Kind;

/**
 * The error codes only organisations ({@code auth-organizations}) answers, listed in its manifest
 * ({@link Organizations#manifest()}), so they join Gatehouse's one catalogue ({@code
 * Gatehouse#errorCodes()}) when the module is installed. Their wire forms are those the core
 * answered before they moved here (issue 75).
 */
public final class OrganizationErrors {
  private OrganizationErrors() {}

  /** The organisation has not proven that it holds the domain (auth-organizations). */
  public static final ErrorCode DOMAIN_NOT_VERIFIED =
      ErrorCode.of(
          "domain_not_verified",
          Kind.REJECTED_INPUT,
          "The domain is not verified for this organisation.");

  /** The session's sign-in does not meet the organisation's policy (auth-organizations). */
  public static final ErrorCode ORGANIZATION_POLICY =
      ErrorCode.auditedRefusal(
          "organization_policy",
          Kind.FORBIDDEN,
          "Sign in again as the organisation's policy requires.");

  /** No such organisation of which the caller is a member (auth-organizations). */
  public static final ErrorCode ORGANIZATION_NOT_FOUND =
      ErrorCode.of("organization_not_found", Kind.NOT_FOUND, "No such organisation.");

  /** The organisation's last owner cannot leave or stop being owner (auth-organizations). */
  public static final ErrorCode LAST_OWNER =
      ErrorCode.of(
          "last_owner", Kind.CONFLICT, "The organisation's last owner cannot leave or be demoted.");

  /**
   * The address's domain belongs to an organisation that requires its own sign-in: sign in there
   * (auth-organizations).
   */
  public static final ErrorCode ORGANIZATION_SIGN_IN_REQUIRED =
      ErrorCode.auditedRefusal(
          "organization_sign_in_required",
          Kind.FORBIDDEN,
          "This address's organisation requires its own sign-in; use it.");
}
