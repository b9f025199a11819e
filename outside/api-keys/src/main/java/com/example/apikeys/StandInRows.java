package com.example.apikeys;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A stand-in for the store's module table until the merged store capability ({@code
 * tx.moduleTables().rows("api_key")}) replaces it: rows in memory, outside the store's transaction
 * (a rollback keeps them). For the scaffolding's tests on the in-memory store only.
 */
final class StandInRows implements Rows {
  private final List<Map<String, Object>> rows = new ArrayList<>();

  @Override
  public synchronized void insert(Map<String, ?> row) {
    rows.add(normalised(row));
  }

  @Override
  public synchronized List<Map<String, Object>> find(Map<String, ?> where) {
    Map<String, Object> w = normalised(where);
    return rows.stream()
        .filter(r -> matches(r, w))
        .map(HashMap::new)
        .map(r -> (Map<String, Object>) r)
        .toList();
  }

  @Override
  public synchronized int update(Map<String, ?> where, Map<String, ?> set) {
    Map<String, Object> w = normalised(where);
    int n = 0;
    for (Map<String, Object> r : rows) {
      if (matches(r, w)) {
        r.putAll(normalised(set));
        n++;
      }
    }
    return n;
  }

  @Override
  public synchronized int delete(Map<String, ?> where) {
    Map<String, Object> w = normalised(where);
    int before = rows.size();
    rows.removeIf(r -> matches(r, w));
    return before - rows.size();
  }

  private static boolean matches(Map<String, Object> row, Map<String, Object> where) {
    return where.entrySet().stream()
        .allMatch(e -> Objects.equals(row.get(e.getKey()), e.getValue()));
  }

  /** UUIDs as their text, as the store answers them. */
  private static Map<String, Object> normalised(Map<String, ?> values) {
    Map<String, Object> out = new HashMap<>();
    values.forEach((k, v) -> out.put(k, v instanceof UUID u ? u.toString() : v));
    return out;
  }
}
