package dev.gatehouse.spring.boot.actuate;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.observe.GatehouseObserver;
import dev.gatehouse.core.observe.GatehouseObserver.ObservedOperation;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Map;

/**
 * Gatehouse's operations as Micrometer {@link Observation}s, so a host's tracing shows a span for
 * each sign-in, refresh, code request, delivery and import batch, and its meter registry a timer of
 * each ({@code gatehouse.sign-in}, {@code gatehouse.refresh}, {@code gatehouse.code.request},
 * {@code gatehouse.delivery}, {@code gatehouse.import.batch}). Tags are low-cardinality only: the
 * method, step, provider, channel, purpose, source, {@code outcome} and the refusal's code as
 * {@code reason}. The observation's scope is open while the operation runs, so the database calls
 * it makes nest under its span. Thread-safe: holds only the registry.
 */
final class GatehouseObservations implements GatehouseObserver {
  private final ObservationRegistry registry;

  GatehouseObservations(ObservationRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
  }

  @Override
  public ObservedOperation start(String name, Map<String, String> tags) {
    if (registry.isNoop()) {
      return ObservedOperation.NONE;
    }
    Observation observation = Observation.createNotStarted(name, registry);
    tags.forEach(observation::lowCardinalityKeyValue);
    observation.start();
    Observation.Scope scope = observation.openScope();
    return new ObservedOperation() {
      @Override
      public void tag(String key, String value) {
        observation.lowCardinalityKeyValue(key, value);
      }

      @Override
      public void failed(String code) {
        observation.lowCardinalityKeyValue("outcome", "failure");
        observation.lowCardinalityKeyValue("reason", code);
      }

      @Override
      public void stop() {
        scope.close();
        observation.stop();
      }
    };
  }

  @Override
  public String toString() {
    return "GatehouseObservations";
  }
}
