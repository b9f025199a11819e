package dev.gatehouse.scim;

import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.store.ModuleRows;
import dev.gatehouse.core.store.ModuleTable;
import dev.gatehouse.core.store.StoreTransaction;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The organisations' directory tokens ({@value #NAME}), one per organisation, through the store's
 * module tables in the flow's transaction. A token is {@code scim_}, its id (32 hex digits), {@code
 * _} and its secret (43 base64url characters, 256 random bits): the id finds the row, and only the
 * secret's keyed hash is kept, compared in constant time.
 */
final class DirectoryTokens {
  static final String NAME = "gh_scim_token";
  private static final String PURPOSE = "scim-token";
  private static final Pattern SHAPE = Pattern.compile("scim_[0-9a-f]{32}_[A-Za-z0-9_-]{43}");

  static final ModuleTable TABLE =
      ModuleTable.named(NAME)
          .column("org_id", ModuleTable.Type.TEXT)
          .column("token_id", ModuleTable.Type.TEXT)
          .column("token_hash", ModuleTable.Type.TEXT)
          .column("issued_by", ModuleTable.Type.TEXT)
          .column("issued_at", ModuleTable.Type.INSTANT)
          .column("last_used_at", ModuleTable.Type.INSTANT)
          .unique("org_id")
          .unique("token_id")
          .build();

  private DirectoryTokens() {}

  /** A token as a directory presents it. */
  record Presented(UUID id, String secret) {
    static Presented random() {
      return new Presented(UUID.randomUUID(), SecretHasher.newToken());
    }

    /** {@return the token of that shape, or empty for anything else} */
    static Optional<Presented> parse(@Nullable String text) {
      if (text == null || !SHAPE.matcher(text).matches()) {
        return Optional.empty();
      }
      String hex = text.substring(5, 37);
      return Optional.of(
          new Presented(
              new UUID(
                  HexFormat.fromHexDigitsToLong(hex, 0, 16),
                  HexFormat.fromHexDigitsToLong(hex, 16, 32)),
              text.substring(38)));
    }

    String text() {
      return "scim_" + id.toString().replace("-", "") + "_" + secret;
    }

    String hash(SecretHasher secrets) {
      return secrets.hash(PURPOSE, id + ":" + secret);
    }

    boolean matches(SecretHasher secrets, String stored) {
      return secrets.matches(PURPOSE, id + ":" + secret, stored);
    }

    @Override
    public String toString() {
      return "Presented[" + id + "]";
    }
  }

  /** A token as kept. */
  record Stored(
      UUID organization,
      UUID id,
      String hash,
      UUID issuedBy,
      Instant issuedAt,
      @Nullable Instant lastUsedAt) {
    @Override
    public String toString() {
      return "Stored[" + organization + ", " + id + "]";
    }
  }

  static Optional<Stored> ofOrganization(StoreTransaction tx, UUID organization) {
    return first(rows(tx).find(Map.of("org_id", organization.toString())));
  }

  static Optional<Stored> byId(StoreTransaction tx, UUID id) {
    return first(rows(tx).find(Map.of("token_id", id.toString())));
  }

  /** Keeps the organisation's token, replacing the one it had. */
  static void replace(StoreTransaction tx, Stored token) {
    ModuleRows rows = rows(tx);
    rows.delete(Map.of("org_id", token.organization().toString()));
    Map<String, Object> row = new HashMap<>();
    row.put("org_id", token.organization().toString());
    row.put("token_id", token.id().toString());
    row.put("token_hash", token.hash());
    row.put("issued_by", token.issuedBy().toString());
    row.put("issued_at", token.issuedAt());
    row.put("last_used_at", null);
    rows.insert(row);
  }

  static boolean delete(StoreTransaction tx, UUID organization) {
    return rows(tx).delete(Map.of("org_id", organization.toString())) > 0;
  }

  static void used(StoreTransaction tx, UUID id, Instant at) {
    rows(tx).update(Map.of("token_id", id.toString()), Map.of("last_used_at", at));
  }

  private static Optional<Stored> first(List<Map<String, Object>> found) {
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Object> r = found.get(0);
    return Optional.of(
        new Stored(
            UUID.fromString((String) r.get("org_id")),
            UUID.fromString((String) r.get("token_id")),
            (String) r.get("token_hash"),
            UUID.fromString((String) r.get("issued_by")),
            (Instant) r.get("issued_at"),
            (Instant) r.get("last_used_at")));
  }

  private static ModuleRows rows(StoreTransaction tx) {
    return tx.moduleTables().rows(TABLE);
  }
}
