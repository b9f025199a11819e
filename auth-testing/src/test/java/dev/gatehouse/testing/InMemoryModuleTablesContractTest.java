package dev.gatehouse.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.core.store.AuthStore;
import org.junit.jupiter.api.Test;

/** The in-memory store keeps a module's tables as the contract says, without a connection. */
class InMemoryModuleTablesContractTest extends ModuleTablesContract {
  private static final AuthStore STORE = new InMemoryAuthStore();

  @Override
  public AuthStore store() {
    return STORE;
  }

  @Test
  void theInMemoryStoreHasNoConnection() {
    assertTrue(STORE.inTransaction(tx -> tx.moduleTables().connection()).isEmpty());
  }
}
