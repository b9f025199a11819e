package dev.gatehouse.core.observe;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The no-op observer and the isolating combination. */
final class Observers {
  private static final Logger LOG = LoggerFactory.getLogger(GatehouseObserver.class);

  static final GatehouseObserver NONE =
      new GatehouseObserver() {
        @Override
        public String toString() {
          return "GatehouseObserver.none()";
        }
      };

  private Observers() {}

  static GatehouseObserver allOf(List<? extends GatehouseObserver> observers) {
    List<GatehouseObserver> all = List.copyOf(observers);
    if (all.isEmpty()) {
      return NONE;
    }
    return new Isolating(all);
  }

  /** Calls each observer in order; a failing one is logged and skipped. */
  private record Isolating(List<GatehouseObserver> observers) implements GatehouseObserver {
    @Override
    public void passwordHashed(Duration permitWait, Duration computation) {
      each(o -> o.passwordHashed(permitWait, computation));
    }

    @Override
    public void deliveryAttempted(DeliveryAttempt attempt) {
      each(o -> o.deliveryAttempted(attempt));
    }

    @Override
    public void codeSent(String channel, String purpose, String provider) {
      each(o -> o.codeSent(channel, purpose, provider));
    }

    private void each(Consumer<GatehouseObserver> call) {
      for (GatehouseObserver o : observers) {
        try {
          call.accept(requireNonNull(o));
        } catch (RuntimeException e) {
          LOG.warn("observer {} failed", o.getClass().getName(), e);
        }
      }
    }
  }
}
