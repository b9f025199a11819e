package dev.gatehouse.jpa.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** Library-owned session (one refresh-token family). Internal: not API. */
@Entity(name = "GatehouseSession")
@Table(name = "gh_session")
public class SessionRow {
  @Id
  @Column(name = "id", length = 36)
  public String id;

  @Column(name = "user_public_id", nullable = false, length = 36)
  public String userPublicId;

  @Column(name = "client", nullable = false, length = 16)
  public String client;

  @Column(name = "device_id")
  public Long deviceId;

  /** Space-separated authentication methods. */
  @Column(name = "amr", length = 100)
  public String amr;

  @Column(name = "profile_id")
  public Long profileId;

  @Column(name = "ip_coarse", length = 64)
  public String coarseIp;

  @Column(name = "user_agent", length = 255)
  public String userAgent;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "last_used_at", nullable = false)
  public Instant lastUsedAt;

  @Column(name = "expires_at", nullable = false)
  public Instant expiresAt;

  @Column(name = "idle_expires_at", nullable = false)
  public Instant idleExpiresAt;

  @Column(name = "revoked_at")
  public Instant revokedAt;

  @Column(name = "revoke_reason", length = 32)
  public String revokeReason;

  /** Required by JPA. */
  public SessionRow() {}

  @Override
  public String toString() {
    return "SessionRow[" + id + "]";
  }
}
