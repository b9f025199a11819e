/**
 * Gatehouse's rate limits and one-time markers kept in Redis instead of the database's counter
 * table: the writes that every login attempt, code request and link mail makes leave the database.
 *
 * <p>Where to start: build {@link dev.gatehouse.redis.RedisCounters} and hand the Gatehouse builder
 * the store it decorates:
 *
 * <pre>{@code
 * RedisCounters counters = RedisCounters.builder(URI.create("redis://127.0.0.1:6379")).build();
 * Gatehouse gatehouse = Gatehouse.builder(config, counters.store(new JpaAuthStore(emf, entities)))
 *     .build();
 * }</pre>
 *
 * <p>What differs from counters in the database is said on {@link
 * dev.gatehouse.redis.RedisCounters}; docs/OPERATIONS.md says what Redis holds and what a restart
 * of Redis costs.
 */
@NullMarked
package dev.gatehouse.redis;

import org.jspecify.annotations.NullMarked;
