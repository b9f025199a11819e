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
 * An identity at a sign-in provider (Google, Apple, Facebook, any OpenID Connect issuer) linked to
 * a user. Unique per (provider, provider's user id), and a user links at most one identity per
 * provider. Optional: only a host that turns social sign-in on declares a subclass.
 *
 * <pre>{@code
 * @Entity @Table(name = "app_social_account")
 * public class SocialAccount extends AbstractSocialAccount<User> {}
 * }</pre>
 *
 * <p>The provider's tokens are kept only when the host asks for them ({@code
 * gatehouse.social.store-provider-tokens}), and then sealed with AES-GCM; they are never in {@link
 * #toString()}.
 *
 * @param <U> the host's user entity
 */
@MappedSuperclass
public abstract class AbstractSocialAccount<U extends AuthUserBase> {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  @Column(name = "id")
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "user_id", nullable = false)
  private U user;

  /** The provider's short name, such as {@code google}. */
  @Column(name = "provider", nullable = false, length = 32)
  private String provider;

  /** The provider's stable user id ({@code sub} for OpenID Connect). */
  @Column(name = "provider_user_id", nullable = false, length = 255)
  private String providerUserId;

  @Column(name = "email", length = 254)
  private String email;

  @Column(name = "email_verified", nullable = false)
  private boolean emailVerified;

  @Column(name = "display_name", length = 255)
  private String displayName;

  @Column(name = "picture_url", length = 1000)
  private String pictureUrl;

  /** The provider's access token sealed with AES-GCM, or {@code null} (the default). */
  @Column(name = "access_token_sealed", length = 4000)
  private String accessTokenSealed;

  /** The provider's refresh token sealed with AES-GCM, or {@code null} (the default). */
  @Column(name = "refresh_token_sealed", length = 4000)
  private String refreshTokenSealed;

  @Column(name = "linked_at", nullable = false)
  private Instant linkedAt;

  @Column(name = "last_used_at")
  private Instant lastUsedAt;

  /** Required by JPA. */
  protected AbstractSocialAccount() {}

  /** {@return the database key, or {@code null} before the row is stored} */
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

  /** {@return the provider's short name} */
  public String getProvider() {
    return provider;
  }

  /**
   * @param provider the provider's short name
   */
  public void setProvider(String provider) {
    this.provider = provider;
  }

  /** {@return the provider's user id} */
  public String getProviderUserId() {
    return providerUserId;
  }

  /**
   * @param providerUserId the provider's user id
   */
  public void setProviderUserId(String providerUserId) {
    this.providerUserId = providerUserId;
  }

  /** {@return the email the provider gave, or {@code null}} */
  public @Nullable String getEmail() {
    return email;
  }

  /**
   * @param email the email the provider gave, or {@code null}
   */
  public void setEmail(@Nullable String email) {
    this.email = email;
  }

  /** {@return whether the provider asserted the email as verified} */
  public boolean isEmailVerified() {
    return emailVerified;
  }

  /**
   * @param emailVerified whether the provider asserted the email as verified
   */
  public void setEmailVerified(boolean emailVerified) {
    this.emailVerified = emailVerified;
  }

  /** {@return the name the provider gave, or {@code null}} */
  public @Nullable String getDisplayName() {
    return displayName;
  }

  /**
   * @param displayName the name the provider gave, or {@code null}
   */
  public void setDisplayName(@Nullable String displayName) {
    this.displayName = displayName;
  }

  /** {@return the picture URL the provider gave, or {@code null}} */
  public @Nullable String getPictureUrl() {
    return pictureUrl;
  }

  /**
   * @param pictureUrl the picture URL, or {@code null}
   */
  public void setPictureUrl(@Nullable String pictureUrl) {
    this.pictureUrl = pictureUrl;
  }

  /** {@return the sealed access token, or {@code null}} */
  public @Nullable String getAccessTokenSealed() {
    return accessTokenSealed;
  }

  /**
   * @param accessTokenSealed the sealed access token, or {@code null}
   */
  public void setAccessTokenSealed(@Nullable String accessTokenSealed) {
    this.accessTokenSealed = accessTokenSealed;
  }

  /** {@return the sealed refresh token, or {@code null}} */
  public @Nullable String getRefreshTokenSealed() {
    return refreshTokenSealed;
  }

  /**
   * @param refreshTokenSealed the sealed refresh token, or {@code null}
   */
  public void setRefreshTokenSealed(@Nullable String refreshTokenSealed) {
    this.refreshTokenSealed = refreshTokenSealed;
  }

  /** {@return when the identity was linked} */
  public Instant getLinkedAt() {
    return linkedAt;
  }

  /**
   * @param linkedAt when the identity was linked
   */
  public void setLinkedAt(Instant linkedAt) {
    this.linkedAt = linkedAt;
  }

  /** {@return when the identity last signed in, or {@code null}} */
  public @Nullable Instant getLastUsedAt() {
    return lastUsedAt;
  }

  /**
   * @param lastUsedAt when the identity last signed in
   */
  public void setLastUsedAt(Instant lastUsedAt) {
    this.lastUsedAt = lastUsedAt;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[id=" + id + ", provider=" + provider + "]";
  }
}
