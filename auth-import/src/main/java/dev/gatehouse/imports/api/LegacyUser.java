package dev.gatehouse.imports.api;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.store.ProfileStore.Person;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One user as a legacy system stored it, read by a {@link LegacySource} and not yet normalised:
 * identifiers are kept as stored (the importer trims, case-folds and converts phones to E.164),
 * timestamps are already converted to UTC with the source's explicit zone.
 *
 * @param legacyId the user's key in the legacy system (Django pk, UUID, ObjectId hex), never null
 * @param email the email as stored, or {@code null}
 * @param phone the phone as stored, international or national, or {@code null}
 * @param phoneCountryCode a separately stored calling code ({@code "52"}, {@code "+44"}) that goes
 *     with a national {@code phone}, or {@code null}
 * @param phoneRegionHint an ISO 3166 region to read a national {@code phone} in when there is no
 *     calling code (e.g. derived from the user's time zone), or {@code null} for the default
 * @param username the username as stored, or {@code null}
 * @param passwordHash the stored hash exactly as the legacy system wrote it, or {@code null}
 * @param active whether the account may sign in
 * @param verified the legacy "verified" flag, or {@code null} if the source has none
 * @param emailVerified whether the email is known to be verified, or {@code null} if unknown
 * @param phoneVerified whether the phone is known to be verified, or {@code null} if unknown
 * @param staff staff flag
 * @param superuser superuser flag
 * @param createdAt when the account was created, or {@code null}
 * @param lastLoginAt the last login, or {@code null}
 * @param deletedAt a soft-delete mark, or {@code null}
 * @param language a preferred language, or {@code null}
 * @param timeZone a preferred time zone, or {@code null}
 * @param profiles the user's profiles, possibly empty
 * @param devices the user's devices, possibly empty
 */
public record LegacyUser(
    String legacyId,
    @Nullable String email,
    @Nullable String phone,
    @Nullable String phoneCountryCode,
    @Nullable String phoneRegionHint,
    @Nullable String username,
    @Nullable String passwordHash,
    boolean active,
    @Nullable Boolean verified,
    @Nullable Boolean emailVerified,
    @Nullable Boolean phoneVerified,
    boolean staff,
    boolean superuser,
    @Nullable Instant createdAt,
    @Nullable Instant lastLoginAt,
    @Nullable Instant deletedAt,
    @Nullable String language,
    @Nullable String timeZone,
    List<LegacyProfile> profiles,
    List<LegacyDevice> devices) {

  /**
   * Checks the legacy id and copies the lists (a {@code null} list becomes empty).
   *
   * @param legacyId the user's key in the legacy system (Django pk, UUID, ObjectId hex), never null
   * @param email the email as stored, or {@code null}
   * @param phone the phone as stored, international or national, or {@code null}
   * @param phoneCountryCode a separately stored calling code ({@code "52"}, {@code "+44"}) that
   *     goes with a national {@code phone}, or {@code null}
   * @param phoneRegionHint an ISO 3166 region to read a national {@code phone} in when there is no
   *     calling code (e.g. derived from the user's time zone), or {@code null} for the default
   * @param username the username as stored, or {@code null}
   * @param passwordHash the stored hash exactly as the legacy system wrote it, or {@code null}
   * @param active whether the account may sign in
   * @param verified the legacy "verified" flag, or {@code null} if the source has none
   * @param emailVerified whether the email is known to be verified, or {@code null} if unknown
   * @param phoneVerified whether the phone is known to be verified, or {@code null} if unknown
   * @param staff staff flag
   * @param superuser superuser flag
   * @param createdAt when the account was created, or {@code null}
   * @param lastLoginAt the last login, or {@code null}
   * @param deletedAt a soft-delete mark, or {@code null}
   * @param language a preferred language, or {@code null}
   * @param timeZone a preferred time zone, or {@code null}
   * @param profiles the user's profiles, possibly empty
   * @param devices the user's devices, possibly empty
   * @throws NullPointerException when {@code legacyId} is null
   */
  public LegacyUser {
    requireNonNull(legacyId, "legacyId");
    profiles = List.copyOf(profiles == null ? List.of() : profiles);
    devices = List.copyOf(devices == null ? List.of() : devices);
  }

  /** Never shows the password hash. */
  @Override
  public String toString() {
    return "LegacyUser[" + legacyId + "]";
  }

  /**
   * A new builder for the given legacy id.
   *
   * @param legacyId the user's key in the legacy system, not null
   * @return the builder
   */
  public static Builder builder(String legacyId) {
    return new Builder(legacyId);
  }

  /**
   * A profile of a legacy user. Personal data (the person, the settings): not in {@link
   * #toString()}.
   *
   * <pre>{@code
   * Person ana = new Person("Ana", "García", null, LocalDate.of(1990, 4, 1), null, null);
   * new LegacyProfile("USER", null, true, true, "{\"theme\":\"dark\"}", joined, ana);
   * }</pre>
   *
   * @param role the role, e.g. {@code USER}
   * @param label a label, or {@code null}
   * @param defaultProfile whether it is the user's default
   * @param active whether it is active
   * @param settingsJson a JSON document, or {@code null}
   * @param createdAt creation time, or {@code null}
   * @param person the person the profile describes ({@link Person#NONE} when the source has none)
   * @param personFieldsTooLong the {@link Person} text components ({@code firstName}, {@code
   *     lastName1}, {@code lastName2}, {@code gender}, {@code picture}) for which the source held a
   *     value too long for a {@link Person} (see {@link Person#MAX_FIRST_NAME} and the other
   *     limits), left out of {@code person}; the import reports them instead of losing them
   *     silently. Empty when nothing was left out
   */
  public record LegacyProfile(
      String role,
      @Nullable String label,
      boolean defaultProfile,
      boolean active,
      @Nullable String settingsJson,
      @Nullable Instant createdAt,
      Person person,
      Set<String> personFieldsTooLong) {

    private static final Set<String> TEXT_COMPONENTS =
        Set.of("firstName", "lastName1", "lastName2", "gender", "picture");

    /**
     * Replaces a {@code null} person by {@link Person#NONE} and copies the set (a {@code null} set
     * becomes empty).
     *
     * @param role the role, e.g. {@code USER}
     * @param label a label, or {@code null}
     * @param defaultProfile whether it is the user's default
     * @param active whether it is active
     * @param settingsJson a JSON document, or {@code null}
     * @param createdAt creation time, or {@code null}
     * @param person the person, or {@code null} for {@link Person#NONE}
     * @param personFieldsTooLong the text components left out of {@code person} as too long, or
     *     {@code null} for none
     * @throws IllegalArgumentException when {@code personFieldsTooLong} names something that is not
     *     a text component of {@link Person}
     */
    public LegacyProfile {
      person = person == null ? Person.NONE : person;
      personFieldsTooLong =
          personFieldsTooLong == null ? Set.of() : Set.copyOf(personFieldsTooLong);
      for (String name : personFieldsTooLong) {
        if (!TEXT_COMPONENTS.contains(name)) {
          throw new IllegalArgumentException(
              "personFieldsTooLong: not a text component of Person: " + name);
        }
      }
    }

    /**
     * A profile with a person of which nothing was left out.
     *
     * @param role the role, e.g. {@code USER}
     * @param label a label, or {@code null}
     * @param defaultProfile whether it is the user's default
     * @param active whether it is active
     * @param settingsJson a JSON document, or {@code null}
     * @param createdAt creation time, or {@code null}
     * @param person the person, or {@code null} for {@link Person#NONE}
     */
    public LegacyProfile(
        String role,
        @Nullable String label,
        boolean defaultProfile,
        boolean active,
        @Nullable String settingsJson,
        @Nullable Instant createdAt,
        @Nullable Person person) {
      this(role, label, defaultProfile, active, settingsJson, createdAt, person, Set.of());
    }

    /**
     * A profile without person fields ({@link Person#NONE}).
     *
     * @param role the role, e.g. {@code USER}
     * @param label a label, or {@code null}
     * @param defaultProfile whether it is the user's default
     * @param active whether it is active
     * @param settingsJson a JSON document, or {@code null}
     * @param createdAt creation time, or {@code null}
     */
    public LegacyProfile(
        String role,
        @Nullable String label,
        boolean defaultProfile,
        boolean active,
        @Nullable String settingsJson,
        @Nullable Instant createdAt) {
      this(role, label, defaultProfile, active, settingsJson, createdAt, Person.NONE, Set.of());
    }

    /** {@return a description without the personal data: no label, settings or person} */
    @Override
    public String toString() {
      return "LegacyProfile[role="
          + role
          + ", default="
          + defaultProfile
          + ", active="
          + active
          + ", person="
          + person
          + "]";
    }
  }

  /**
   * A device of a legacy user.
   *
   * @param token the installation token (required by Gatehouse)
   * @param platform e.g. {@code ios}, or {@code null}
   * @param name a name, or {@code null}
   * @param notificationToken a push token, or {@code null}
   * @param linkedAt when it was linked, or {@code null}
   */
  public record LegacyDevice(
      String token,
      @Nullable String platform,
      @Nullable String name,
      @Nullable String notificationToken,
      @Nullable Instant linkedAt) {}

  /** Mutable, single-threaded builder used by the readers. */
  public static final class Builder {
    private final String legacyId;
    private String email;
    private String phone;
    private String phoneCountryCode;
    private String phoneRegionHint;
    private String username;
    private String passwordHash;
    private boolean active = true;
    private Boolean verified;
    private Boolean emailVerified;
    private Boolean phoneVerified;
    private boolean staff;
    private boolean superuser;
    private Instant createdAt;
    private Instant lastLoginAt;
    private Instant deletedAt;
    private String language;
    private String timeZone;
    private List<LegacyProfile> profiles = List.of();
    private List<LegacyDevice> devices = List.of();

    private Builder(String legacyId) {
      this.legacyId = requireNonNull(legacyId, "legacyId");
    }

    /**
     * Sets the email as stored.
     *
     * @param v the value, or {@code null} when the source has none
     * @return this builder
     */
    public Builder email(@Nullable String v) {
      this.email = v;
      return this;
    }

    /**
     * Sets the phone as stored.
     *
     * @param v the value, or {@code null} when the source has none
     * @return this builder
     */
    public Builder phone(@Nullable String v) {
      this.phone = v;
      return this;
    }

    /**
     * Sets a separately stored calling code.
     *
     * @param v the value, or {@code null} when the source has none
     * @return this builder
     */
    public Builder phoneCountryCode(@Nullable String v) {
      this.phoneCountryCode = v;
      return this;
    }

    /**
     * Sets the region to read a national phone in.
     *
     * @param v the value, or {@code null} when the source has none
     * @return this builder
     */
    public Builder phoneRegionHint(@Nullable String v) {
      this.phoneRegionHint = v;
      return this;
    }

    /**
     * Sets the username as stored.
     *
     * @param v the value, or {@code null} when the source has none
     * @return this builder
     */
    public Builder username(@Nullable String v) {
      this.username = v;
      return this;
    }

    /**
     * Sets the stored password hash.
     *
     * @param v the value, or {@code null} when the source has none
     * @return this builder
     */
    public Builder passwordHash(@Nullable String v) {
      this.passwordHash = v;
      return this;
    }

    /**
     * Sets the active flag.
     *
     * @param v the value, or {@code null} when the source has none
     * @return this builder
     */
    public Builder active(boolean v) {
      this.active = v;
      return this;
    }

    /**
     * Sets the legacy verified flag.
     *
     * @param v the value, or {@code null} when the source has none
     * @return this builder
     */
    public Builder verified(@Nullable Boolean v) {
      this.verified = v;
      return this;
    }

    /**
     * Sets whether the email is verified.
     *
     * @param v the value, or {@code null} when the source has none
     * @return this builder
     */
    public Builder emailVerified(@Nullable Boolean v) {
      this.emailVerified = v;
      return this;
    }

    /**
     * Sets whether the phone is verified.
     *
     * @param v the value, or {@code null} when the source has none
     * @return this builder
     */
    public Builder phoneVerified(@Nullable Boolean v) {
      this.phoneVerified = v;
      return this;
    }

    /**
     * Sets the staff flag.
     *
     * @param v the value, or {@code null} when the source has none
     * @return this builder
     */
    public Builder staff(boolean v) {
      this.staff = v;
      return this;
    }

    /**
     * Sets the superuser flag.
     *
     * @param v the value, or {@code null} when the source has none
     * @return this builder
     */
    public Builder superuser(boolean v) {
      this.superuser = v;
      return this;
    }

    /**
     * Sets the creation time.
     *
     * @param v the value, or {@code null} when the source has none
     * @return this builder
     */
    public Builder createdAt(@Nullable Instant v) {
      this.createdAt = v;
      return this;
    }

    /**
     * Sets the last login.
     *
     * @param v the value, or {@code null} when the source has none
     * @return this builder
     */
    public Builder lastLoginAt(@Nullable Instant v) {
      this.lastLoginAt = v;
      return this;
    }

    /**
     * Sets the soft-delete mark.
     *
     * @param v the value, or {@code null} when the source has none
     * @return this builder
     */
    public Builder deletedAt(@Nullable Instant v) {
      this.deletedAt = v;
      return this;
    }

    /**
     * Sets the language.
     *
     * @param v the value, or {@code null} when the source has none
     * @return this builder
     */
    public Builder language(@Nullable String v) {
      this.language = v;
      return this;
    }

    /**
     * Sets the time zone.
     *
     * @param v the value, or {@code null} when the source has none
     * @return this builder
     */
    public Builder timeZone(@Nullable String v) {
      this.timeZone = v;
      return this;
    }

    /**
     * Sets the profiles.
     *
     * @param v the value, or {@code null} when the source has none
     * @return this builder
     */
    public Builder profiles(@Nullable List<LegacyProfile> v) {
      this.profiles = v;
      return this;
    }

    /**
     * Sets the devices.
     *
     * @param v the value, or {@code null} when the source has none
     * @return this builder
     */
    public Builder devices(@Nullable List<LegacyDevice> v) {
      this.devices = v;
      return this;
    }

    /** {@return the record, with the values set so far} */
    public LegacyUser build() {
      return new LegacyUser(
          legacyId,
          email,
          phone,
          phoneCountryCode,
          phoneRegionHint,
          username,
          passwordHash,
          active,
          verified,
          emailVerified,
          phoneVerified,
          staff,
          superuser,
          createdAt,
          lastLoginAt,
          deletedAt,
          language,
          timeZone,
          profiles,
          devices);
    }
  }
}
