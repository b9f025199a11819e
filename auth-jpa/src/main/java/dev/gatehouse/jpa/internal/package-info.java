/**
 * The library's own entities (counters, sessions, tokens, outbox, second factors). Internal: not
 * API.
 */
package dev.gatehouse.jpa.internal;
