package dev.gatehouse.core.session;

import dev.gatehouse.core.store.Person;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

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
 * @param person the person the profile describes ({@link Person#NONE} when nothing is known)
 */
public record ProfileView(
    long id,
    String role,
    @Nullable String label,
    @Nullable String settingsJson,
    boolean active,
    boolean defaultProfile,
    Instant createdAt,
    Instant modifiedAt,
    Person person) {

  /**
   * Replaces a {@code null} person with {@link Person#NONE}.
   *
   * @param id the profile's key
   * @param role one of the configured roles
   * @param label a human label, or {@code null}
   * @param settingsJson the host's settings document, or {@code null}
   * @param active whether it can be used
   * @param defaultProfile whether it is the owner's default
   * @param createdAt when it was created
   * @param modifiedAt when it was last changed
   * @param person the person, or {@code null}
   */
  public ProfileView {
    person = person == null ? Person.NONE : person;
  }

  /**
   * A profile without person fields.
   *
   * @param id the profile's key
   * @param role one of the configured roles
   * @param label a human label, or {@code null}
   * @param settingsJson the host's settings document, or {@code null}
   * @param active whether it can be used
   * @param defaultProfile whether it is the owner's default
   * @param createdAt when it was created
   * @param modifiedAt when it was last changed
   */
  public ProfileView(
      long id,
      String role,
      @Nullable String label,
      @Nullable String settingsJson,
      boolean active,
      boolean defaultProfile,
      Instant createdAt,
      Instant modifiedAt) {
    this(id, role, label, settingsJson, active, defaultProfile, createdAt, modifiedAt, Person.NONE);
  }
}
