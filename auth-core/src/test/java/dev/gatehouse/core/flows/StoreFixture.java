package dev.gatehouse.core.flows;

import dev.gatehouse.core.store.AuthStore;

/** A store for one test class; closing it drops whatever it created. */
public class StoreFixture implements AutoCloseable {
  /** The store. */
  public final AuthStore store;

  /**
   * @param store the store
   */
  public StoreFixture(AuthStore store) {
    this.store = store;
  }

  /** Drops what the store created; nothing for a store in memory. */
  @Override
  public void close() {}
}
