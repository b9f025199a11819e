package dev.gatehouse.core.event;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Delivers events to listeners, isolating the flow from a failing listener. Thread-safe. */
public final class EventBus {
  private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);
  private final List<AuthEventListener> listeners;

  /**
   * @param listeners the listeners, called in order
   */
  public EventBus(List<AuthEventListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /**
   * Publishes an event to every listener.
   *
   * @param event the event
   */
  public void publish(AuthEvent event) {
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
