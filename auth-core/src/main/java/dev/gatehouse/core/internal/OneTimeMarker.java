package dev.gatehouse.core.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.signin.Counters;
import dev.gatehouse.core.store.CounterStore.CounterState;
import dev.gatehouse.core.store.StoreTransaction;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Something usable once within a window, held as a counter row: a social sign-in's state, a
 * provider's native token, the cooldown of a code's destination. The first {@link #spend} in the
 * window wins; every later one, concurrent or not, learns when the first was spent. A spend that
 * turned out not to count can be undone with {@link #release}.
 *
 * @param key the row's key, of a counter whose use is {@link Counters.Use#MARKER}
 * @param window how long a spend stays spent
 */
public record OneTimeMarker(String key, Duration window) {
  /**
   * @param counter a counter of the catalogue used as a marker
   * @param window how long a spend stays spent
   * @param parts what is spent, as the counter's Javadoc names them
   * @return the marker
   * @throws IllegalArgumentException when the counter is not a marker
   */
  public static OneTimeMarker of(Counters counter, Duration window, Object... parts) {
    if (counter.use() != Counters.Use.MARKER) {
      throw new IllegalArgumentException(counter + " is a " + counter.use() + ", not a marker");
    }
    return new OneTimeMarker(counter.key(parts), window);
  }

  /** Checks the parts. */
  public OneTimeMarker {
    requireNonNull(key, "key");
    requireNonNull(window, "window");
  }

  /**
   * Spends the marker in {@code tx}.
   *
   * @param tx the transaction
   * @param now the current time
   * @return empty when this was the first spend in the window; else when the first one was
   */
  public Optional<Instant> spend(StoreTransaction tx, Instant now) {
    CounterState state = tx.counters().increment(key, now, window);
    return state.count() > 1 ? Optional.of(state.windowStart()) : Optional.empty();
  }

  /**
   * Undoes a spend that turned out not to count, so the next spend is a first one again.
   *
   * @param tx the transaction
   */
  public void release(StoreTransaction tx) {
    tx.counters().reset(key);
  }
}
