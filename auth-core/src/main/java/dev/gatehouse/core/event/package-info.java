/**
 * Auth events (registered, logged in, login failed, locked, password changed, token reuse detected,
 * ...) and the listener a host registers on the builder. Events reach listeners after the
 * transaction that caused them commits, never after a rollback.
 */
@NullMarked
package dev.gatehouse.core.event;

import org.jspecify.annotations.NullMarked;
