/**
 * Observability of Gatehouse in a Spring Boot host: every {@link
 * dev.gatehouse.core.observe.GatehouseObserver} bean is registered with the {@code Gatehouse} bean;
 * with Micrometer, {@code gatehouse.*} metrics (logins by outcome, reason and method, lockouts,
 * codes sent, deliveries, refresh-token reuse, password hashing time and permit wait); with Spring
 * Boot's health support, the {@code gatehouse} health indicator (tables, signing key, providers,
 * outbox backlog). See {@link
 * dev.gatehouse.spring.boot.actuate.GatehouseObservabilityAutoConfiguration}.
 */
@NullMarked
package dev.gatehouse.spring.boot.actuate;

import org.jspecify.annotations.NullMarked;
