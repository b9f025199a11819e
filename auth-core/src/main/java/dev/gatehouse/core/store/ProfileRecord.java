package dev.gatehouse.core.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A profile as the stores hand it to core and take it back: an immutable value, never a managed
 * entity. A profile is a persona of its owner ("client", "provider"); an owner has at most one
 * default profile, which the database enforces.
 *
 * <pre>{@code
 * ProfileRecord p = tx.profiles().create(ProfileRecord.defaultOf(owner, "client", now));
 * }</pre>
 *
 * @param id the profile's key, or {@code null} before it is stored
 * @param ownerPublicId the owner's public id
 * @param role one of the configured roles
 * @param label a human label, or {@code null}
 * @param settingsJson the host's settings document (a JSON object), or {@code null}
 * @param active whether the profile can be used
 * @param defaultProfile whether it is its owner's default
 * @param createdAt when it was created
 * @param modifiedAt when it was last changed
 * @param person the person the profile describes ({@link Person#NONE} when nothing is known)
 */
public record ProfileRecord(
    @Nullable Long id,
    UUID ownerPublicId,
    String role,
    @Nullable String label,
    @Nullable String settingsJson,
    boolean active,
    boolean defaultProfile,
    Instant createdAt,
    Instant modifiedAt,
    Person person) {

  /**
   * Checks the components every profile has.
   *
   * @param id the profile's key, or {@code null} before it is stored
   * @param ownerPublicId the owner's public id
   * @param role one of the configured roles
   * @param label a human label, or {@code null}
   * @param settingsJson the host's settings document (a JSON object), or {@code null}
   * @param active whether the profile can be used
   * @param defaultProfile whether it is its owner's default
   * @param createdAt when it was created
   * @param modifiedAt when it was last changed
   * @param person the person, or {@code null} for {@link Person#NONE}
   */
  public ProfileRecord {
    requireNonNull(ownerPublicId, "ownerPublicId");
    requireNonNull(role, "role");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(modifiedAt, "modifiedAt");
    person = person == null ? Person.NONE : person;
  }

  /**
   * A profile without person fields.
   *
   * @param id the profile's key, or {@code null} before it is stored
   * @param ownerPublicId the owner's public id
   * @param role one of the configured roles
   * @param label a human label, or {@code null}
   * @param settingsJson the host's settings document (a JSON object), or {@code null}
   * @param active whether the profile can be used
   * @param defaultProfile whether it is its owner's default
   * @param createdAt when it was created
   * @param modifiedAt when it was last changed
   */
  public ProfileRecord(
      @Nullable Long id,
      UUID ownerPublicId,
      String role,
      @Nullable String label,
      @Nullable String settingsJson,
      boolean active,
      boolean defaultProfile,
      Instant createdAt,
      Instant modifiedAt) {
    this(
        id,
        ownerPublicId,
        role,
        label,
        settingsJson,
        active,
        defaultProfile,
        createdAt,
        modifiedAt,
        Person.NONE);
  }

  /**
   * A profile to create: active, not the default, without label or settings.
   *
   * @param ownerPublicId the owner
   * @param role the role
   * @param now creation time
   * @return the unsaved profile
   */
  public static ProfileRecord of(UUID ownerPublicId, String role, Instant now) {
    return new ProfileRecord(null, ownerPublicId, role, null, null, true, false, now, now);
  }

  /**
   * The profile every new account gets: its default, active, without label or settings. The one
   * statement of that rule: every flow that creates an account (registration, social and magic-link
   * sign-up, the import) creates this profile with it.
   *
   * @param ownerPublicId the new account
   * @param role the configured role of a default profile
   * @param now creation time
   * @return the unsaved profile
   */
  public static ProfileRecord defaultOf(UUID ownerPublicId, String role, Instant now) {
    return of(ownerPublicId, role, now).withDefaultProfile(true);
  }

  /**
   * @param id the key the store gave it
   * @return a copy with the key
   */
  public ProfileRecord withId(long id) {
    return new ProfileRecord(
        id,
        ownerPublicId,
        role,
        label,
        settingsJson,
        active,
        defaultProfile,
        createdAt,
        modifiedAt,
        person);
  }

  /**
   * @param defaultProfile whether it is the default
   * @return a copy with the flag
   */
  public ProfileRecord withDefaultProfile(boolean defaultProfile) {
    return new ProfileRecord(
        id,
        ownerPublicId,
        role,
        label,
        settingsJson,
        active,
        defaultProfile,
        createdAt,
        modifiedAt,
        person);
  }

  /**
   * @param person the person
   * @return a copy with the person
   */
  public ProfileRecord withPerson(Person person) {
    return new ProfileRecord(
        id,
        ownerPublicId,
        role,
        label,
        settingsJson,
        active,
        defaultProfile,
        createdAt,
        modifiedAt,
        person);
  }
}
