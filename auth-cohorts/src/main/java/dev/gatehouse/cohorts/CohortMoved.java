package dev.gatehouse.cohorts;

import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.event.AuthEvent.RequestOrigin;
import java.time.Instant;
import java.util.UUID;

/**
 * A staff member moved a cohort forward or back ({@link CohortService#move}). Its audit entry has
 * the actor {@code admin}, the staff member as subject (a step moves a cohort, not one account),
 * {@code cohort_moved} as method, and the cohort, both states and the reason in its detail.
 *
 * <p>{@link #toString()} leaves the reason out: it is the staff member's free text.
 *
 * @param at when
 * @param userId the staff member who took the step
 * @param cohort the cohort
 * @param from its state before
 * @param to its state after
 * @param version the cohort's state version the step wrote
 * @param reason the reason the staff member gave
 * @param origin where the request came from
 */
public record CohortMoved(
    Instant at,
    UUID userId,
    String cohort,
    CohortState from,
    CohortState to,
    long version,
    String reason,
    RequestOrigin origin)
    implements AuthEvent.ModuleEvent {
  /** The audit entry's method. */
  public static final String METHOD = "cohort_moved";

  @Override
  public String auditMethod() {
    return METHOD;
  }

  @Override
  public String auditDetail() {
    return cohort + " " + from + " -> " + to + " (version " + version + "): " + reason;
  }

  @Override
  public String toString() {
    return "CohortMoved[at="
        + at
        + ", userId="
        + userId
        + ", cohort="
        + cohort
        + ", from="
        + from
        + ", to="
        + to
        + ", version="
        + version
        + "]";
  }
}
