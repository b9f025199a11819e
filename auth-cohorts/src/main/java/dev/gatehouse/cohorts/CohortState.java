package dev.gatehouse.cohorts;

/**
 * Which system serves a cohort's users. A new cohort starts {@link #LEGACY}; a step moves it to the
 * next state or back to the one before ({@link CohortService#move}).
 */
public enum CohortState {
  /** The legacy system serves every user of the cohort: their sign-ins and their sessions. */
  LEGACY,
  /**
   * The cohort moves on sign-in: a user who signs in is served by Gatehouse from then on (and stays
   * so); a user who has not signed in since the step keeps being served by the legacy system.
   */
  MOVING,
  /** Gatehouse serves every user of the cohort. */
  GATEHOUSE
}
