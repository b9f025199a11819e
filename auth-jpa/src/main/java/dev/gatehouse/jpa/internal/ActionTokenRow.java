package dev.gatehouse.jpa.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * Library-owned single-use link token (confirmation, reset), stored as a hash. Internal: not API.
 */
@Entity(name = "GatehouseActionToken")
@Table(name = "gh_action_token")
public class ActionTokenRow {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  @Column(name = "id")
  private Long id;

  @Column(name = "user_public_id", nullable = false, length = 36)
  private String userPublicId;

  @Column(name = "purpose", nullable = false, length = 32)
  private String purpose;

  @Column(name = "token_hash", nullable = false, unique = true, length = 64)
  private String tokenHash;

  @Column(name = "binding", length = 64)
  private String binding;

  @Column(name = "expires_at", nullable = false)
  private Instant expiresAt;

  @Column(name = "used_at")
  private Instant usedAt;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected ActionTokenRow() {}

  /**
   * @param userPublicId the user's public id
   * @param purpose the purpose
   * @param tokenHash the keyed hash of the token
   * @param binding the fingerprint, or {@code null}
   * @param expiresAt expiry
   * @param createdAt creation time
   */
  public ActionTokenRow(
      String userPublicId,
      String purpose,
      String tokenHash,
      String binding,
      Instant expiresAt,
      Instant createdAt) {
    this.userPublicId = userPublicId;
    this.purpose = purpose;
    this.tokenHash = tokenHash;
    this.binding = binding;
    this.expiresAt = expiresAt;
    this.createdAt = createdAt;
  }

  @Override
  public String toString() {
    // Never the hash.
    return "ActionTokenRow[id=" + id + ", purpose=" + purpose + "]";
  }
}
