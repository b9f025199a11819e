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
 * A passkey (a WebAuthn public-key credential) registered to a user. Unique per credential id.
 * Optional: only a host that turns passkeys on declares a subclass.
 *
 * <pre>{@code
 * @Entity @Table(name = "app_passkey")
 * public class PasskeyCredential extends AbstractPasskeyCredential<User> {}
 * }</pre>
 *
 * <p>Only public data is kept (the credential's public key as a COSE key, never a secret); the
 * credential id and the user handle are stored base64url-encoded. {@link #toString()} shows the key
 * and the name only.
 *
 * @param <U> the host's user entity
 */
@MappedSuperclass
public abstract class AbstractPasskeyCredential<U extends AuthUserBase> {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  @Column(name = "id")
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "user_id", nullable = false)
  private U user;

  /**
   * The credential id, base64url without padding; at most 255 characters (191 bytes raw, far above
   * what authenticators use), so that it can be indexed uniquely on every supported database.
   */
  @Column(name = "credential_id", nullable = false, length = 255)
  private String credentialId;

  /** The credential's public key as a COSE key (CBOR), base64url without padding. */
  @Column(name = "public_key_cose", nullable = false, length = 2800)
  private String publicKeyCose;

  /** The last signature counter the authenticator reported (0 when it keeps none). */
  @Column(name = "sign_count", nullable = false)
  private long signCount;

  /** The WebAuthn user handle, base64url without padding; one per user, not the user's id. */
  @Column(name = "user_handle", nullable = false, length = 100)
  private String userHandle;

  /** The transports the browser reported, comma-separated (e.g. {@code internal,hybrid}). */
  @Column(name = "transports", length = 255)
  private String transports;

  /** The name the user gave the passkey. */
  @Column(name = "name", nullable = false, length = 100)
  private String name;

  /** The authenticator model's AAGUID, or all zeros when it gave none. */
  @Column(name = "aaguid", length = 36)
  private String aaguid;

  /** The attestation format seen at registration ({@code none}, {@code packed}). */
  @Column(name = "attestation_format", length = 32)
  private String attestationFormat;

  /** Whether the credential may be synced to other devices (the BE flag). */
  @Column(name = "backup_eligible", nullable = false)
  private boolean backupEligible;

  /** Whether the credential was backed up at its last use (the BS flag). */
  @Column(name = "backed_up", nullable = false)
  private boolean backedUp;

  /** Whether user verification happened at registration. */
  @Column(name = "uv_initialized", nullable = false)
  private boolean uvInitialized;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "last_used_at")
  private Instant lastUsedAt;

  /** Required by JPA. */
  protected AbstractPasskeyCredential() {}

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

  /** {@return the credential id, base64url} */
  public String getCredentialId() {
    return credentialId;
  }

  /**
   * @param credentialId the credential id, base64url
   */
  public void setCredentialId(String credentialId) {
    this.credentialId = credentialId;
  }

  /** {@return the COSE public key, base64url} */
  public String getPublicKeyCose() {
    return publicKeyCose;
  }

  /**
   * @param publicKeyCose the COSE public key, base64url
   */
  public void setPublicKeyCose(String publicKeyCose) {
    this.publicKeyCose = publicKeyCose;
  }

  /** {@return the last signature counter} */
  public long getSignCount() {
    return signCount;
  }

  /**
   * @param signCount the last signature counter
   */
  public void setSignCount(long signCount) {
    this.signCount = signCount;
  }

  /** {@return the user handle, base64url} */
  public String getUserHandle() {
    return userHandle;
  }

  /**
   * @param userHandle the user handle, base64url
   */
  public void setUserHandle(String userHandle) {
    this.userHandle = userHandle;
  }

  /** {@return the transports, comma-separated, or {@code null}} */
  public @Nullable String getTransports() {
    return transports;
  }

  /**
   * @param transports the transports, comma-separated, or {@code null}
   */
  public void setTransports(@Nullable String transports) {
    this.transports = transports;
  }

  /** {@return the passkey's name} */
  public String getName() {
    return name;
  }

  /**
   * @param name the passkey's name
   */
  public void setName(String name) {
    this.name = name;
  }

  /** {@return the AAGUID, or {@code null}} */
  public @Nullable String getAaguid() {
    return aaguid;
  }

  /**
   * @param aaguid the AAGUID
   */
  public void setAaguid(String aaguid) {
    this.aaguid = aaguid;
  }

  /** {@return the attestation format seen at registration} */
  public String getAttestationFormat() {
    return attestationFormat;
  }

  /**
   * @param attestationFormat the attestation format
   */
  public void setAttestationFormat(String attestationFormat) {
    this.attestationFormat = attestationFormat;
  }

  /** {@return whether the credential may be synced} */
  public boolean isBackupEligible() {
    return backupEligible;
  }

  /**
   * @param backupEligible whether the credential may be synced
   */
  public void setBackupEligible(boolean backupEligible) {
    this.backupEligible = backupEligible;
  }

  /** {@return whether the credential was backed up at its last use} */
  public boolean isBackedUp() {
    return backedUp;
  }

  /**
   * @param backedUp whether the credential was backed up
   */
  public void setBackedUp(boolean backedUp) {
    this.backedUp = backedUp;
  }

  /** {@return whether user verification happened at registration} */
  public boolean isUvInitialized() {
    return uvInitialized;
  }

  /**
   * @param uvInitialized whether user verification happened at registration
   */
  public void setUvInitialized(boolean uvInitialized) {
    this.uvInitialized = uvInitialized;
  }

  /** {@return when it was registered} */
  public Instant getCreatedAt() {
    return createdAt;
  }

  /**
   * @param createdAt when it was registered
   */
  public void setCreatedAt(Instant createdAt) {
    this.createdAt = createdAt;
  }

  /** {@return when it was last used, or {@code null}} */
  public @Nullable Instant getLastUsedAt() {
    return lastUsedAt;
  }

  /**
   * @param lastUsedAt when it was last used
   */
  public void setLastUsedAt(Instant lastUsedAt) {
    this.lastUsedAt = lastUsedAt;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[id=" + id + ", name=" + name + "]";
  }
}
