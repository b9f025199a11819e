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
import org.jspecify.annotations.Nullable;

/**
 * A device a user signed in from (a phone app install), upserted by (user, token).
 *
 * <pre>{@code
 * @Entity @Table(name = "app_device")
 * public class Device extends AbstractAuthDevice<User> {}
 * }</pre>
 *
 * @param <U> the host's user entity
 */
@MappedSuperclass
public abstract class AbstractAuthDevice<U extends AuthUserBase> {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  @Column(name = "id")
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "user_id", nullable = false)
  private U user;

  @Column(name = "platform", length = 32)
  private String platform;

  @Column(name = "name", length = 255)
  private String name;

  /** The client's own installation identifier; not a secret. */
  @Column(name = "token", nullable = false, length = 255)
  private String token;

  /** Push notification token (APNs / FCM), up to 500 characters as in jb-drf-auth. */
  @Column(name = "notification_token", length = 500)
  private String notificationToken;

  @Column(name = "linked_at", nullable = false)
  private Instant linkedAt;

  @Column(name = "last_seen_at")
  private Instant lastSeenAt;

  /** Required by JPA. */
  protected AbstractAuthDevice() {}

  /** {@return the database key, or {@code null} before the device is stored} */
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

  /** {@return platform such as {@code ios}, {@code android}, {@code web}, or {@code null}} */
  public @Nullable String getPlatform() {
    return platform;
  }

  /**
   * @param platform the platform, or {@code null}
   */
  public void setPlatform(@Nullable String platform) {
    this.platform = platform;
  }

  /** {@return human name of the device, or {@code null}} */
  public @Nullable String getName() {
    return name;
  }

  /**
   * @param name a human name, or {@code null}
   */
  public void setName(@Nullable String name) {
    this.name = name;
  }

  /** {@return the client's installation identifier} */
  public String getToken() {
    return token;
  }

  /**
   * @param token the installation identifier
   */
  public void setToken(String token) {
    this.token = token;
  }

  /** {@return push notification token, or {@code null}} */
  public @Nullable String getNotificationToken() {
    return notificationToken;
  }

  /**
   * @param notificationToken a push token up to 500 characters, or {@code null}
   */
  public void setNotificationToken(@Nullable String notificationToken) {
    this.notificationToken = notificationToken;
  }

  /** {@return when the device was first linked} */
  public Instant getLinkedAt() {
    return linkedAt;
  }

  /**
   * @param linkedAt when the device was first linked
   */
  public void setLinkedAt(Instant linkedAt) {
    this.linkedAt = linkedAt;
  }

  /** {@return when the device was last seen, or {@code null}} */
  public @Nullable Instant getLastSeenAt() {
    return lastSeenAt;
  }

  /**
   * @param lastSeenAt when the device was last seen
   */
  public void setLastSeenAt(Instant lastSeenAt) {
    this.lastSeenAt = lastSeenAt;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[id=" + id + ", platform=" + platform + "]";
  }
}
