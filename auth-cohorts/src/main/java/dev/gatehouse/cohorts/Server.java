package dev.gatehouse.cohorts;

/**
 * The system that answers a request of a legacy account's user ({@link CohortService#forSignIn}).
 */
public enum Server {
  /** The legacy system: the request is forwarded to it unchanged. */
  LEGACY,
  /** Gatehouse answers the request. */
  GATEHOUSE
}
