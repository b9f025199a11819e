package dev.gatehouse.core.store;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Store operations for profiles, reached through {@link StoreTransaction#profiles()}. Takes and
 * returns {@link ProfileRecord} values and owners' public ids; every lookup and change is scoped to
 * the owner, so a profile of another user is never found, changed or deleted. Confined to the
 * transaction's thread.
 *
 * <p>"At most one default per owner" is the database's to enforce (a unique marker on the default
 * row): a change that would leave two defaults fails with {@link DuplicateKeyException}.
 *
 * <pre>{@code
 * ProfileStore profiles = tx.profiles();
 * ProfileRecord shop = profiles.create(ProfileRecord.of(owner, "provider", now));
 * profiles.makeDefault(owner, shop.id(), now);
 * }</pre>
 */
public interface ProfileStore {

  /**
   * @param ownerPublicId the owner
   * @return the owner's profiles, oldest first; empty for an unknown owner
   */
  List<ProfileRecord> list(UUID ownerPublicId);

  /**
   * @param ownerPublicId the owner; a profile of another user is never returned
   * @param profileId the profile's key
   * @return the profile
   */
  Optional<ProfileRecord> find(UUID ownerPublicId, long profileId);

  /**
   * @param ownerPublicId the owner
   * @return the owner's default profile, if they have one
   */
  default Optional<ProfileRecord> findDefault(UUID ownerPublicId) {
    return list(ownerPublicId).stream().filter(ProfileRecord::defaultProfile).findFirst();
  }

  /**
   * Stores a new profile, as its owner's default if {@code profile.defaultProfile()} (the owner
   * must not have one yet; use {@link #makeDefault} to switch).
   *
   * @param profile the profile; its {@code id} is ignored
   * @return the stored profile, with its key
   * @throws java.util.NoSuchElementException when the owner does not exist
   * @throws DuplicateKeyException when it would be a second default
   */
  ProfileRecord create(ProfileRecord profile);

  /**
   * Writes a profile's role, label, settings, active flag and modification time. The default flag
   * is not written here (see {@link #makeDefault}), nor the creation time.
   *
   * @param profile the profile, identified by its {@code id} and owner
   * @return whether the owner has that profile (and it was written)
   */
  boolean update(ProfileRecord profile);

  /**
   * Makes a profile its owner's only default: clears the previous default and sets this one, in
   * this transaction. A concurrent switch that would leave two defaults fails on the unique index
   * instead.
   *
   * @param ownerPublicId the owner
   * @param profileId the profile's key
   * @param now modification time
   * @return whether the owner has that profile (when not, nothing changes)
   * @throws DuplicateKeyException when a concurrent change made another default
   */
  boolean makeDefault(UUID ownerPublicId, long profileId, Instant now);

  /**
   * Deletes one profile of the owner; a profile of another user is left alone. Sessions acting as
   * it are not touched (they fall back to the default profile at their next refresh).
   *
   * @param ownerPublicId the owner
   * @param profileId the profile's key
   * @return whether a profile was deleted
   */
  boolean delete(UUID ownerPublicId, long profileId);

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
     * statement of that rule: every flow that creates an account (registration, social and
     * magic-link sign-up, the import) creates this profile with it.
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

  /**
   * The person a profile describes, as jb-drf-auth's profile keeps it: names, birthday, gender and
   * a picture reference. Every component is optional; blank text is stored as {@code null}.
   * Personal data: never logged, and not in {@link #toString()}.
   *
   * <pre>{@code
   * Person ana = new Person("Ana", "García", "López", LocalDate.of(1990, 4, 1), "FEMALE", null);
   * gatehouse.profiles().update(me, id, ProfileInput.asDefault().withPerson(ana));
   * }</pre>
   *
   * @param firstName the first name (at most 100 characters), or {@code null}
   * @param lastName1 the first last name (at most 150 characters), or {@code null}
   * @param lastName2 the second last name (at most 150 characters), or {@code null}
   * @param birthday the birthday, or {@code null}
   * @param gender the gender as the host names it (at most 50 characters), or {@code null}
   * @param picture where the profile picture is stored (a URL or a storage key of at most 500
   *     characters), or {@code null}
   */
  public record Person(
      @Nullable String firstName,
      @Nullable String lastName1,
      @Nullable String lastName2,
      @Nullable LocalDate birthday,
      @Nullable String gender,
      @Nullable String picture) {

    /** The longest first name, in characters (after trimming). */
    public static final int MAX_FIRST_NAME = 100;

    /** The longest last name (each of the two), in characters (after trimming). */
    public static final int MAX_LAST_NAME = 150;

    /** The longest gender, in characters (after trimming). */
    public static final int MAX_GENDER = 50;

    /** The longest picture reference, in characters (after trimming). */
    public static final int MAX_PICTURE = 500;

    /** A person with nothing known. */
    public static final Person NONE = new Person(null, null, null, null, null, null);

    /**
     * Trims the text components (blank becomes {@code null}) and checks their lengths.
     *
     * @param firstName the first name, or {@code null}
     * @param lastName1 the first last name, or {@code null}
     * @param lastName2 the second last name, or {@code null}
     * @param birthday the birthday, or {@code null}
     * @param gender the gender as the host names it, or {@code null}
     * @param picture where the profile picture is stored, or {@code null}
     * @throws RejectedInputException {@code invalid_person} when a component is too long
     */
    public Person {
      firstName = text(firstName, "firstName", MAX_FIRST_NAME);
      lastName1 = text(lastName1, "lastName1", MAX_LAST_NAME);
      lastName2 = text(lastName2, "lastName2", MAX_LAST_NAME);
      gender = text(gender, "gender", MAX_GENDER);
      picture = text(picture, "picture", MAX_PICTURE);
    }

    private static String text(String value, String name, int max) {
      if (value == null) {
        return null;
      }
      String v = value.strip();
      if (v.isEmpty()) {
        return null;
      }
      if (v.length() > max) {
        throw new RejectedInputException(
            ErrorCode.INVALID_PERSON, name + " must be at most " + max + " characters");
      }
      return v;
    }

    /**
     * The name to show: the first name and the first non-empty last name, as jb-drf-auth's {@code
     * display_name}.
     *
     * @return the joined name, or {@code ""} when none is known
     */
    public String displayName() {
      return join(firstName, lastName1 != null ? lastName1 : lastName2);
    }

    /**
     * The full name: first name and both last names, as jb-drf-auth's {@code full_name}.
     *
     * @return the joined name, or {@code ""} when none is known
     */
    public String fullName() {
      return join(firstName, lastName1, lastName2);
    }

    /**
     * Whether the names are incomplete: no first name, or no last name at all (jb-drf-auth's {@code
     * profile_completion_required}).
     *
     * @return whether the person should be asked for their names
     */
    public boolean namesIncomplete() {
      return firstName == null || (lastName1 == null && lastName2 == null);
    }

    private static String join(String... parts) {
      StringBuilder b = new StringBuilder();
      for (String p : parts) {
        if (p != null) {
          if (b.length() > 0) {
            b.append(' ');
          }
          b.append(p);
        }
      }
      return b.toString();
    }

    /** {@return a description without personal data} */
    @Override
    public String toString() {
      return "Person[" + (this.equals(NONE) ? "none" : "redacted") + "]";
    }
  }
}
