package dev.gatehouse.jpa;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;

/**
 * The JPA mappings of {@code gh_session} and {@code gh_refresh_token} as they were while these
 * tables were entities of the library: rows persisted through them are what a database migrated
 * from that time holds, so {@link LoginStatementsTest} can check that the plain statements store
 * and read the same values.
 */
final class RowsAsMappedBefore {
  private RowsAsMappedBefore() {}

  static List<Class<?>> classes() {
    return List.of(SessionAsBefore.class, RefreshTokenAsBefore.class);
  }

  /** The session row's old mapping. */
  @Entity(name = "SessionAsBefore")
  @Table(name = "gh_session")
  public static class SessionAsBefore {
    @Id
    @Column(name = "id", length = 36)
    public String id;

    @Column(name = "user_public_id", nullable = false, length = 36)
    public String userPublicId;

    @Column(name = "client", nullable = false, length = 16)
    public String client;

    @Column(name = "device_id")
    public Long deviceId;

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
  }

  /** The refresh token row's old mapping. */
  @Entity(name = "RefreshTokenAsBefore")
  @Table(name = "gh_refresh_token")
  public static class RefreshTokenAsBefore {
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
  }
}
