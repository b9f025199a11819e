package dev.gatehouse.testing;

import dev.gatehouse.core.store.ModuleRows;
import dev.gatehouse.core.store.ModuleTables;
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

/**
 * The modules' own tables of the in-memory store: rows per table, each change journalled in the
 * transaction that made it (a {@link MemoryTable}), so that it commits and rolls back with the
 * store's other data. A table exists on its first use (there is no changelog to run), and a row has
 * the columns it was inserted with. Values are kept as the relational store keeps them: a UUID as
 * its text, an instant to the microsecond, a copy of a byte array. Used only under the store's
 * lock.
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
    MemoryTable<Long, Map<String, Object>> rows =
        tables.computeIfAbsent(ModuleTables.requireName(table), t -> new MemoryTable<>(store));
    return new Rows(rows);
  }

  /** {@inheritDoc} Empty: the in-memory store is not relational. */
  @Override
  public Optional<Connection> connection() {
    return Optional.empty();
  }

  private final class Rows implements ModuleRows {
    private final MemoryTable<Long, Map<String, Object>> table;

    Rows(MemoryTable<Long, Map<String, Object>> table) {
      this.table = table;
    }

    @Override
    public void insert(Map<String, ?> row) {
      ModuleRows.requireValues(row);
      if (row.isEmpty()) {
        throw new IllegalArgumentException("a row to insert has no column");
      }
      table.put(nextRow++, kept(new LinkedHashMap<>(), row));
    }

    @Override
    public List<Map<String, Object>> find(Map<String, ?> where) {
      ModuleRows.requireValues(where);
      List<Map<String, Object>> found = new ArrayList<>();
      for (Map<String, Object> row : table.where(r -> matches(r, where))) {
        Map<String, Object> copy = new LinkedHashMap<>();
        row.forEach((k, v) -> copy.put(k, v instanceof byte[] b ? b.clone() : v));
        found.add(Collections.unmodifiableMap(copy));
      }
      return found;
    }

    @Override
    public int update(Map<String, ?> where, Map<String, ?> set) {
      ModuleRows.requireValues(where);
      ModuleRows.requireValues(set);
      if (set.isEmpty()) {
        throw new IllegalArgumentException("an update sets no column");
      }
      List<Long> keys = table.keysWhere(r -> matches(r, where));
      for (Long key : keys) {
        table.put(key, kept(new LinkedHashMap<>(table.get(key).orElseThrow()), set));
      }
      return keys.size();
    }

    @Override
    public int delete(Map<String, ?> where) {
      ModuleRows.requireValues(where);
      return table.removeWhere(r -> matches(r, where));
    }
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
      Object want = kept(e.getValue());
      Object have = row.get(e.getKey());
      boolean equal =
          want instanceof byte[] w && have instanceof byte[] h
              ? Arrays.equals(w, h)
              : Objects.equals(want, have);
      if (!equal) {
        return false;
      }
    }
    return true;
  }
}
