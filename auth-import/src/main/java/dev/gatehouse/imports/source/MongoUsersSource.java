package dev.gatehouse.imports.source;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.api.LegacySource.LegacyRecord;
import dev.gatehouse.imports.api.LegacyUser;
import java.nio.file.Path;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Users from a {@code mongoexport} JSON-lines dump of a phone-number sign-in app (BioGraph style):
 * {@code _id} ObjectId, {@code username}, {@code phone_number} (national digits) and a separate
 * {@code country_code} (number or string), {@code is_active}, {@code date_joined}; no passwords, so
 * every user becomes a passwordless account. Relaxed and canonical extended JSON are both read.
 * Phones of users who could sign in with a code are taken as verified.
 *
 * <p>The default profile: {@code profile_pic_url} is the person's {@link
 * dev.gatehouse.core.store.ProfileStore.Person#picture() picture}; {@code name}, {@code
 * profile_settings}, {@code email_notification}, {@code push_notification} and {@code premium} stay
 * in its settings document as they are in the export. BioGraph keeps one free-text {@code name}
 * ("David Baker", "Priya"): which part is a first name and which a last name the export does not
 * say, so it is not split into the person's names (a guess would be wrong for many names and could
 * not be told apart from what people typed). A document with separate {@code first_name} / {@code
 * last_name} fields gives those as the person's first and first last name, and {@code name} still
 * stays in the settings. A person field that is not text (an object, a number) is kept in the
 * settings as it is.
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

  /** Profile fields of a BioGraph user kept in the profile's settings document. */
  static final List<String> PROFILE_FIELDS =
      List.of("name", "profile_settings", "email_notification", "push_notification", "premium");

  /** Fields of a user document that are the default profile's person when they are text. */
  private static final List<String> PERSON_FIELDS =
      List.of("first_name", "last_name", "profile_pic_url");

  /**
   * The default profile: the person ({@code first_name}, {@code last_name}, {@code
   * profile_pic_url}) and {@link #PROFILE_FIELDS} (when set and not empty) in its settings document
   * as they are in the export; none when the user has none of them.
   */
  private static List<LegacyUser.LegacyProfile> profile(JsonNode d) {
    com.fasterxml.jackson.databind.node.ObjectNode settings =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    for (String name : PROFILE_FIELDS) {
      JsonNode v = d.get(name);
      if (present(v)) {
        settings.set(name, v);
      }
    }
    for (String name : PERSON_FIELDS) {
      JsonNode v = d.get(name);
      if (present(v) && !v.isTextual()) {
        // Not text the person can hold: kept in the settings as it is, not lost.
        settings.set(name, v);
      }
    }
    PersonFields person =
        PersonFields.of(
            text(d.get("first_name")),
            text(d.get("last_name")),
            null,
            null,
            null,
            text(d.get("profile_pic_url")));
    return settings.isEmpty() && person.isEmpty()
        ? List.of()
        : List.of(
            new LegacyUser.LegacyProfile(
                null,
                null,
                true,
                true,
                settings.isEmpty() ? null : settings.toString(),
                MongoExport.date(d.get("date_joined")),
                person.person(),
                person.tooLong()));
  }

  private static boolean present(JsonNode v) {
    return v != null && !v.isNull() && !(v.isTextual() && v.asText().isBlank());
  }

  private static String text(JsonNode v) {
    return present(v) && v.isTextual() ? v.asText() : null;
  }

  /**
   * Reads a {@code mongoexport} of content that refers to users by their old ids (for example
   * BioGraph's biographs with a {@code user_id} holding the owner's ObjectId as a hex string, or as
   * an ObjectId), so the host can re-attach it with {@link dev.gatehouse.imports.Importer#resolve}.
   */
  public static final class MongoContent {
    private MongoContent() {}

    /**
     * One content document's reference.
     *
     * @param line the line in the file
     * @param id the document's {@code _id}, or {@code null}
     * @param ownerLegacyId the referenced user id, or {@code null} when missing or unreadable
     */
    public record Reference(long line, @Nullable String id, @Nullable String ownerLegacyId) {}

    /**
     * Streams the references of a content export.
     *
     * @param file the export
     * @param ownerField the field holding the user id, e.g. {@code user_id}
     * @param consumer receives each document's reference (bad lines with null ids)
     * @return how many lines were read
     */
    public static long references(Path file, String ownerField, Consumer<Reference> consumer) {
      requireNonNull(file, "file");
      requireNonNull(ownerField, "ownerField");
      long n = 0;
      try (JsonLines lines = new JsonLines(file)) {
        for (JsonLines.Line l = lines.next(); l != null; l = lines.next()) {
          n++;
          if (l.doc() == null) {
            consumer.accept(new Reference(l.number(), null, null));
          } else {
            consumer.accept(
                new Reference(
                    l.number(),
                    MongoExport.id(l.doc().get("_id")),
                    MongoExport.id(l.doc().get(ownerField))));
          }
        }
      }
      return n;
    }
  }
}
