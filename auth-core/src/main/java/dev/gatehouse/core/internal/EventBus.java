package dev.gatehouse.core.internal;

import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.event.AuthEvent.AuthEventListener;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to listeners, isolating the flow from a failing listener. Events wait for the
 * commit of the transaction the publishing thread works in (the host's, when Gatehouse joined one),
 * so a listener never hears of work that rolled back. Thread-safe.
 */
public final class EventBus {
  private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
  private final List<AuthEventListener> listeners;
  private final Consumer<Runnable> afterCommit;

  /**
   * @param listeners the listeners, called in order
   * @param afterCommit runs an action after the current transaction commits (e.g. {@code
   *     store::afterCommit})
   */
  public EventBus(List<AuthEventListener> listeners, Consumer<Runnable> afterCommit) {
    this.listeners = List.copyOf(listeners);
    this.afterCommit = Objects.requireNonNull(afterCommit, "afterCommit");
  }

  /**
   * Publishes an event to every listener once the current transaction has committed (at once when
   * none is open); never when it rolls back.
   *
   * @param event the event
   */
  public void publish(AuthEvent event) {
    if (listeners.isEmpty()) {
      return;
    }
    afterCommit.accept(() -> deliver(event));
  }

  /**
   * Publishes an event to every listener at once, for work that committed on its own whatever the
   * surrounding transaction does (a failed login is counted even when the host rolls back).
   *
   * @param event the event
   */
  public void publishNow(AuthEvent event) {
    deliver(event);
  }

  private void deliver(AuthEvent event) {
    for (AuthEventListener l : listeners) {
      try {
        l.on(event);
      } catch (RuntimeException e) {
        LOG.warn(
            "event listener {} failed on {}",
            l.getClass().getName(),
            event.getClass().getSimpleName(),
            e);
      }
    }
  }
}
