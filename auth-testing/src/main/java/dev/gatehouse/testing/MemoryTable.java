package dev.gatehouse.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One table of the in-memory store: rows by key, in key order, every change journalled in the
 * transaction that made it so that a rollback undoes it. Used only under the store's lock.
 *
 * @param <K> the key type
 * @param <V> the row type (immutable)
 */
final class MemoryTable<K extends Comparable<K>, V> {
  private final Map<K, V> rows = new TreeMap<>();
  private final InMemoryAuthStore store;

  MemoryTable(InMemoryAuthStore store) {
    this.store = store;
  }

  Optional<V> get(@Nullable K key) {
    return key == null ? Optional.empty() : Optional.ofNullable(rows.get(key));
  }

  /** The rows {@code filter} accepts, in key order. */
  List<V> where(Predicate<? super V> filter) {
    List<V> found = new ArrayList<>();
    for (V row : rows.values()) {
      if (filter.test(row)) {
        found.add(row);
      }
    }
    return found;
  }

  /** The first row {@code filter} accepts, in key order. */
  Optional<V> first(Predicate<? super V> filter) {
    for (V row : rows.values()) {
      if (filter.test(row)) {
        return Optional.of(row);
      }
    }
    return Optional.empty();
  }

  /** The keys of the rows {@code filter} accepts, in key order. */
  List<K> keysWhere(Predicate<? super V> filter) {
    List<K> found = new ArrayList<>();
    rows.forEach(
        (k, v) -> {
          if (filter.test(v)) {
            found.add(k);
          }
        });
    return found;
  }

  void put(K key, V row) {
    V old = rows.put(key, row);
    store.journal(
        () -> {
          if (old == null) {
            rows.remove(key);
          } else {
            rows.put(key, old);
          }
        });
  }

  boolean remove(K key) {
    V old = rows.remove(key);
    if (old == null) {
      return false;
    }
    store.journal(() -> rows.put(key, old));
    return true;
  }

  /** Removes the rows {@code filter} accepts; answers how many. */
  int removeWhere(Predicate<? super V> filter) {
    return removeWhere(filter, Integer.MAX_VALUE);
  }

  /**
   * Removes the first {@code limit} rows, in key order, that {@code filter} accepts: a cleanup's
   * batch. Answers how many.
   */
  int removeWhere(Predicate<? super V> filter, int limit) {
    List<K> keys = keysWhere(filter);
    int removed = 0;
    for (K key : keys.subList(0, Math.min(limit, keys.size()))) {
      if (remove(key)) {
        removed++;
      }
    }
    return removed;
  }
}
