package dev.gatehouse.core.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.internal.PayloadSeal.Payload;
import dev.gatehouse.core.signin.OutboxChannel;
import dev.gatehouse.core.store.OutboxStore.OutboxMessage;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The handlers of modules' outbox channels ({@code legacy}: {@code auth-legacy}'s write-back
 * journal), which the {@link DeliveryDispatcher} hands their entries to. Thread-safe. Internal: not
 * API.
 */
public final class ModuleChannels {
  private final Map<String, OutboxChannel> handlers = new ConcurrentHashMap<>();

  /**
   * Registers the handler of a module's channel; once per channel, while the facade is built.
   *
   * @param channel the channel
   * @param handler where its entries go
   * @throws IllegalStateException when the channel has a handler already
   * @throws IllegalArgumentException when the channel is one of the core's
   */
  public void register(String channel, OutboxChannel handler) {
    Outbox.requireModuleChannel(channel);
    requireNonNull(handler, "handler");
    if (handlers.putIfAbsent(channel, handler) != null) {
      throw new IllegalStateException("the outbox channel " + channel + " has a handler already");
    }
  }

  /**
   * @param channel a module's channel
   * @return its handler, or {@code null} when none is installed
   */
  @Nullable OutboxChannel handler(String channel) {
    return handlers.get(channel);
  }

  /** The entry a claimed row and its opened payload make: the fields as they were recorded. */
  static OutboxChannel.Entry entry(OutboxMessage m, Payload p) {
    return new OutboxChannel.Entry(
        m.id(),
        m.purpose(),
        m.maskedDestination(),
        null,
        Arrays.asList(p.to(), p.from(), p.subject(), p.text(), p.html(), p.secret()));
  }
}
