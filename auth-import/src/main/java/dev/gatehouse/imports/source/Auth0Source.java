package dev.gatehouse.imports.source;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.api.LegacySource.LegacyRecord;
import dev.gatehouse.imports.api.LegacyUser;
import dev.gatehouse.imports.internal.Timestamps;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Users of an Auth0 tenant from its two exports: the user export (a user export job in JSON format:
 * one user per line, {@code .gz} read as it is downloaded) and, optionally, the password hash
 * export Auth0 support sends on request (also one JSON document per line, MongoDB extended JSON).
 * The two are joined by user id: a database-connection user {@code auth0|X} gets the hash whose
 * {@code alt_id} (custom ids) or {@code _id.$oid} is {@code X}; when several database connections
 * were exported, the user's connection must match the hash line's too.
 *
 * <p>What becomes of each user:
 *
 * <ul>
 *   <li>legacy id: the full {@code user_id} ({@code auth0|...}, {@code google-oauth2|...}, {@code
 *       sms|...});
 *   <li>{@code passwordHash}: bcrypt {@code $2b$10$...} exactly as exported; users of social,
 *       passwordless or enterprise connections have none and become passwordless accounts;
 *   <li>{@code email_verified} and {@code phone_verified} carried over (an unverified email stays
 *       unverified); {@code phone_number} is E.164;
 *   <li>{@code blocked: true} makes the account inactive;
 *   <li>{@code created_at}, {@code last_login} kept.
 * </ul>
 *
 * <p>Users deleted in Auth0 are not in the user export; their lines in the hash export are ignored.
 * The hash export is read into memory once per opened stream (user id and hash, about 150 bytes a
 * user); the user export is streamed.
 *
 * <pre>{@code
 * LegacySource auth0 = Auth0Source.of(Path.of("users.json.gz"), Path.of("password-hashes.json"));
 * }</pre>
 */
public final class Auth0Source implements LegacySource {
  private static final String DATABASE_PREFIX = "auth0|";

  private final Path users;
  private final Path passwordHashes;

  private Auth0Source(Path users, Path passwordHashes) {
    this.users = users;
    this.passwordHashes = passwordHashes;
  }

  /**
   * A source over the two exports; nothing is read until {@link #open()}.
   *
   * @param users the user export (NDJSON, optionally gzipped); not null
   * @param passwordHashes the password hash export, or {@code null} to import without passwords
   * @return the source
   */
  public static Auth0Source of(Path users, @Nullable Path passwordHashes) {
    return new Auth0Source(requireNonNull(users, "users"), passwordHashes);
  }

  @Override
  public String describe() {
    return "auth0:" + users.getFileName();
  }

  @Override
  public RecordStream open() {
    Map<String, HashLine> hashes = passwordHashes == null ? Map.of() : readHashes(passwordHashes);
    JsonLines lines = new JsonLines(users);
    return new LookaheadStream() {
      private long position;

      @Override
      LegacyRecord read() {
        JsonLines.Line l = lines.next();
        if (l == null) {
          return null;
        }
        position++;
        return toRecord(position, l, hashes);
      }

      @Override
      public void close() {
        lines.close();
      }
    };
  }

  /**
   * A hash export line: its connection and hash, or every connection's hash when the id repeats.
   */
  private record HashLine(String connection, String hash, Map<String, String> byConnection) {}

  private static Map<String, HashLine> readHashes(Path file) {
    Map<String, HashLine> byId = new HashMap<>();
    try (JsonLines lines = new JsonLines(file)) {
      for (JsonLines.Line l = lines.next(); l != null; l = lines.next()) {
        JsonNode d = l.doc();
        if (d == null) {
          continue; // an unreadable hash line leaves that user without a password, nothing more
        }
        String id =
            d.hasNonNull("alt_id") ? d.get("alt_id").asText() : MongoExport.id(d.get("_id"));
        String hash = d.hasNonNull("passwordHash") ? d.get("passwordHash").asText() : null;
        if (id == null || hash == null || hash.isEmpty()) {
          continue;
        }
        String connection = d.path("connection").asText("");
        HashLine earlier = byId.get(id);
        if (earlier == null) {
          byId.put(id, new HashLine(connection, hash, null));
        } else {
          Map<String, String> all =
              earlier.byConnection() == null
                  ? new HashMap<>(Map.of(earlier.connection(), earlier.hash()))
                  : earlier.byConnection();
          all.put(connection, hash);
          byId.put(id, new HashLine(null, null, all));
        }
      }
    }
    return byId;
  }

  private static LegacyRecord toRecord(long position, JsonLines.Line l, Map<String, HashLine> h) {
    if (l.doc() == null) {
      return LegacyRecord.bad(position, l.number(), null, l.error());
    }
    JsonNode d = l.doc();
    String id = text(d, "user_id");
    if (id == null || id.isBlank()) {
      return LegacyRecord.bad(position, l.number(), null, "user without user_id");
    }
    try {
      LegacyUser u =
          LegacyUser.builder(id)
              .email(text(d, "email"))
              .emailVerified(
                  d.hasNonNull("email") ? d.path("email_verified").asBoolean(false) : null)
              .phone(text(d, "phone_number"))
              .phoneVerified(
                  d.hasNonNull("phone_number") ? d.path("phone_verified").asBoolean(false) : null)
              .username(text(d, "username"))
              .passwordHash(hashOf(id, d, h))
              .active(!d.path("blocked").asBoolean(false))
              .createdAt(Timestamps.parse(text(d, "created_at"), ZoneOffset.UTC))
              .lastLoginAt(Timestamps.parse(text(d, "last_login"), ZoneOffset.UTC))
              .build();
      return LegacyRecord.of(position, l.number(), u);
    } catch (DateTimeParseException e) {
      return LegacyRecord.bad(
          position, l.number(), id, "impossible timestamp: " + e.getParsedString());
    }
  }

  private static String hashOf(String userId, JsonNode d, Map<String, HashLine> hashes) {
    if (!userId.startsWith(DATABASE_PREFIX)) {
      return null;
    }
    HashLine line = hashes.get(userId.substring(DATABASE_PREFIX.length()));
    if (line == null) {
      return null;
    }
    if (line.byConnection() == null) {
      return line.hash();
    }
    // The same id in several database connections: only the user's own connection's hash.
    for (JsonNode identity : d.path("identities")) {
      if ("auth0".equals(identity.path("provider").asText())) {
        return line.byConnection().get(identity.path("connection").asText());
      }
    }
    return null;
  }

  private static String text(JsonNode d, String field) {
    JsonNode v = d.get(field);
    return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
  }
}
