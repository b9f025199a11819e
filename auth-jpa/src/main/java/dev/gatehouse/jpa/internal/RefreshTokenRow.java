package dev.gatehouse.jpa.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * Library-owned refresh token: only its keyed hash is stored, never the token. Internal: not API.
 */
@Entity(name = "GatehouseRefreshToken")
@Table(name = "gh_refresh_token")
public class RefreshTokenRow {
  @Id
  @Column(name = "token_hash", length = 64)
  public String tokenHash;

  @Column(name = "session_id", nullable = false, length = 36)
  public String sessionId;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "rotated_at")
  public Instant rotatedAt;

  @Column(name = "successor_hash", length = 64)
  public String successorHash;

  @Column(name = "grace_used_at")
  public Instant graceUsedAt;

  /** Required by JPA. */
  public RefreshTokenRow() {}

  /**
   * @param tokenHash the keyed hash
   * @param sessionId its session
   * @param createdAt when it was issued
   */
  public RefreshTokenRow(String tokenHash, String sessionId, Instant createdAt) {
    this.tokenHash = tokenHash;
    this.sessionId = sessionId;
    this.createdAt = createdAt;
  }

  @Override
  public String toString() {
    return "RefreshTokenRow[session=" + sessionId + "]";
  }
}
