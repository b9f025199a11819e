/**
 * Observation of what {@link dev.gatehouse.core.event.AuthEvent}s do not show: password hashing
 * time and the wait for a hashing permit, delivery attempts per channel, provider and outcome, and
 * one-time codes handed to a provider. A host registers a {@link
 * dev.gatehouse.core.observe.GatehouseObserver} (for example one that records Micrometer metrics)
 * with {@code Gatehouse.Builder.observer(...)}; without one, nothing is observed and nothing is
 * measured beyond two {@code System.nanoTime()} calls per hash.
 *
 * <p>{@link dev.gatehouse.core.observe.GatehouseStatus} is the point-in-time state a health check
 * reports: the signing key, the providers and the outbox backlog.
 */
@NullMarked
package dev.gatehouse.core.observe;

import org.jspecify.annotations.NullMarked;
