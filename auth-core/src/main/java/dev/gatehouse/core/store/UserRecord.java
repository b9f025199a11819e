package dev.gatehouse.core.store;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A user as the stores hand it to core and take it back: an immutable value, never a managed
 * entity, and without the database key (whose type is the host's). Users are identified by {@link
 * #publicId()}, the id tokens carry.
 *
 * <p>{@link #toString()} shows only the public id and the flags: no identifier, no name, no hash.
 *
 * <pre>{@code
 * UserRecord u = tx.users().findByEmail(canonical).filter(x -> !x.deleted()).orElseThrow();
 * tx.users().recordLogin(u.publicId(), now);
 * }</pre>
 *
 * @param publicId the public id tokens carry
 * @param email the email as the user typed it (trimmed), or {@code null}
 * @param emailCanonical the canonical (lower-case) email that uniqueness is enforced on, or {@code
 *     null} exactly when {@code email} is
 * @param phone the phone number in E.164, or {@code null}
 * @param username the username as chosen, or {@code null}
 * @param usernameCanonical the canonical username that uniqueness is enforced on, or {@code null}
 *     exactly when {@code username} is
 * @param passwordHash the stored password hash, or {@code null} for an account without a password
 * @param active whether the account may sign in at all
 * @param verified whether the account has confirmed at least one identifier
 * @param emailVerified whether the email was proven
 * @param phoneVerified whether the phone number was proven
 * @param staff whether the user may use staff tools
 * @param superuser whether the user holds every permission
 * @param language the BCP 47 language tag, or {@code null}
 * @param timeZone the IANA time-zone id, or {@code null}
 * @param featureFlags the feature flags turned on for the user; never {@code null}
 * @param termsAcceptedAt when the terms were accepted, or {@code null}
 * @param dateJoined when the account was created
 * @param modifiedAt when the account was last changed
 * @param lastLoginAt the last successful login, or {@code null}
 * @param deletedAt when the account was soft-deleted, or {@code null} while it is live
 */
public record UserRecord(
    UUID publicId,
    @Nullable String email,
    @Nullable String emailCanonical,
    @Nullable String phone,
    @Nullable String username,
    @Nullable String usernameCanonical,
    @Nullable String passwordHash,
    boolean active,
    boolean verified,
    boolean emailVerified,
    boolean phoneVerified,
    boolean staff,
    boolean superuser,
    @Nullable String language,
    @Nullable String timeZone,
    Set<String> featureFlags,
    @Nullable Instant termsAcceptedAt,
    Instant dateJoined,
    Instant modifiedAt,
    @Nullable Instant lastLoginAt,
    @Nullable Instant deletedAt) {

  /**
   * Checks the components every user has and copies the flags.
   *
   * @param publicId the public id tokens carry
   * @param email the email as the user typed it (trimmed), or {@code null}
   * @param emailCanonical the canonical (lower-case) email that uniqueness is enforced on, or
   *     {@code null} exactly when {@code email} is
   * @param phone the phone number in E.164, or {@code null}
   * @param username the username as chosen, or {@code null}
   * @param usernameCanonical the canonical username that uniqueness is enforced on, or {@code null}
   *     exactly when {@code username} is
   * @param passwordHash the stored password hash, or {@code null} for an account without a password
   * @param active whether the account may sign in at all
   * @param verified whether the account has confirmed at least one identifier
   * @param emailVerified whether the email was proven
   * @param phoneVerified whether the phone number was proven
   * @param staff whether the user may use staff tools
   * @param superuser whether the user holds every permission
   * @param language the BCP 47 language tag, or {@code null}
   * @param timeZone the IANA time-zone id, or {@code null}
   * @param featureFlags the feature flags turned on for the user; never {@code null}
   * @param termsAcceptedAt when the terms were accepted, or {@code null}
   * @param dateJoined when the account was created
   * @param modifiedAt when the account was last changed
   * @param lastLoginAt the last successful login, or {@code null}
   * @param deletedAt when the account was soft-deleted, or {@code null} while it is live
   */
  public UserRecord {
    requireNonNull(publicId, "publicId");
    featureFlags = featureFlags == null ? Set.of() : Set.copyOf(featureFlags);
  }

  /** {@return whether the account is soft-deleted} */
  public boolean deleted() {
    return deletedAt != null;
  }

  /**
   * {@return whether the account acts as staff: an active staff or superuser account, not deleted}
   * The one rule of who may use staff routes, which every module's staff check asks.
   */
  public boolean actsAsStaff() {
    return (staff || superuser) && active && !deleted();
  }

  /**
   * @return a builder holding this user's values, to derive a changed copy
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * A builder for a new account, as {@code AccountFactory} stores it: a fresh public id, joined and
   * modified at {@code now}, active, with no identifier, no password, nothing verified, no staff or
   * superuser rights and no feature flag.
   *
   * <p>Identifiers must already be normalised the way Gatehouse looks them up: an email as {@code
   * EmailAddresses.normalize} gives it plus its canonical (lower-case) form, a phone in E.164 from
   * {@code PhoneNumbers.normalize}, a username from {@code Usernames.normalize} plus its canonical
   * form. The factory stores what it is given; it neither normalises nor checks uniqueness (the
   * database's unique keys do, as a {@code DuplicateKeyException}).
   *
   * <pre>{@code
   * UserRecord account = UserRecord.newAccount(now)
   *     .email(normalized, normalized.toLowerCase(Locale.ROOT))
   *     .passwordHash(gatehouse.passwordHashing().hash(PasswordPolicy.normalize(password)))
   *     .verified(true)
   *     .emailVerified(true)
   *     .build();
   * }</pre>
   *
   * @param now when the account is created: its modification time, and its creation time unless
   *     {@link Builder#dateJoined} says otherwise
   * @return the builder
   */
  public static Builder newAccount(Instant now) {
    return newAccount(now, UUID.randomUUID());
  }

  /**
   * A builder for a new account with the public id given: what {@code AccountFactory#newAccount}
   * calls with the kind of id the configuration chooses ({@code
   * gatehouse.accounts.time-ordered-public-ids}).
   *
   * @param now when the account is created (see {@link #newAccount(Instant)})
   * @param publicId the new account's public id, never one an account has
   * @return the builder
   */
  public static Builder newAccount(Instant now, UUID publicId) {
    requireNonNull(now, "now");
    requireNonNull(publicId, "publicId");
    return new Builder(
        new UserRecord(
            publicId, null, null, null, null, null, null, true, false, false, false, false, false,
            null, null, Set.of(), null, now, now, null, null));
  }

  @Override
  public String toString() {
    // Never an identifier, a name or the hash: records end up in logs.
    return "UserRecord[publicId="
        + publicId
        + ", active="
        + active
        + ", verified="
        + verified
        + ", deleted="
        + deleted()
        + "]";
  }

  /**
   * Builds a new account ({@link #newAccount}) or derives a changed copy of a {@link UserRecord},
   * for batch writers that reconcile whole accounts ({@link UserStore#update}). Not thread-safe;
   * every setter may be called again, and {@link #build()} again after it.
   */
  public static final class Builder {
    private final UUID publicId;
    private String email;
    private String emailCanonical;
    private String phone;
    private String username;
    private String usernameCanonical;
    private String passwordHash;
    private boolean active;
    private boolean verified;
    private boolean emailVerified;
    private boolean phoneVerified;
    private boolean staff;
    private boolean superuser;
    private String language;
    private String timeZone;
    private Set<String> featureFlags;
    private Instant termsAcceptedAt;
    private Instant dateJoined;
    private Instant modifiedAt;
    private Instant lastLoginAt;
    private Instant deletedAt;

    private Builder(UserRecord u) {
      publicId = u.publicId;
      email = u.email;
      emailCanonical = u.emailCanonical;
      phone = u.phone;
      username = u.username;
      usernameCanonical = u.usernameCanonical;
      passwordHash = u.passwordHash;
      active = u.active;
      verified = u.verified;
      emailVerified = u.emailVerified;
      phoneVerified = u.phoneVerified;
      staff = u.staff;
      superuser = u.superuser;
      language = u.language;
      timeZone = u.timeZone;
      featureFlags = u.featureFlags;
      termsAcceptedAt = u.termsAcceptedAt;
      dateJoined = u.dateJoined;
      modifiedAt = u.modifiedAt;
      lastLoginAt = u.lastLoginAt;
      deletedAt = u.deletedAt;
    }

    /**
     * @param email the email as typed, or {@code null}
     * @param canonical its canonical form, or {@code null}
     * @return this builder
     */
    public Builder email(@Nullable String email, @Nullable String canonical) {
      this.email = email;
      this.emailCanonical = canonical;
      return this;
    }

    /**
     * @param e164 the phone in E.164, or {@code null}
     * @return this builder
     */
    public Builder phone(@Nullable String e164) {
      this.phone = e164;
      return this;
    }

    /**
     * @param username the username as chosen, or {@code null}
     * @param canonical its canonical form, or {@code null}
     * @return this builder
     */
    public Builder username(@Nullable String username, @Nullable String canonical) {
      this.username = username;
      this.usernameCanonical = canonical;
      return this;
    }

    /**
     * @param hash an encoded hash, or {@code null}
     * @return this builder
     */
    public Builder passwordHash(@Nullable String hash) {
      this.passwordHash = hash;
      return this;
    }

    /**
     * @param active whether the account may sign in
     * @return this builder
     */
    public Builder active(boolean active) {
      this.active = active;
      return this;
    }

    /**
     * @param verified whether the account is verified
     * @return this builder
     */
    public Builder verified(boolean verified) {
      this.verified = verified;
      return this;
    }

    /**
     * @param verified whether the email is proven
     * @return this builder
     */
    public Builder emailVerified(boolean verified) {
      this.emailVerified = verified;
      return this;
    }

    /**
     * @param verified whether the phone is proven
     * @return this builder
     */
    public Builder phoneVerified(boolean verified) {
      this.phoneVerified = verified;
      return this;
    }

    /**
     * @param staff whether the user is staff
     * @return this builder
     */
    public Builder staff(boolean staff) {
      this.staff = staff;
      return this;
    }

    /**
     * @param superuser whether the user is a superuser
     * @return this builder
     */
    public Builder superuser(boolean superuser) {
      this.superuser = superuser;
      return this;
    }

    /**
     * @param tag a BCP 47 language tag, or {@code null}
     * @return this builder
     */
    public Builder language(@Nullable String tag) {
      this.language = tag;
      return this;
    }

    /**
     * @param zone an IANA zone id, or {@code null}
     * @return this builder
     */
    public Builder timeZone(@Nullable String zone) {
      this.timeZone = zone;
      return this;
    }

    /**
     * @param flags the feature flags; none may contain a comma
     * @return this builder
     */
    public Builder featureFlags(Set<String> flags) {
      this.featureFlags = requireNonNull(flags, "flags");
      return this;
    }

    /**
     * @param at when the terms were accepted, or {@code null}
     * @return this builder
     */
    public Builder termsAcceptedAt(@Nullable Instant at) {
      this.termsAcceptedAt = at;
      return this;
    }

    /**
     * @param at the account's creation time when it is older than this creation (an account carried
     *     over from another system), or {@code null} for its modification time
     * @return this builder
     */
    public Builder dateJoined(@Nullable Instant at) {
      this.dateJoined = at;
      return this;
    }

    /**
     * @param at modification time
     * @return this builder
     */
    public Builder modifiedAt(Instant at) {
      this.modifiedAt = at;
      return this;
    }

    /**
     * @param at the last login, or {@code null}
     * @return this builder
     */
    public Builder lastLoginAt(@Nullable Instant at) {
      this.lastLoginAt = at;
      return this;
    }

    /**
     * @param at the soft-deletion time, or {@code null} for a live account
     * @return this builder
     */
    public Builder deletedAt(@Nullable Instant at) {
      this.deletedAt = at;
      return this;
    }

    /** {@return a new record with the changes applied} */
    public UserRecord build() {
      return new UserRecord(
          publicId,
          email,
          emailCanonical,
          phone,
          username,
          usernameCanonical,
          passwordHash,
          active,
          verified,
          emailVerified,
          phoneVerified,
          staff,
          superuser,
          language,
          timeZone,
          featureFlags,
          termsAcceptedAt,
          dateJoined != null ? dateJoined : modifiedAt,
          modifiedAt,
          lastLoginAt,
          deletedAt);
    }
  }
}
