package dev.gatehouse.core.entity;

import jakarta.persistence.Column;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;
import java.time.LocalDate;
import org.jspecify.annotations.Nullable;

/**
 * A profile of a user (a persona such as "client" or "provider"); a user has several and exactly
 * one is the default.
 *
 * <pre>{@code
 * @Entity @Table(name = "app_profile")
 * public class Profile extends AbstractAuthProfile<User> {}
 * }</pre>
 *
 * <p>"Exactly one default" is enforced by the database, not by application code alone: {@code
 * default_marker} holds the owner's public id while the profile is the default and {@code null}
 * otherwise, under a unique index, so two concurrent switches cannot both win.
 *
 * @param <U> the host's user entity
 */
@MappedSuperclass
public abstract class AbstractAuthProfile<U extends AuthUserBase> {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  @Column(name = "id")
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "user_id", nullable = false)
  private U user;

  @Column(name = "is_default", nullable = false)
  private boolean defaultProfile;

  @Column(name = "default_marker", unique = true, length = 36)
  private String defaultMarker;

  @Column(name = "role", nullable = false, length = 50)
  private String role;

  @Column(name = "label", length = 100)
  private String label;

  /** Free-form settings as a JSON document owned by the host. */
  @Column(name = "settings", length = 4000)
  private String settingsJson;

  @Column(name = "is_active", nullable = false)
  private boolean active = true;

  @Column(name = "first_name", length = 100)
  private String firstName;

  @Column(name = "last_name_1", length = 150)
  private String lastName1;

  @Column(name = "last_name_2", length = 150)
  private String lastName2;

  @Column(name = "birthday")
  private LocalDate birthday;

  @Column(name = "gender", length = 50)
  private String gender;

  /** Where the picture is stored (a URL or a storage key), never the image itself. */
  @Column(name = "picture", length = 500)
  private String picture;

  @Column(name = "created_at", nullable = false, updatable = false)
  private Instant createdAt;

  @Column(name = "modified_at", nullable = false)
  private Instant modifiedAt;

  /** Required by JPA. */
  protected AbstractAuthProfile() {}

  /** {@return the database key, or {@code null} before the profile is stored} */
  public @Nullable Long getId() {
    return id;
  }

  /** {@return the owner} */
  public U getUser() {
    return user;
  }

  /**
   * @param user the owner
   */
  public void setUser(U user) {
    this.user = user;
  }

  /** {@return whether this is the owner's default profile} */
  public boolean isDefaultProfile() {
    return defaultProfile;
  }

  /**
   * Marks or unmarks this profile as its owner's default. The store clears the previous default in
   * the same transaction; the unique index rejects a second default.
   *
   * @param defaultProfile whether this is the default
   */
  public void setDefaultProfile(boolean defaultProfile) {
    this.defaultProfile = defaultProfile;
    this.defaultMarker = defaultProfile ? user.getPublicId().toString() : null;
  }

  /** {@return the role, one of the configured profile roles} */
  public String getRole() {
    return role;
  }

  /**
   * @param role one of the configured roles
   */
  public void setRole(String role) {
    this.role = role;
  }

  /** {@return a human label, or {@code null}} */
  public @Nullable String getLabel() {
    return label;
  }

  /**
   * @param label a human label, or {@code null}
   */
  public void setLabel(@Nullable String label) {
    this.label = label;
  }

  /** {@return settings as a JSON document, or {@code null}} */
  public @Nullable String getSettingsJson() {
    return settingsJson;
  }

  /**
   * @param settingsJson a JSON document, or {@code null}
   */
  public void setSettingsJson(@Nullable String settingsJson) {
    this.settingsJson = settingsJson;
  }

  /** {@return whether the profile can be used} */
  public boolean isActive() {
    return active;
  }

  /**
   * @param active whether the profile can be used
   */
  public void setActive(boolean active) {
    this.active = active;
  }

  /** {@return the first name, or {@code null}} */
  public @Nullable String getFirstName() {
    return firstName;
  }

  /**
   * @param firstName the first name, or {@code null}
   */
  public void setFirstName(@Nullable String firstName) {
    this.firstName = firstName;
  }

  /** {@return the first last name, or {@code null}} */
  public @Nullable String getLastName1() {
    return lastName1;
  }

  /**
   * @param lastName1 the first last name, or {@code null}
   */
  public void setLastName1(@Nullable String lastName1) {
    this.lastName1 = lastName1;
  }

  /** {@return the second last name, or {@code null}} */
  public @Nullable String getLastName2() {
    return lastName2;
  }

  /**
   * @param lastName2 the second last name, or {@code null}
   */
  public void setLastName2(@Nullable String lastName2) {
    this.lastName2 = lastName2;
  }

  /** {@return the birthday, or {@code null}} */
  public @Nullable LocalDate getBirthday() {
    return birthday;
  }

  /**
   * @param birthday the birthday, or {@code null}
   */
  public void setBirthday(@Nullable LocalDate birthday) {
    this.birthday = birthday;
  }

  /** {@return the gender, as the host names it, or {@code null}} */
  public @Nullable String getGender() {
    return gender;
  }

  /**
   * @param gender the gender, as the host names it, or {@code null}
   */
  public void setGender(@Nullable String gender) {
    this.gender = gender;
  }

  /** {@return where the picture is stored (a URL or a storage key), or {@code null}} */
  public @Nullable String getPicture() {
    return picture;
  }

  /**
   * @param picture where the picture is stored (a URL or a storage key), or {@code null}
   */
  public void setPicture(@Nullable String picture) {
    this.picture = picture;
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
   * Stamps creation and modification times.
   *
   * @param now the current instant
   */
  public void touch(Instant now) {
    if (createdAt == null) {
      createdAt = now;
    }
    modifiedAt = now;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[id=" + id + ", role=" + role + "]";
  }
}
