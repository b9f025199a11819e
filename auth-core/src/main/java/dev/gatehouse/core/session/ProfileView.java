package dev.gatehouse.core.session;

import dev.gatehouse.core.store.ProfileRecord;
import java.time.Instant;

/**
 * A profile as its owner sees it.
 *
 * @param id the profile's key (what the profile claim of an access token carries, as a string)
 * @param role one of the configured roles
 * @param label a human label, or {@code null}
 * @param settingsJson the host's settings document (a JSON object), or {@code null}
 * @param active whether it can be used
 * @param defaultProfile whether it is the owner's default
 * @param createdAt when it was created
 * @param modifiedAt when it was last changed
 */
public record ProfileView(
    long id,
    String role,
    String label,
    String settingsJson,
    boolean active,
    boolean defaultProfile,
    Instant createdAt,
    Instant modifiedAt) {

  static ProfileView of(ProfileRecord p) {
    return new ProfileView(
        p.id(),
        p.role(),
        p.label(),
        p.settingsJson(),
        p.active(),
        p.defaultProfile(),
        p.createdAt(),
        p.modifiedAt());
  }
}
