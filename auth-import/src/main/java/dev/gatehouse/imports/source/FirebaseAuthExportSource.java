package dev.gatehouse.imports.source;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.api.LegacySource.LegacyRecord;
import dev.gatehouse.imports.api.LegacyUser;
import dev.gatehouse.imports.internal.Timestamps;
import java.nio.file.Path;
import java.util.List;

/**
 * Users of a Firebase project from {@code firebase auth:export users.json --format=json}, streamed
 * one user at a time.
 *
 * <p>What becomes of each user:
 *
 * <ul>
 *   <li>legacy id: {@code localId};
 *   <li>{@code passwordHash} and {@code salt} (base64, Firebase's modified scrypt) become the
 *       stored string {@code $firebase-scrypt$<salt>$<passwordHash>}; it verifies once the
 *       project's hash parameters (signer key, salt separator, rounds, memory cost, from the
 *       console's "password hash parameters") are given to {@code PasswordHashing}. The project's
 *       secret signer key is never part of the stored string. An empty {@code passwordHash} (users
 *       imported into Firebase with another algorithm, whose hashes Firebase does not export) or
 *       none (phone, federated, anonymous users) makes a passwordless account;
 *   <li>{@code emailVerified} carried over; {@code phoneNumber} is E.164 and counts as verified
 *       when the user signs in with it (a {@code phone} provider), unverified otherwise;
 *   <li>{@code disabled: true} makes the account inactive;
 *   <li>{@code createdAt}, {@code lastSignedInAt} (epoch milliseconds) kept. Anonymous users have
 *       no email and no phone, so the importer quarantines them with {@code no_identifier}.
 * </ul>
 *
 * <pre>{@code
 * LegacySource firebase = FirebaseAuthExportSource.of(Path.of("users.json"));
 * }</pre>
 */
public final class FirebaseAuthExportSource implements LegacySource {
  /** The prefix of the stored string of a Firebase modified-scrypt hash. */
  public static final String HASH_PREFIX = "$firebase-scrypt$";

  private final Path file;

  private FirebaseAuthExportSource(Path file) {
    this.file = file;
  }

  /**
   * A source over an {@code auth:export} JSON file; nothing is read until {@link #open()}.
   *
   * @param file the export; not null
   * @return the source
   */
  public static FirebaseAuthExportSource of(Path file) {
    return new FirebaseAuthExportSource(requireNonNull(file, "file"));
  }

  @Override
  public String describe() {
    return "firebase:" + file.getFileName();
  }

  @Override
  public RecordStream open() {
    JsonArrayReader users = new JsonArrayReader(List.of(file), "users");
    return new LookaheadStream() {
      private long position;

      @Override
      LegacyRecord read() {
        JsonArrayReader.Item item = users.next();
        if (item == null) {
          return null;
        }
        position++;
        return toRecord(position, item);
      }

      @Override
      public void close() {
        users.close();
      }
    };
  }

  private static LegacyRecord toRecord(long position, JsonArrayReader.Item item) {
    if (item.error() != null) {
      return LegacyRecord.bad(position, item.line(), null, item.error());
    }
    JsonNode u = item.object();
    String id = JsonArrayReader.text(u, "localId");
    if (id == null) {
      return LegacyRecord.bad(position, item.line(), null, "user without localId");
    }
    try {
      String email = JsonArrayReader.text(u, "email");
      String phone = JsonArrayReader.text(u, "phoneNumber");
      boolean phoneSignIn = false;
      for (JsonNode provider : u.path("providerUserInfo")) {
        phoneSignIn |= "phone".equals(provider.path("providerId").asText());
      }
      String hash = JsonArrayReader.text(u, "passwordHash");
      String salt = JsonArrayReader.text(u, "salt");
      LegacyUser user =
          LegacyUser.builder(id)
              .email(email)
              .emailVerified(email == null ? null : u.path("emailVerified").asBoolean(false))
              .phone(phone)
              .phoneVerified(phone == null ? null : phoneSignIn)
              .passwordHash(
                  hash == null ? null : HASH_PREFIX + (salt == null ? "" : salt) + "$" + hash)
              .active(!u.path("disabled").asBoolean(false))
              .createdAt(millis(u, "createdAt"))
              .lastLoginAt(millis(u, "lastSignedInAt"))
              .build();
      return LegacyRecord.of(position, item.line(), user);
    } catch (IllegalArgumentException e) {
      return LegacyRecord.bad(position, item.line(), id, e.getMessage());
    }
  }

  private static java.time.Instant millis(JsonNode u, String field) {
    String v = JsonArrayReader.text(u, field);
    if (v == null) {
      return null;
    }
    if (!v.matches("\\d{1,15}")) {
      throw new IllegalArgumentException(field + " is not epoch milliseconds: '" + v + "'");
    }
    return Timestamps.ofEpochMilli(Long.parseLong(v));
  }
}
