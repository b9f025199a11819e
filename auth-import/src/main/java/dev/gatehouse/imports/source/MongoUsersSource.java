package dev.gatehouse.imports.source;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.imports.LegacyRecord;
import dev.gatehouse.imports.LegacySource;
import dev.gatehouse.imports.LegacyUser;
import java.nio.file.Path;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Users from a {@code mongoexport} JSON-lines dump of a phone-number sign-in app (BioGraph style):
 * {@code _id} ObjectId, {@code username}, {@code phone_number} (national digits) and a separate
 * {@code country_code} (number or string), {@code is_active}, {@code date_joined}; no passwords, so
 * every user becomes a passwordless account. Relaxed and canonical extended JSON are both read.
 * Phones of users who could sign in with a code are taken as verified.
 */
public final class MongoUsersSource implements LegacySource {
  private final Path file;

  private MongoUsersSource(Path file) {
    this.file = file;
  }

  /**
   * @param file the users collection's export
   * @return the source
   */
  public static MongoUsersSource of(Path file) {
    return new MongoUsersSource(requireNonNull(file, "file"));
  }

  @Override
  public String describe() {
    return "mongoexport:" + file.getFileName();
  }

  @Override
  public RecordStream open() {
    JsonLines lines = new JsonLines(file);
    return new RecordStream() {
      private LegacyRecord next;
      private boolean done;
      private long position;

      @Override
      public boolean hasNext() {
        if (next == null && !done) {
          JsonLines.Line l = lines.next();
          if (l == null) {
            done = true;
          } else {
            position++;
            next = toRecord(position, l);
          }
        }
        return next != null;
      }

      @Override
      public LegacyRecord next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        LegacyRecord r = next;
        next = null;
        return r;
      }

      @Override
      public void close() {
        lines.close();
      }
    };
  }

  private static LegacyRecord toRecord(long position, JsonLines.Line l) {
    if (l.doc() == null) {
      return LegacyRecord.bad(position, l.number(), null, l.error());
    }
    JsonNode d = l.doc();
    String id = MongoExport.id(d.get("_id"));
    if (id == null) {
      return LegacyRecord.bad(position, l.number(), null, "document without _id");
    }
    try {
      String phone = d.hasNonNull("phone_number") ? d.get("phone_number").asText() : null;
      boolean active = !d.has("is_active") || d.get("is_active").asBoolean(true);
      LegacyUser u =
          LegacyUser.builder(id)
              .username(d.hasNonNull("username") ? d.get("username").asText() : null)
              .phone(phone)
              .phoneCountryCode(MongoExport.number(d.get("country_code")))
              .active(active)
              // Sign-in was by SMS code only: an account that exists has received a code.
              .phoneVerified(phone != null)
              .verified(phone != null)
              .createdAt(MongoExport.date(d.get("date_joined")))
              .profiles(profile(d))
              .build();
      return LegacyRecord.of(position, l.number(), u);
    } catch (DateTimeParseException | IllegalArgumentException e) {
      return LegacyRecord.bad(position, l.number(), id, e.getMessage());
    }
  }

  /** Profile fields of a BioGraph user that Gatehouse has no column for. */
  static final List<String> PROFILE_FIELDS =
      List.of(
          "name",
          "profile_pic_url",
          "profile_settings",
          "email_notification",
          "push_notification",
          "premium");

  /**
   * The default profile, with {@link #PROFILE_FIELDS} (when set and not empty) in its settings
   * document as they are in the export; none when the user has none of them.
   */
  private static List<LegacyUser.LegacyProfile> profile(JsonNode d) {
    com.fasterxml.jackson.databind.node.ObjectNode settings =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    for (String name : PROFILE_FIELDS) {
      JsonNode v = d.get(name);
      if (v != null && !v.isNull() && !(v.isTextual() && v.asText().isBlank())) {
        settings.set(name, v);
      }
    }
    return settings.isEmpty()
        ? List.of()
        : List.of(
            new LegacyUser.LegacyProfile(
                null,
                null,
                true,
                true,
                settings.toString(),
                MongoExport.date(d.get("date_joined"))));
  }
}
