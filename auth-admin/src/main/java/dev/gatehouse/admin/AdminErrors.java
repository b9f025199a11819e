package dev.gatehouse.admin;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.ErrorCode.Kind;

/**
 * The error codes only administration ({@code auth-admin}) answers, listed in its manifest ({@link
 * Administration#manifest()}), so they join Gatehouse's one catalogue ({@code
 * Gatehouse#errorCodes()}) when the module is installed. Their wire forms are those the core
 * answered before they moved here (issue 75).
 */
public final class AdminErrors {
  private AdminErrors() {}

  /** A staff member's reason for an action is missing or too long ({@code auth-admin}). */
  public static final ErrorCode INVALID_REASON =
      ErrorCode.of(
          "invalid_reason", Kind.REJECTED_INPUT, "A reason of 1 to 150 characters is required.");

  /** A statistics range ends before it starts or spans more than 92 days ({@code auth-admin}). */
  public static final ErrorCode INVALID_RANGE =
      ErrorCode.of(
          "invalid_range", Kind.REJECTED_INPUT, "The range must be 1 to 92 days, from before to.");

  /** The end of a disable is not in the future or more than ten years away ({@code auth-admin}). */
  public static final ErrorCode INVALID_DISABLE_END =
      ErrorCode.of(
          "invalid_disable_end",
          Kind.REJECTED_INPUT,
          "The end must be in the future and at most ten years away.");
}
