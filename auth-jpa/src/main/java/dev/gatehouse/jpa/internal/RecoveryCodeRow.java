package dev.gatehouse.jpa.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Library-owned single-use recovery code of a user, stored as a keyed hash. Internal: not API. */
@Entity(name = "GatehouseRecoveryCode")
@Table(name = "gh_recovery_code")
public class RecoveryCodeRow {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  @Column(name = "id")
  private Long id;

  @Column(name = "user_public_id", nullable = false, length = 36)
  private String userPublicId;

  @Column(name = "code_hash", nullable = false, unique = true, length = 64)
  private String codeHash;

  @Column(name = "used_at")
  private Instant usedAt;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected RecoveryCodeRow() {}

  /**
   * @param userPublicId the user's public id
   * @param codeHash the keyed hash of the code
   * @param createdAt when the set was made
   */
  public RecoveryCodeRow(String userPublicId, String codeHash, Instant createdAt) {
    this.userPublicId = userPublicId;
    this.codeHash = codeHash;
    this.createdAt = createdAt;
  }

  @Override
  public String toString() {
    // Never the hash.
    return "RecoveryCodeRow[id=" + id + ", used=" + (usedAt != null) + "]";
  }
}
