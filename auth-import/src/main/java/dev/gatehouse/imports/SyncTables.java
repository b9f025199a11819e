package dev.gatehouse.imports;

import dev.gatehouse.core.store.StoreTransaction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The sync's two tables ({@code 0008-import-sync.xml}), read and written through the store's module
 * tables in the pass's transaction: {@value #STATE}, the cursor and counters per source name, and
 * {@value #SEEN}, per legacy user the fields' fingerprints at the last pass and whether it found a
 * conflict.
 */
final class SyncTables {
  /** The sync's cursor and counters, one row per source name. */
  static final String STATE = "gh_import_sync";

  /** The fields' fingerprints at the last pass, one row per user. */
  static final String SEEN = "gh_import_sync_user";

  private SyncTables() {}

  /**
   * A value's fingerprint: the first 12 hexadecimal digits of its SHA-256 ({@code -} for none), so
   * that the table holds no address, number or hash.
   */
  static String fingerprint(@Nullable String value) {
    if (value == null) {
      return "-";
    }
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  static long cursor(StoreTransaction tx, String name) {
    return tx.moduleTables().rows(STATE).find(Map.of("source_name", name)).stream()
        .findFirst()
        .map(r -> ((Number) r.get("cursor_seq")).longValue())
        .orElse(0L);
  }

  static void store(
      StoreTransaction tx, String name, long cursor, int updated, int conflicts, Instant now) {
    var rows = tx.moduleTables().rows(STATE);
    Optional<Map<String, Object>> kept =
        rows.find(Map.of("source_name", name)).stream().findFirst();
    Map<String, Object> row = new HashMap<>();
    row.put("cursor_seq", cursor);
    row.put("synced_at", now);
    if (kept.isEmpty()) {
      row.put("source_name", name);
      row.put("updated", (long) updated);
      row.put("conflicts", (long) conflicts);
      rows.insert(row);
    } else {
      row.put("updated", ((Number) kept.get().get("updated")).longValue() + updated);
      row.put("conflicts", ((Number) kept.get().get("conflicts")).longValue() + conflicts);
      rows.update(Map.of("source_name", name), row);
    }
  }

  /** The fields' fingerprints at the last pass: by field, {legacy's, Gatehouse's}. */
  static SeenMap seen(StoreTransaction tx, String name, String legacyId) {
    SeenMap out = new SeenMap();
    tx.moduleTables().rows(SEEN).find(Map.of("source_name", name, "legacy_id", legacyId)).stream()
        .findFirst()
        .ifPresent(
            r -> {
              for (String part : ((String) r.get("fields")).split(";")) {
                String[] kv = part.split("=", 2);
                if (kv.length == 2) {
                  out.put(kv[0], kv[1].split(":", 2));
                }
              }
              out.inConflict = Boolean.TRUE.equals(r.get("in_conflict"));
            });
    return out;
  }

  static void keepSeen(
      StoreTransaction tx,
      String name,
      String legacyId,
      Map<String, String[]> fields,
      boolean inConflict,
      boolean first) {
    StringBuilder text = new StringBuilder();
    fields.forEach(
        (k, v) ->
            text.append(text.isEmpty() ? "" : ";")
                .append(k)
                .append('=')
                .append(v[0])
                .append(':')
                .append(v[1]));
    var rows = tx.moduleTables().rows(SEEN);
    if (first) {
      rows.insert(
          Map.of(
              "source_name",
              name,
              "legacy_id",
              legacyId,
              "fields",
              text.toString(),
              "in_conflict",
              inConflict));
    } else {
      rows.update(
          Map.of("source_name", name, "legacy_id", legacyId),
          Map.of("fields", text.toString(), "in_conflict", inConflict));
    }
  }

  /** Fingerprint maps compared by their pairs' contents, as the sync compares them. */
  static final class SeenMap extends LinkedHashMap<String, String[]> {
    private static final long serialVersionUID = 1L;

    /** Whether the last pass found a conflict. */
    boolean inConflict;

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Map<?, ?> other) || other.size() != size()) {
        return false;
      }
      for (Map.Entry<String, String[]> e : entrySet()) {
        if (!(other.get(e.getKey()) instanceof String[] v)
            || !java.util.Arrays.equals(v, e.getValue())) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      return keySet().hashCode();
    }
  }
}
