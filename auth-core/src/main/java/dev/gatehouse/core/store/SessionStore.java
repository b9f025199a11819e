package dev.gatehouse.core.store;

/**
 * Store operations for sessions and refresh tokens (the library's own tables), reached through
 * {@link StoreTransaction#sessions()}. Confined to the transaction's thread.
 */
public interface SessionStore {}
