package dev.gatehouse.cohorts.proxy;

/**
 * How a route under the base path is decided, one way per route: each of the contract's routes is
 * one of these (MIGRATION.md's routing table lists them, {@code CohortRoutingTableTest}).
 */
enum Routing {
  /**
   * A sign-in: by the identifier its body names ({@link CohortForwarding.Builder#signInRoutes}).
   */
  IDENTIFIER,
  /**
   * The refresh: by its body's verified refresh token ({@link
   * CohortForwarding.Builder#refreshFields}).
   */
  REFRESH_TOKEN,
  /**
   * A mailed link's second request: by its verified uid and token ({@link
   * CohortForwarding.Builder#linkRoutes}).
   */
  LINK,
  /**
   * A route the legacy system does not have: Gatehouse ({@link
   * CohortForwarding.Builder#gatehouseRoutes}).
   */
  GATEHOUSE,
  /** Anything else: by its verified bearer token's owner. */
  BEARER;

  boolean readsBody() {
    return this == IDENTIFIER || this == REFRESH_TOKEN || this == LINK;
  }
}
