package dev.gatehouse.jpa.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * Library-owned remembered device of a user ("remember this device" at a second-factor login),
 * stored by the keyed hash of its token. Internal: not API.
 */
@Entity(name = "GatehouseRememberedDevice")
@Table(name = "gh_remembered_device")
public class RememberedDeviceRow {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  @Column(name = "id")
  private Long id;

  @Column(name = "user_public_id", nullable = false, length = 36)
  private String userPublicId;

  @Column(name = "token_hash", nullable = false, unique = true, length = 64)
  private String tokenHash;

  @Column(name = "label", length = 100)
  private String label;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  @Column(name = "last_used_at")
  private Instant lastUsedAt;

  @Column(name = "expires_at", nullable = false)
  private Instant expiresAt;

  @Column(name = "revoked_at")
  private Instant revokedAt;

  protected RememberedDeviceRow() {}

  /**
   * @param userPublicId the user's public id
   * @param tokenHash the keyed hash of the device token
   * @param label what the device is, or {@code null}
   * @param expiresAt when it stops skipping the second factor
   * @param createdAt when it was remembered
   */
  public RememberedDeviceRow(
      String userPublicId, String tokenHash, String label, Instant expiresAt, Instant createdAt) {
    this.userPublicId = userPublicId;
    this.tokenHash = tokenHash;
    this.label = label;
    this.expiresAt = expiresAt;
    this.createdAt = createdAt;
  }

  @Override
  public String toString() {
    // Never the hash.
    return "RememberedDeviceRow[id=" + id + ", revoked=" + (revokedAt != null) + "]";
  }
}
