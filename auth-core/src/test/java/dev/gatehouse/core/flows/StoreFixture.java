package dev.gatehouse.core.flows;

import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.DeliveryLogStore;
import dev.gatehouse.testing.InMemoryAuthStore;
import dev.gatehouse.testing.InMemoryAuthStore.OutboxEntry;
import dev.gatehouse.testing.InMemoryAuthStore.StoredCode;
import java.util.List;

/**
 * A store for one test class; closing it drops whatever it created. The read-back methods let a
 * flow test check what a flow stored; a fixture over a store other than the in-memory one answers
 * them from its own tables.
 */
public class StoreFixture implements AutoCloseable {
  /** The store. */
  public final AuthStore store;

  /**
   * @param store the store
   */
  public StoreFixture(AuthStore store) {
    this.store = store;
  }

  /**
   * The delivery-log rows of one channel to one masked destination, oldest first.
   *
   * @param channel {@code sms} or {@code email}
   * @param maskedDestination the destination as the log masks it
   * @return the rows
   */
  public List<DeliveryLogStore.Entry> deliveryLogs(String channel, String maskedDestination) {
    return memory().deliveryLog().stream()
        .filter(e -> e.channel().equals(channel) && e.maskedDestination().equals(maskedDestination))
        .toList();
  }

  /**
   * The one-time codes stored for a destination, oldest first.
   *
   * @param destination an E.164 number or a canonical email address
   * @return the codes
   */
  public List<StoredCode> otpCodes(String destination) {
    return memory().otpCodes(destination);
  }

  /** {@return every delivery-outbox entry, oldest first} */
  public List<OutboxEntry> outbox() {
    return memory().outbox();
  }

  private InMemoryAuthStore memory() {
    return (InMemoryAuthStore) store;
  }

  /** Drops what the store created; nothing for a store in memory. */
  @Override
  public void close() {}
}
