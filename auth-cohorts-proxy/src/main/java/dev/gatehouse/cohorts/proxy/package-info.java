/**
 * One base URL for every client during a cut-over by cohort ({@code auth-cohorts-proxy}): {@link
 * dev.gatehouse.cohorts.proxy.CohortForwarding}, a servlet filter in front of the legacy contract's
 * routes, forwards the requests of users whose cohort the legacy system still serves to it, through
 * smiley-http-proxy-servlet, and lets Gatehouse answer the rest. Who a request is of comes from the
 * host's {@link dev.gatehouse.cohorts.proxy.LegacyDirectory}.
 */
@NullMarked
package dev.gatehouse.cohorts.proxy;

import org.jspecify.annotations.NullMarked;
