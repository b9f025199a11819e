package dev.gatehouse.core.account;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Everything a new account starts with, as {@link AccountFactory} writes it. Immutable and
 * thread-safe; built with {@link #builder(Instant)}. {@link #toString()} shows no identifier and no
 * hash.
 *
 * <p>Identifiers must already be normalised the way Gatehouse looks them up: an email as {@code
 * EmailAddresses.normalize} gives it plus its canonical (lower-case) form, a phone in E.164 from
 * {@code PhoneNumbers.normalize}, a username from {@code Usernames.normalize} plus its canonical
 * form. The factory stores what it is given; it neither normalises nor checks uniqueness (the
 * database's unique keys do, as a {@code DuplicateKeyException}).
 *
 * <pre>{@code
 * NewAccount account = NewAccount.builder(now)
 *     .email(normalized, normalized.toLowerCase(Locale.ROOT))
 *     .passwordHash(gatehouse.passwordHashing().hash(PasswordPolicy.normalize(password)))
 *     .verified(true)
 *     .emailVerified(true)
 *     .build();
 * }</pre>
 */
public final class NewAccount {
  private final Instant now;
  private final Instant dateJoined;
  private final String email;
  private final String emailCanonical;
  private final String phone;
  private final String username;
  private final String usernameCanonical;
  private final String passwordHash;
  private final boolean active;
  private final boolean verified;
  private final boolean emailVerified;
  private final boolean phoneVerified;
  private final boolean staff;
  private final boolean superuser;
  private final Instant termsAcceptedAt;
  private final String language;
  private final String timeZone;
  private final Instant lastLoginAt;
  private final Instant deletedAt;

  private NewAccount(Builder b) {
    this.now = b.now;
    this.dateJoined = b.dateJoined != null ? b.dateJoined : b.now;
    this.email = b.email;
    this.emailCanonical = b.emailCanonical;
    this.phone = b.phone;
    this.username = b.username;
    this.usernameCanonical = b.usernameCanonical;
    this.passwordHash = b.passwordHash;
    this.active = b.active;
    this.verified = b.verified;
    this.emailVerified = b.emailVerified;
    this.phoneVerified = b.phoneVerified;
    this.staff = b.staff;
    this.superuser = b.superuser;
    this.termsAcceptedAt = b.termsAcceptedAt;
    this.language = b.language;
    this.timeZone = b.timeZone;
    this.lastLoginAt = b.lastLoginAt;
    this.deletedAt = b.deletedAt;
  }

  /**
   * @param now when the account is created: its modification time, and the creation time of its
   *     default profile (and of the account itself unless {@link Builder#dateJoined} says
   *     otherwise)
   * @return a builder for an active account with no identifier, no password, nothing verified, no
   *     staff or superuser rights
   */
  public static Builder builder(Instant now) {
    return new Builder(requireNonNull(now, "now"));
  }

  /**
   * {@return the instant the account is created: its modification time and its default profile's
   * creation time; never {@code null}}
   */
  public Instant now() {
    return now;
  }

  /**
   * {@return the account's creation time: {@link Builder#dateJoined}, or {@link #now()} when unset}
   */
  public Instant dateJoined() {
    return dateJoined;
  }

  /** {@return the email as stored and shown, or {@code null}} */
  public String email() {
    return email;
  }

  /**
   * {@return the canonical email that lookups use, or {@code null} exactly when {@link #email()}
   * is}
   */
  public String emailCanonical() {
    return emailCanonical;
  }

  /** {@return the phone number in E.164, or {@code null}} */
  public String phone() {
    return phone;
  }

  /** {@return the username as shown, or {@code null}} */
  public String username() {
    return username;
  }

  /**
   * {@return the canonical username that lookups use, or {@code null} exactly when {@link
   * #username()} is}
   */
  public String usernameCanonical() {
    return usernameCanonical;
  }

  /** {@return the stored password hash, or {@code null} for an account without a password} */
  public String passwordHash() {
    return passwordHash;
  }

  /** {@return whether the account may sign in} */
  public boolean active() {
    return active;
  }

  /** {@return whether the account counts as confirmed} */
  public boolean verified() {
    return verified;
  }

  /** {@return whether the email is proven} */
  public boolean emailVerified() {
    return emailVerified;
  }

  /** {@return whether the phone number is proven} */
  public boolean phoneVerified() {
    return phoneVerified;
  }

  /** {@return whether the account is staff} */
  public boolean staff() {
    return staff;
  }

  /** {@return whether the account is a superuser} */
  public boolean superuser() {
    return superuser;
  }

  /** {@return the instant the terms were accepted, or {@code null} if they were not} */
  public Instant termsAcceptedAt() {
    return termsAcceptedAt;
  }

  /** {@return the BCP 47 language tag, or {@code null}} */
  public String language() {
    return language;
  }

  /** {@return the IANA time-zone id, or {@code null}} */
  public String timeZone() {
    return timeZone;
  }

  /** {@return the last login carried over from another system, or {@code null}} */
  public Instant lastLoginAt() {
    return lastLoginAt;
  }

  /** {@return the soft-deletion time carried over from another system, or {@code null}} */
  public Instant deletedAt() {
    return deletedAt;
  }

  @Override
  public String toString() {
    return "NewAccount[active="
        + active
        + ", verified="
        + verified
        + ", staff="
        + staff
        + ", superuser="
        + superuser
        + "]";
  }

  /** Collects a new account's values. Not thread-safe; every setter may be called again. */
  public static final class Builder {
    private final Instant now;
    private Instant dateJoined;
    private String email;
    private String emailCanonical;
    private String phone;
    private String username;
    private String usernameCanonical;
    private String passwordHash;
    private boolean active = true;
    private boolean verified;
    private boolean emailVerified;
    private boolean phoneVerified;
    private boolean staff;
    private boolean superuser;
    private Instant termsAcceptedAt;
    private String language;
    private String timeZone;
    private Instant lastLoginAt;
    private Instant deletedAt;

    private Builder(Instant now) {
      this.now = now;
    }

    /**
     * @param email the normalised email as stored and shown
     * @param canonical its canonical (lower-case) form that lookups use
     * @return this builder
     */
    public Builder email(String email, String canonical) {
      this.email = requireNonNull(email, "email");
      this.emailCanonical = requireNonNull(canonical, "canonical");
      return this;
    }

    /**
     * @param e164 the phone number in E.164, or {@code null} for none
     * @return this builder
     */
    public Builder phone(String e164) {
      this.phone = e164;
      return this;
    }

    /**
     * @param username the normalised username as shown
     * @param canonical its canonical (lower-case) form that lookups use
     * @return this builder
     */
    public Builder username(String username, String canonical) {
      this.username = requireNonNull(username, "username");
      this.usernameCanonical = requireNonNull(canonical, "canonical");
      return this;
    }

    /**
     * @param hash the password hash as {@code PasswordHashing} verifies it (or a legacy format it
     *     recognises), or {@code null} for an account that signs in by code only
     * @return this builder
     */
    public Builder passwordHash(String hash) {
      this.passwordHash = hash;
      return this;
    }

    /**
     * @param active whether the account may sign in (default {@code true})
     * @return this builder
     */
    public Builder active(boolean active) {
      this.active = active;
      return this;
    }

    /**
     * @param verified whether the account counts as confirmed (default {@code false})
     * @return this builder
     */
    public Builder verified(boolean verified) {
      this.verified = verified;
      return this;
    }

    /**
     * @param verified whether the email is proven (default {@code false})
     * @return this builder
     */
    public Builder emailVerified(boolean verified) {
      this.emailVerified = verified;
      return this;
    }

    /**
     * @param verified whether the phone number is proven (default {@code false})
     * @return this builder
     */
    public Builder phoneVerified(boolean verified) {
      this.phoneVerified = verified;
      return this;
    }

    /**
     * @param staff whether the account is staff (default {@code false})
     * @return this builder
     */
    public Builder staff(boolean staff) {
      this.staff = staff;
      return this;
    }

    /**
     * @param superuser whether the account is a superuser (default {@code false})
     * @return this builder
     */
    public Builder superuser(boolean superuser) {
      this.superuser = superuser;
      return this;
    }

    /**
     * @param at when the terms were accepted, or {@code null}
     * @return this builder
     */
    public Builder termsAcceptedAt(Instant at) {
      this.termsAcceptedAt = at;
      return this;
    }

    /**
     * @param tag a BCP 47 language tag of at most 16 characters, or {@code null}
     * @return this builder
     */
    public Builder language(String tag) {
      this.language = tag;
      return this;
    }

    /**
     * @param zone an IANA time-zone id of at most 64 characters, or {@code null}
     * @return this builder
     */
    public Builder timeZone(String zone) {
      this.timeZone = zone;
      return this;
    }

    /**
     * @param at the account's creation time when it is older than this creation (an account carried
     *     over from another system), or {@code null} for {@code now}
     * @return this builder
     */
    public Builder dateJoined(Instant at) {
      this.dateJoined = at;
      return this;
    }

    /**
     * @param at the last login carried over from another system, or {@code null}
     * @return this builder
     */
    public Builder lastLoginAt(Instant at) {
      this.lastLoginAt = at;
      return this;
    }

    /**
     * @param at the soft-deletion time carried over from another system, or {@code null}
     * @return this builder
     */
    public Builder deletedAt(Instant at) {
      this.deletedAt = at;
      return this;
    }

    /**
     * Builds the immutable value; the builder may be changed and used again afterwards.
     *
     * @return a new {@link NewAccount} with this builder's values
     */
    public NewAccount build() {
      return new NewAccount(this);
    }
  }
}
