package dev.gatehouse.spring.boot;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.event.AuthEvent.AuthEventListener;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Republishes every {@link AuthEvent} as a Spring application event, so a host listens with
 * {@code @EventListener void on(AuthEvent.LoggedIn e)}. Gatehouse calls it after the flow's
 * transaction committed (never after a rollback), on the thread that ran the flow. Thread-safe.
 */
final class SpringEventPublisher implements AuthEventListener {
  private final ApplicationEventPublisher publisher;

  SpringEventPublisher(ApplicationEventPublisher publisher) {
    this.publisher = requireNonNull(publisher, "publisher");
  }

  @Override
  public void on(AuthEvent event) {
    publisher.publishEvent(event);
  }

  @Override
  public String toString() {
    return "SpringEventPublisher";
  }
}
