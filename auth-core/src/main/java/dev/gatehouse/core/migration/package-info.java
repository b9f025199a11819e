/**
 * Lazy migration: a {@link dev.gatehouse.core.migration.LegacyAuthenticator} lets a login or a
 * password reset for a user Gatehouse does not know yet consult the old system, and moves the user
 * over on success.
 */
@NullMarked
package dev.gatehouse.core.migration;

import org.jspecify.annotations.NullMarked;
