/** The library's own entities (counters, sessions, tokens, outbox). Internal: not API. */
package dev.gatehouse.jpa.internal;
