package dev.gatehouse.core.event;

/**
 * Receives {@link AuthEvent}s. Registered explicitly on the {@code Gatehouse} builder.
 *
 * <p>Called synchronously after the flow's transaction committed, on the thread that ran the flow;
 * must be thread-safe and quick. An exception thrown here is logged and swallowed: it never undoes
 * or fails the flow.
 */
@FunctionalInterface
public interface AuthEventListener {
  /**
   * @param event what happened
   */
  void on(AuthEvent event);
}
