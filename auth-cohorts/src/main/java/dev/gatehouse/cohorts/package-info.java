/**
 * The cut-over by cohort ({@code auth-cohorts}): a rule ({@link dev.gatehouse.cohorts.CohortRule})
 * assigns each legacy account to a cohort, once (the assignment is kept, so a later change of the
 * rule moves nobody silently), and each cohort is in one {@link dev.gatehouse.cohorts.CohortState}:
 * served by the legacy system, moving on sign-in, or served by Gatehouse. A step forward or back is
 * one audited operation ({@link dev.gatehouse.cohorts.CohortService#move}). Installed with {@link
 * dev.gatehouse.cohorts.Cohorts}.
 */
@NullMarked
package dev.gatehouse.cohorts;

import org.jspecify.annotations.NullMarked;
