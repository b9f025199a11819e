package dev.gatehouse.core.store;

/**
 * Store operations for single-use link tokens (account confirmation, password reset), reached
 * through {@link StoreTransaction#actionTokens()}. Confined to the transaction's thread.
 */
public interface ActionTokenStore {}
