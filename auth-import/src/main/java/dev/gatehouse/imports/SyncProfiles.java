package dev.gatehouse.imports;

import dev.gatehouse.core.store.ProfileStore.Person;
import dev.gatehouse.core.store.ProfileStore.ProfileRecord;
import dev.gatehouse.imports.api.LegacyUser;
import dev.gatehouse.imports.internal.PreparedUser;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The default profile's two fields in {@link LegacySync}: which legacy profile is compared, the
 * person as one value to fingerprint, and the Gatehouse profile with the legacy side's value.
 */
final class SyncProfiles {
  private SyncProfiles() {}

  /**
   * The legacy user's default profile: the one marked so, else the first; {@code null} for none.
   */
  static LegacyUser.@Nullable LegacyProfile defaultProfile(PreparedUser legacy) {
    List<LegacyUser.LegacyProfile> profiles = legacy.source.profiles();
    return profiles.stream()
        .filter(LegacyUser.LegacyProfile::defaultProfile)
        .findFirst()
        .orElse(profiles.isEmpty() ? null : profiles.get(0));
  }

  /** The profile with the legacy side's settings, or else its person, as the import stores them. */
  static ProfileRecord taken(
      boolean settings, ProfileRecord p, LegacyUser.LegacyProfile legacy, Instant now) {
    return new ProfileRecord(
        p.id(),
        p.ownerPublicId(),
        p.role(),
        p.label(),
        settings ? PreparedUser.storableSettings(legacy.settingsJson()) : p.settingsJson(),
        p.active(),
        p.defaultProfile(),
        p.createdAt(),
        now,
        settings ? p.person() : legacy.person());
  }

  /** A person as one value to fingerprint: its components in order, a missing one marked. */
  static String person(Person p) {
    StringBuilder s = new StringBuilder();
    for (Object v :
        new Object[] {
          p.firstName(), p.lastName1(), p.lastName2(), p.birthday(), p.gender(), p.picture()
        }) {
      s.append(v == null ? "\u0000" : v.toString()).append('\u001f');
    }
    return s.toString();
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper()
          .configure(
              com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  /**
   * A settings document as one value to fingerprint: its JSON with the keys in order and no
   * spacing, so that the legacy store's rewriting of what the write-back gave it (PostgreSQL's
   * {@code jsonb}) is no change; as it is when it is not JSON.
   */
  static @Nullable String settings(@Nullable String json) {
    if (json == null || json.isBlank()) {
      return json;
    }
    try {
      return JSON.writeValueAsString(JSON.readValue(json, Object.class));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return json;
    }
  }
}
