package com.example.apikeys;

import com.example.apikeys.ApiKeyService.ApiKey;
import dev.gatehouse.core.store.ModuleRows;
import dev.gatehouse.core.store.StoreTransaction;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The module's table {@code api_key}, one row per key: its id, its account's public id, its name,
 * the keyed hash of its secret, when it was created and last used. Read and written in the
 * transaction a flow was given, so a key and what created it commit together.
 */
final class KeyTable {
  /** The table, as the module's changelog creates it. */
  static final String TABLE = "api_key";

  /** The changelog that creates it, a resource of the module's jar, included by the host's. */
  static final String CHANGELOG = "com/example/apikeys/api-keys.changelog.xml";

  KeyTable() {}

  private static ModuleRows rows(StoreTransaction tx) {
    return tx.moduleTables().rows(TABLE);
  }

  /** A stored key: its description, its account and its hash. */
  record Row(ApiKey key, UUID account, String hash) {}

  void insert(StoreTransaction tx, UUID account, ApiKey key, String hash) {
    Map<String, Object> row = new HashMap<>();
    row.put("id", key.id());
    row.put("account", account);
    row.put("name", key.name());
    row.put("key_hash", hash);
    row.put("created_at", key.createdAt());
    row.put("last_used_at", null);
    rows(tx).insert(row);
  }

  Optional<Row> find(StoreTransaction tx, UUID id) {
    return rows(tx).find(Map.of("id", id)).stream().findFirst().map(KeyTable::row);
  }

  List<ApiKey> of(StoreTransaction tx, UUID account) {
    return rows(tx).find(Map.of("account", account)).stream()
        .map(KeyTable::row)
        .map(Row::key)
        .sorted(Comparator.comparing(ApiKey::createdAt).thenComparing(k -> k.id().toString()))
        .toList();
  }

  boolean delete(StoreTransaction tx, UUID account, UUID id) {
    return rows(tx).delete(Map.of("id", id, "account", account)) > 0;
  }

  void used(StoreTransaction tx, UUID id, Instant now) {
    rows(tx).update(Map.of("id", id), Map.of("last_used_at", now));
  }

  private static Row row(Map<String, Object> r) {
    ApiKey key =
        new ApiKey(
            UUID.fromString((String) r.get("id")),
            (String) r.get("name"),
            (Instant) r.get("created_at"),
            (Instant) r.get("last_used_at"));
    return new Row(key, UUID.fromString((String) r.get("account")), (String) r.get("key_hash"));
  }
}
