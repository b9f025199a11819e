package dev.gatehouse.testing;

import dev.gatehouse.core.store.ModuleRows;
import dev.gatehouse.core.store.ModuleRows.Range;
import dev.gatehouse.core.store.ModuleTable;
import dev.gatehouse.core.store.ModuleTables;
import dev.gatehouse.core.store.StoreTransaction;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The modules' own tables of the in-memory store: rows per table, each change journalled in the
 * transaction that made it (a {@link MemoryTable}), so that it commits and rolls back with the
 * store's other data. A table exists on its first use (there is no changelog to run); a row has the
 * columns its table declares ({@link ModuleTable}), whose unique keys are kept, or else those it
 * was inserted with. Values are kept as the relational store keeps them: a UUID as its text, an
 * instant to the microsecond, a copy of a byte array. Used only under the store's lock.
 */
final class MemoryModuleTables implements ModuleTables {
  private final InMemoryAuthStore store;
  private final Map<String, MemoryTable<Long, Map<String, Object>>> tables = new HashMap<>();
  private long nextRow;

  MemoryModuleTables(InMemoryAuthStore store) {
    this.store = store;
  }

  @Override
  public ModuleRows rows(String table) {
    return new Rows(table(ModuleTables.requireName(table)), null);
  }

  @Override
  public ModuleRows rows(ModuleTable table) {
    return new Rows(table(table.name()), table);
  }

  private MemoryTable<Long, Map<String, Object>> table(String name) {
    return tables.computeIfAbsent(name, t -> new MemoryTable<>(store));
  }

  /** {@inheritDoc} Empty: the in-memory store is not relational. */
  @Override
  public Optional<Connection> connection() {
    return Optional.empty();
  }

  private final class Rows implements ModuleRows {
    private final MemoryTable<Long, Map<String, Object>> table;
    private final @Nullable ModuleTable declared;

    Rows(MemoryTable<Long, Map<String, Object>> table, @Nullable ModuleTable declared) {
      this.table = table;
      this.declared = declared;
    }

    /** The values checked, and as the declaration keeps them when there is one. */
    private Map<String, ?> accept(Map<String, ?> values) {
      return declared == null ? ModuleRows.requireValues(values) : declared.accept(values);
    }

    @Override
    public void insert(Map<String, ?> given) {
      Map<String, ?> values = accept(given);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("a row to insert has no column");
      }
      Map<String, Object> row = new LinkedHashMap<>();
      if (declared != null) {
        declared.columns().keySet().forEach(c -> row.put(c, null));
      }
      Map<String, Object> kept = kept(row, values);
      requireUnique(null, kept);
      table.put(nextRow++, kept);
    }

    @Override
    public List<Map<String, Object>> find(Map<String, ?> where) {
      return copies(table.where(matching(accept(where), null)));
    }

    @Override
    public long count(Map<String, ?> where) {
      return table.keysWhere(matching(accept(where), null)).size();
    }

    @Override
    public List<Map<String, Object>> page(Map<String, ?> where, Range range, int limit) {
      ModuleRows.requireLimit(limit);
      Range r = range(range);
      List<Map<String, Object>> found = table.where(matching(accept(where), r));
      found.sort((a, b) -> compare(a.get(r.column()), b.get(r.column())));
      return copies(found.subList(0, Math.min(limit, found.size())));
    }

    @Override
    public int delete(Map<String, ?> where, Range range, int limit) {
      ModuleRows.requireLimit(limit);
      return table.removeWhere(matching(accept(where), range(range)), limit);
    }

    /** The range with its bounds as the declaration keeps them. */
    private Range range(Range range) {
      if (declared == null) {
        return range;
      }
      ModuleTable.Type type = declared.type(range.column());
      return new Range(
          range.column(),
          type.accept(range.column(), range.after()),
          type.accept(range.column(), range.before()));
    }

