package dev.gatehouse.jpa.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * Library-owned authenticator-app factor of a user: the TOTP seed, sealed (AES-GCM), and the step
 * of the last code used. Internal: not API.
 */
@Entity(name = "GatehouseTotpFactor")
@Table(name = "gh_totp_factor")
public class TotpFactorRow {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  @Column(name = "id")
  private Long id;

  @Column(name = "user_public_id", nullable = false, unique = true, length = 36)
  private String userPublicId;

  @Column(name = "sealed_secret", nullable = false, length = 255)
  private String sealedSecret;

  @Column(name = "confirmed_at")
  private Instant confirmedAt;

  @Column(name = "last_step")
  private Long lastStep;

  @Column(name = "created_at", nullable = false)
  private Instant createdAt;

  protected TotpFactorRow() {}

  /**
   * @param userPublicId the user's public id
   * @param sealedSecret the sealed seed
   * @param createdAt when it was enrolled
   */
  public TotpFactorRow(String userPublicId, String sealedSecret, Instant createdAt) {
    this.userPublicId = userPublicId;
    this.sealedSecret = sealedSecret;
    this.createdAt = createdAt;
  }

  @Override
  public String toString() {
    // Never the seed.
    return "TotpFactorRow[id=" + id + ", confirmed=" + (confirmedAt != null) + "]";
  }
}
