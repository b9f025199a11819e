package dev.gatehouse.mfa;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.ErrorCode.Kind;

/**
 * The error codes only the second factors ({@code auth-mfa}) answers, listed in its manifest
 * ({@link SecondFactorModule#manifest()}), so they join Gatehouse's one catalogue ({@code
 * Gatehouse#errorCodes()}) when the module is installed. Their wire forms are those the core
 * answered before they moved here (issue 75).
 */
public final class SecondFactorErrors {
  private SecondFactorErrors() {}

  /** The authenticator code was used already; wait for the next one. */
  public static final ErrorCode CODE_USED =
      ErrorCode.auditedRefusal(
          "code_used", Kind.REJECTED_INPUT, "The authenticator code was already used.");

  /** The account has no authenticator app. */
  public static final ErrorCode MFA_NOT_ENABLED =
      ErrorCode.of("mfa_not_enabled", Kind.REJECTED_INPUT, "The account has no authenticator app.");

  /** No authenticator-app enrolment waits for confirmation. */
  public static final ErrorCode TOTP_NOT_PENDING =
      ErrorCode.of(
          "totp_not_pending", Kind.REJECTED_INPUT, "No authenticator app enrolment is pending.");

  /** No such remembered device of this user. */
  public static final ErrorCode REMEMBERED_DEVICE_NOT_FOUND =
      ErrorCode.of("remembered_device_not_found", Kind.NOT_FOUND, "No such remembered device.");

  /** The account has an authenticator app already. */
  public static final ErrorCode TOTP_ALREADY_ENABLED =
      ErrorCode.of(
          "totp_already_enabled", Kind.CONFLICT, "The account has an authenticator app already.");

  /** A second-factor proof gives neither or both of its alternatives. */
  public static final ErrorCode INVALID_FACTOR =
      ErrorCode.of(
          "invalid_factor", Kind.REJECTED_INPUT, "Give exactly one of code or recovery_code.");
}
