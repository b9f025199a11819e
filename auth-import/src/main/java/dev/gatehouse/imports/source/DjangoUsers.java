package dev.gatehouse.imports.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.imports.api.LegacyUser;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * How a Django user row (plain {@code auth_user} or a jb-drf-auth style custom user with {@code
 * phone}, {@code is_verified}, {@code deleted} and a {@code settings} JSON) becomes a {@link
 * LegacyUser}; shared by the database and the dumpdata readers.
 */
final class DjangoUsers {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Time zones that name the region a national phone number was typed in. */
  private static final Map<String, String> REGION_BY_ZONE =
      Map.ofEntries(
          Map.entry("America/Los_Angeles", "US"),
          Map.entry("America/New_York", "US"),
          Map.entry("America/Chicago", "US"),
          Map.entry("America/Denver", "US"),
          Map.entry("America/Phoenix", "US"),
          Map.entry("America/Mexico_City", "MX"),
          Map.entry("America/Monterrey", "MX"),
          Map.entry("America/Tijuana", "MX"),
          Map.entry("Europe/London", "GB"),
          Map.entry("Asia/Kolkata", "IN"));

  private DjangoUsers() {}

  /**
   * @param f the row, column name to text (booleans as 0/1/true/false, timestamps as text)
   * @param zone the zone of naive timestamps
   */
  static LegacyUser toUser(
      String id,
      Map<String, String> f,
      ZoneId zone,
      List<LegacyUser.LegacyProfile> profiles,
      List<LegacyUser.LegacyDevice> devices) {
    String password = f.get("password");
    Instant lastLogin = JdbcRows.time(f.get("last_login"), zone);
    boolean unusable = password == null || password.isEmpty() || password.startsWith("!");
    String phone = f.get("phone");
    String timeZone = null;
    String language = null;
    String settings = f.get("settings");
    if (settings != null && !settings.isBlank()) {
      try {
        JsonNode s = JSON.readTree(settings);
        timeZone = s.hasNonNull("timezone") ? s.get("timezone").asText() : null;
        language = s.hasNonNull("language") ? s.get("language").asText() : null;
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalArgumentException("settings is not valid JSON", e);
      }
    }
    Boolean verified = f.containsKey("is_verified") ? JdbcRows.isTrue(f.get("is_verified")) : null;
    // A code-only account that has signed in proved its phone with a code.
    Boolean phoneVerified =
        unusable && phone != null && !phone.isBlank() && lastLogin != null ? Boolean.TRUE : null;
    return LegacyUser.builder(id)
        .email(f.get("email"))
        .phone(phone)
        .phoneRegionHint(timeZone == null ? null : REGION_BY_ZONE.get(timeZone))
        .username(f.get("username"))
        .passwordHash(password)
        .active(!f.containsKey("is_active") || JdbcRows.isTrue(f.get("is_active")))
        .verified(verified)
        .phoneVerified(phoneVerified)
        .staff(JdbcRows.isTrue(f.get("is_staff")))
        .superuser(JdbcRows.isTrue(f.get("is_superuser")))
        .createdAt(JdbcRows.time(f.get("date_joined"), zone))
        .lastLoginAt(lastLogin)
        .deletedAt(JdbcRows.time(f.get("deleted"), zone))
        .language(language)
        .timeZone(timeZone)
        .profiles(profiles)
        .devices(devices)
        .build();
  }

  /**
   * A profile row's {@code settings} JSON as it is: its person columns go to the profile's own
   * columns ({@link #person}), not into the settings.
   *
   * @throws IllegalArgumentException when the settings are not valid JSON
   */
  static String profileSettings(Map<String, String> f) {
    String settings = f.get("settings");
    if (settings != null && !settings.isBlank()) {
      try {
        JSON.readTree(settings);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalArgumentException("profile settings is not valid JSON", e);
      }
    }
    return settings;
  }

  /**
   * A jb-drf-auth profile row's person: {@code first_name}, {@code last_name_1}, {@code
   * last_name_2}, {@code birthday} (a {@code DATE}, SQLite text {@code YYYY-MM-DD}), {@code gender}
   * and {@code picture} (the stored file path or URL; the file stays in the media storage). A value
   * too long for {@link dev.gatehouse.core.store.ProfileStore.Person} is left out and named.
   *
   * @throws IllegalArgumentException when the birthday is not a date (the message names the profile
   *     row, not the value: it is personal data)
   */
  static PersonFields person(Map<String, String> f) {
    return PersonFields.of(
        f.get("first_name"),
        f.get("last_name_1"),
        f.get("last_name_2"),
        birthday(f.get("birthday"), f.get("id")),
        f.get("gender"),
        f.get("picture"));
  }

  private static LocalDate birthday(String text, String profileId) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "profile " + profileId + ": birthday is not a YYYY-MM-DD date");
    }
  }
}