    @Override
    public int update(Map<String, ?> where, Map<String, ?> given) {
      Predicate<Map<String, Object>> matching = matching(accept(where), null);
      Map<String, ?> set = accept(given);
      if (set.isEmpty()) {
        throw new IllegalArgumentException("an update sets no column");
      }
      List<Long> keys = table.keysWhere(matching);
      Map<Long, Map<String, Object>> changed = new LinkedHashMap<>();
      for (Long key : keys) {
        changed.put(key, kept(new LinkedHashMap<>(table.get(key).orElseThrow()), set));
      }
      // Every changed row checked before any is written, so a collision changes nothing.
      changed.forEach(this::requireUnique);
      List<Map<String, Object>> rows = new ArrayList<>(changed.values());
      for (int i = 0; i < rows.size(); i++) {
        for (int j = i + 1; j < rows.size(); j++) {
          requireDistinct(rows.get(i), rows.get(j));
        }
      }
      changed.forEach(table::put);
      return keys.size();
    }

    @Override
    public int delete(Map<String, ?> where) {
      return table.removeWhere(matching(accept(where), null));
    }

    /**
     * Refuses a row that collides with another row ({@code key} itself left out) on a declared
     * unique key, as a database's unique constraint does.
     */
    private void requireUnique(@Nullable Long key, Map<String, Object> row) {
      if (declared == null) {
        return;
      }
      for (Long other : table.keysWhere(r -> true)) {
        if (!other.equals(key)) {
          requireDistinct(row, table.get(other).orElseThrow());
        }
      }
    }

    private void requireDistinct(Map<String, Object> row, Map<String, Object> other) {
      if (declared == null) {
        return;
      }
      for (List<String> unique : declared.uniqueKeys()) {
        boolean same = true;
        for (String column : unique) {
          Object value = row.get(column);
          same &= value != null && equal(value, other.get(column));
        }
        if (same) {
          throw new StoreTransaction.DuplicateKeyException(
              "a unique key of " + declared.name() + " " + unique + " was violated",
              new IllegalStateException("the in-memory store's unique key"));
        }
      }
    }
  }

  private static List<Map<String, Object>> copies(List<Map<String, Object>> rows) {
    List<Map<String, Object>> found = new ArrayList<>();
    for (Map<String, Object> row : rows) {
      Map<String, Object> copy = new LinkedHashMap<>();
      row.forEach((k, v) -> copy.put(k, v instanceof byte[] b ? b.clone() : v));
      found.add(Collections.unmodifiableMap(copy));
    }
    return found;
  }

  /** The rows whose every column of {@code where} equals its value, within {@code range}. */
  private static Predicate<Map<String, Object>> matching(
      Map<String, ?> where, @Nullable Range range) {
    return row -> {
      if (!matches(row, where)) {
        return false;
      }
      if (range == null) {
        return true;
      }
      Object value = row.get(range.column());
      return value != null
          && (range.after() == null || compare(value, kept(range.after())) > 0)
          && (range.before() == null || compare(value, kept(range.before())) < 0);
    };
  }

  /** Orders two kept values of one column: numbers by value, text and instants naturally. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return Long.compare(x.longValue(), y.longValue());
    }
    if (a instanceof Comparable x && a.getClass() == b.getClass()) {
      return x.compareTo(b);
    }
    throw new IllegalArgumentException(
        "a " + b.getClass().getName() + " cannot bound a column of " + a.getClass().getName());
  }

  /** {@code row} with {@code values} put in as the relational store keeps them. */
  private static Map<String, Object> kept(Map<String, Object> row, Map<String, ?> values) {
    values.forEach((k, v) -> row.put(k, kept(v)));
    return Collections.unmodifiableMap(row);
  }

  private static Object kept(Object value) {
    if (value instanceof UUID u) {
      return u.toString();
    }
    if (value instanceof Instant t) {
      return t.truncatedTo(ChronoUnit.MICROS);
    }
    if (value instanceof byte[] b) {
      return b.clone();
    }
    return value;
  }

  private static boolean matches(Map<String, Object> row, Map<String, ?> where) {
    for (Map.Entry<String, ?> e : where.entrySet()) {
      if (!equal(kept(e.getValue()), row.get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  private static boolean equal(@Nullable Object want, @Nullable Object have) {
    return want instanceof byte[] w && have instanceof byte[] h
        ? Arrays.equals(w, h)
        : Objects.equals(want, have);
  }
}
