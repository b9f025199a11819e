package dev.gatehouse.testing;

import dev.gatehouse.core.store.AuthStore;

// snippet:start certify-store
/** The in-memory store passes the contract every store must pass. */
class InMemoryStoreContractTest extends AuthStoreContract {
  private static final AuthStore STORE = new InMemoryAuthStore();

  @Override
  public AuthStore store() {
    return STORE;
  }
}
// snippet:end certify-store
