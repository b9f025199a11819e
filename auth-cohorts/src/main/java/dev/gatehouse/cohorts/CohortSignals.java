package dev.gatehouse.cohorts;

import java.util.List;

/**
 * The signals to watch before the next step, per cohort and per system, for gauges and health (the
 * Spring Boot starter registers them as Micrometer gauges, {@code gatehouse.cohorts.*}): the
 * cohort's state, its users, how many moved in its current step, the sign-ins each system accepted
 * and refused, and the requests the legacy system could not be reached for. Reached with {@code
 * gatehouse.feature(CohortSignals.class)} once {@link Cohorts} is installed; not guarded (it names
 * no one), so a host exposes it only where its metrics go. Thread-safe.
 *
 * <pre>{@code
 * for (CohortSignals.Signal s : gatehouse.feature(CohortSignals.class).read()) {
 *   log.info("{}: {} of {} moved", s.cohort(), s.moved(), s.users());
 * }
 * }</pre>
 */
public interface CohortSignals {
  /** {@return the rule's cohorts, in its order (nothing is read)} */
  java.util.Set<String> cohorts();

  /**
   * Every cohort of the rule, in its order: the states as this instance last read them, the counts
   * read now (two counts per cohort on a relational store), the sign-ins as this instance's
   * forwarding saw them answered since it started ({@link CohortService#signInAnswered}).
   *
   * @return the signals
   */
  List<Signal> read();

  /**
   * One cohort's signals.
   *
   * @param cohort the cohort
   * @param state its state
   * @param version how many steps it was moved
   * @param users accounts assigned to it
   * @param moved accounts that signed in on Gatehouse in its current step while it was moving (0 in
   *     another state)
   * @param gatehouseSignIns sign-ins Gatehouse accepted, on this instance
   * @param gatehouseRefusals sign-ins Gatehouse refused, on this instance
   * @param legacySignIns sign-ins the legacy system accepted, on this instance
   * @param legacyRefusals sign-ins the legacy system refused, on this instance
   * @param legacyUnavailable requests of the cohort's users the forwarding could not pass to the
   *     legacy system (it refused the connection or did not answer in time) and answered 503, on
   *     this instance ({@link CohortService#legacyUnavailable})
   */
  record Signal(
      String cohort,
      CohortState state,
      long version,
      long users,
      long moved,
      long gatehouseSignIns,
      long gatehouseRefusals,
      long legacySignIns,
      long legacyRefusals,
      long legacyUnavailable) {}
}
