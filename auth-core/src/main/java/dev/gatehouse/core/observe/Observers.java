package dev.gatehouse.core.observe;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.observe.GatehouseObserver.DeliveryAttempt;
import dev.gatehouse.core.observe.GatehouseObserver.ObservedOperation;
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

    @Override
    public ObservedOperation start(String name, java.util.Map<String, String> tags) {
      java.util.List<ObservedOperation> started = new java.util.ArrayList<>(observers.size());
      each(o -> started.add(requireNonNull(o.start(name, tags), "operation")));
      return new AllOperations(List.copyOf(started));
    }

    private void each(Consumer<GatehouseObserver> call) {
      isolated(observers, call);
    }
  }

  /** Calls {@code call} on each of {@code all} in order; one that throws is logged and skipped. */
  private static <T> void isolated(List<T> all, Consumer<T> call) {
    for (T o : all) {
      try {
        call.accept(requireNonNull(o));
      } catch (RuntimeException e) {
        LOG.warn("observer {} failed", o.getClass().getName(), e);
      }
    }
  }

  /** The operations of several observers, each isolated; stopped in reverse order (scopes nest). */
  private record AllOperations(List<ObservedOperation> operations) implements ObservedOperation {
    @Override
    public void tag(String key, String value) {
      each(o -> o.tag(key, value));
    }

    @Override
    public void failed(String code) {
      each(o -> o.failed(code));
    }

    @Override
    public void stop() {
      List<ObservedOperation> last = new java.util.ArrayList<>(operations);
      java.util.Collections.reverse(last);
      isolated(last, ObservedOperation::stop);
    }

    private void each(Consumer<ObservedOperation> call) {
      isolated(operations, call);
    }
  }
}
