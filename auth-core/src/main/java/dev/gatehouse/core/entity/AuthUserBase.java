package dev.gatehouse.core.entity;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Every column Gatehouse needs on a user, without a primary key.
 *
 * <p>A fresh host extends {@link AbstractAuthUser}, which adds a {@code bigint} identity key. A
 * host that keeps its existing user table and its own key type (FastAPI-Users' {@code uuid}, a
 * Mongo ObjectId string) extends this class directly and declares its own {@code @Id}; column names
 * are remapped with {@code @AttributeOverride}.
 *
 * <p>Email, phone and username are all nullable: a phone-only account has no email and needs no
 * placeholder address. Uniqueness is enforced on the normalised forms ({@code email_normalized},
 * {@code phone}, {@code username_normalized}) by unique indexes created by the library's changelog.
 * Tokens never carry the database key; they carry {@link #getPublicId()}.
 *
 * <p>Not thread-safe, like every JPA entity. {@link #toString()} never includes the password hash.
 */
@MappedSuperclass
public abstract class AuthUserBase {

  @Column(name = "public_id", nullable = false, unique = true, updatable = false, length = 36)
  private String publicId = UUID.randomUUID().toString();

  @Column(name = "email", length = 254)
  private String email;

  @Column(name = "email_normalized", unique = true, length = 254)
  private String emailNormalized;

  @Column(name = "phone", unique = true, length = 20)
  private String phone;

  @Column(name = "username", length = 150)
  private String username;

  @Column(name = "username_normalized", unique = true, length = 150)
  private String usernameNormalized;

  @Column(name = "password_hash", length = 512)
  private String passwordHash;

  @Column(name = "is_active", nullable = false)
  private boolean active = true;

  @Column(name = "is_verified", nullable = false)
  private boolean verified;

  @Column(name = "email_verified", nullable = false)
  private boolean emailVerified;

  @Column(name = "phone_verified", nullable = false)
  private boolean phoneVerified;

  @Column(name = "is_staff", nullable = false)
  private boolean staff;

  @Column(name = "is_superuser", nullable = false)
  private boolean superuser;

  @Column(name = "terms_accepted_at")
  private Instant termsAcceptedAt;

  @Column(name = "language", length = 16)
  private String language;

  @Column(name = "time_zone", length = 64)
  private String timeZone;

  /** Comma-separated feature flags; see {@link #getFeatureFlags()}. */
  @Column(name = "feature_flags", length = 1000)
  private String featureFlags;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "modified_at", nullable = false)
  private Instant modifiedAt;

  @Column(name = "deleted_at")
  private Instant deletedAt;

  @Column(name = "last_login_at")
  private Instant lastLoginAt;

  /** Required by JPA; also the constructor host subclasses use. */
  protected AuthUserBase() {}

  /** {@return the database key, whatever its type in the host's table} */
  public abstract Object getId();

  /** {@return random public identifier carried by tokens instead of the database key} */
  public UUID getPublicId() {
    return UUID.fromString(publicId);
  }

  /**
   * Replaces the public id; only importers that carry over an existing external id use this.
   *
   * @param publicId the id to keep
   */
  public void setPublicId(UUID publicId) {
    this.publicId = publicId.toString();
  }

  /** {@return the email as the user typed it (trimmed), or {@code null}} */
  public @Nullable String getEmail() {
    return email;
  }

  /**
   * Sets the display email and its normalised form together, so they cannot drift apart.
   *
   * @param email the trimmed address as typed, or {@code null}
   * @param normalized its canonical lower-case form (the unique key), or {@code null}
   */
  public void setEmail(@Nullable String email, @Nullable String normalized) {
    this.email = email;
    this.emailNormalized = normalized;
  }

  /** {@return the canonical (lower-cased) email that uniqueness is enforced on, or {@code null}} */
  public @Nullable String getEmailNormalized() {
    return emailNormalized;
  }

  /** {@return the phone number in E.164 form, or {@code null}} */
  public @Nullable String getPhone() {
    return phone;
  }

  /**
   * @param phone a phone number already normalised to E.164, or {@code null}
   */
  public void setPhone(@Nullable String phone) {
    this.phone = phone;
  }

  /** {@return the username as chosen, or {@code null}} */
  public @Nullable String getUsername() {
    return username;
  }

  /**
   * @param username the username as chosen, or {@code null}
   * @param normalized its canonical form (the unique key), or {@code null}
   */
  public void setUsername(@Nullable String username, @Nullable String normalized) {
    this.username = username;
    this.usernameNormalized = normalized;
  }

  /** {@return the canonical username that uniqueness is enforced on, or {@code null}} */
  public @Nullable String getUsernameNormalized() {
    return usernameNormalized;
  }

  /** {@return the stored password hash, or {@code null} for a passwordless account} */
  public @Nullable String getPasswordHash() {
    return passwordHash;
  }

  /**
   * @param passwordHash an encoded hash (never a raw password), or {@code null}
   */
  public void setPasswordHash(@Nullable String passwordHash) {
    this.passwordHash = passwordHash;
  }

  /** {@return whether the account may log in at all} */
  public boolean isActive() {
    return active;
  }

  /**
   * @param active whether the account may log in
   */
  public void setActive(boolean active) {
    this.active = active;
  }

  /** {@return whether the account has confirmed at least one identifier} */
  public boolean isVerified() {
    return verified;
  }

  /**
   * @param verified whether the account is verified
   */
  public void setVerified(boolean verified) {
    this.verified = verified;
  }

  /** {@return whether the email address was proven to belong to the user} */
  public boolean isEmailVerified() {
    return emailVerified;
  }

  /**
   * @param emailVerified whether the email was proven
   */
  public void setEmailVerified(boolean emailVerified) {
    this.emailVerified = emailVerified;
  }

  /** {@return whether the phone number was proven to belong to the user} */
  public boolean isPhoneVerified() {
    return phoneVerified;
  }

  /**
   * @param phoneVerified whether the phone was proven
   */
  public void setPhoneVerified(boolean phoneVerified) {
    this.phoneVerified = phoneVerified;
  }

  /** {@return whether the user may use staff tools} */
  public boolean isStaff() {
    return staff;
  }

  /**
   * @param staff whether the user is staff
   */
  public void setStaff(boolean staff) {
    this.staff = staff;
  }

  /** {@return whether the user holds every permission} */
  public boolean isSuperuser() {
    return superuser;
  }

  /**
   * @param superuser whether the user is a superuser
   */
  public void setSuperuser(boolean superuser) {
    this.superuser = superuser;
  }

  /** {@return when the terms and conditions were accepted, or {@code null}} */
  public @Nullable Instant getTermsAcceptedAt() {
    return termsAcceptedAt;
  }

  /**
   * @param termsAcceptedAt when the terms were accepted, or {@code null}
   */
  public void setTermsAcceptedAt(@Nullable Instant termsAcceptedAt) {
    this.termsAcceptedAt = termsAcceptedAt;
  }

  /** {@return preferred language tag (e.g. {@code es-MX}), or {@code null}} */
  public @Nullable String getLanguage() {
    return language;
  }

  /**
   * @param language a BCP 47 language tag, or {@code null}
   */
  public void setLanguage(@Nullable String language) {
    this.language = language;
  }

  /** {@return preferred time zone id (e.g. {@code America/Mexico_City}), or {@code null}} */
  public @Nullable String getTimeZone() {
    return timeZone;
  }

  /**
   * @param timeZone an IANA zone id, or {@code null}
   */
  public void setTimeZone(@Nullable String timeZone) {
    this.timeZone = timeZone;
  }

  /** {@return the feature flags turned on for this user; never {@code null}} */
  public Set<String> getFeatureFlags() {
    if (featureFlags == null || featureFlags.isBlank()) {
      return Set.of();
    }
    return Collections.unmodifiableSet(
        Arrays.stream(featureFlags.split(","))
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .collect(Collectors.<String, Set<String>>toCollection(LinkedHashSet::new)));
  }

  /**
   * @param flags feature flag names; none may contain a comma
   * @throws IllegalArgumentException if a flag contains a comma
   */
  public void setFeatureFlags(Set<String> flags) {
    for (String flag : flags) {
      if (flag.contains(",")) {
        throw new IllegalArgumentException("feature flag must not contain ',': " + flag);
      }
    }
    this.featureFlags = flags.isEmpty() ? null : String.join(",", flags);
  }

  /** {@return when the row was created} */
  public Instant getCreatedAt() {
    return createdAt;
  }

  /** {@return when the row was last changed} */
  public Instant getModifiedAt() {
    return modifiedAt;
  }

  /**
   * Stamps creation and modification times; the library calls this with its clock.
   *
   * @param now the current instant
   */
  public void touch(Instant now) {
    if (createdAt == null) {
      createdAt = now;
    }
    modifiedAt = now;
  }

  /** {@return when the account was soft-deleted, or {@code null} while it is live} */
  public @Nullable Instant getDeletedAt() {
    return deletedAt;
  }

  /**
   * @param deletedAt the soft-delete time, or {@code null} to restore
   */
  public void setDeletedAt(@Nullable Instant deletedAt) {
    this.deletedAt = deletedAt;
  }

  /** {@return whether the account is soft-deleted} */
  public boolean isDeleted() {
    return deletedAt != null;
  }

  /** {@return the last successful login, or {@code null}} */
  public @Nullable Instant getLastLoginAt() {
    return lastLoginAt;
  }

  /**
   * @param lastLoginAt the last successful login
   */
  public void setLastLoginAt(Instant lastLoginAt) {
    this.lastLoginAt = lastLoginAt;
  }

  @Override
  public String toString() {
    // Never the password hash; identifiers are masked to keep logs free of personal data.
    return getClass().getSimpleName()
        + "[id="
        + getId()
        + ", publicId="
        + publicId
        + ", active="
        + active
        + ", verified="
        + verified
        + "]";
  }
}
