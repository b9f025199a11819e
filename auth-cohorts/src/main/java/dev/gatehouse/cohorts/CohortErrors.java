package dev.gatehouse.cohorts;

import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.ErrorCode.Kind;

/**
 * The error codes only the cut-over by cohort ({@code auth-cohorts}) answers, listed in its
 * manifest ({@link Cohorts#manifest()}), so they join Gatehouse's one catalogue ({@code
 * Gatehouse#errorCodes()}) when the module is installed.
 */
public final class CohortErrors {
  private CohortErrors() {}

  /** No cohort of that name is in the rule ({@code auth-cohorts}). */
  public static final ErrorCode COHORT_NOT_FOUND =
      ErrorCode.of("cohort_not_found", Kind.NOT_FOUND, "No cohort of that name.");

  /**
   * A step names no state, a state that is not one, or no reason of 1 to 150 characters ({@code
   * auth-cohorts}).
   */
  public static final ErrorCode INVALID_COHORT_STEP =
      ErrorCode.of(
          "invalid_cohort_step",
          Kind.REJECTED_INPUT,
          "A step names the state (LEGACY, MOVING or GATEHOUSE) and a reason of 1 to 150"
              + " characters.");

  /**
   * Another step of the same cohort was taken between the reading of its state and this step's
   * write ({@code auth-cohorts}): read the state again and decide again.
   */
  public static final ErrorCode COHORT_CHANGED =
      ErrorCode.of(
          "cohort_changed",
          Kind.CONFLICT,
          "The cohort was moved by another step at the same time.");

  /**
   * A password or code sign-in on Gatehouse of an account whose cohort the legacy system still
   * serves ({@code auth-cohorts}): outside the forwarding (the pages' {@code /login/}, a host's own
   * form), Gatehouse applies the rule the contract's forwarding applies, and the user signs in
   * where their cohort is served, in the legacy system's application.
   */
  public static final ErrorCode COHORT_ON_LEGACY =
      ErrorCode.of(
          "cohort_on_legacy",
          Kind.REJECTED_INPUT,
          "This account signs in on the application it has always used, not here yet.");
}
