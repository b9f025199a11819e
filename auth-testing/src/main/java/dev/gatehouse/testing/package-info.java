/**
 * Test helpers for hosts and for Gatehouse's own tests; use them in test scope only.
 *
 * <p>Where to start: {@link dev.gatehouse.testing.TestDatabase} creates a throwaway H2, PostgreSQL
 * or MariaDB database (PostgreSQL and MariaDB when {@code GATEHOUSE_TEST_POSTGRES_URL} / {@code
 * GATEHOUSE_TEST_MARIADB_URL} are set, see {@link dev.gatehouse.testing.TestDatabase.DatabaseKind}
 * and {@link dev.gatehouse.testing.TestDatabase.EnabledDatabases}); {@link
 * dev.gatehouse.testing.CapturingSmsSender} and {@link dev.gatehouse.testing.CapturingEmailSender}
 * keep what would have been sent; {@link dev.gatehouse.testing.MutableClock} is moved by hand
 * instead of sleeping; {@link dev.gatehouse.testing.InMemoryAuthStore} is a store without a
 * database. A ready JPA entity set is {@code dev.gatehouse.core.entity.DefaultEntities} in {@code
 * auth-jpa}.
 */
@NullMarked
package dev.gatehouse.testing;

import org.jspecify.annotations.NullMarked;
