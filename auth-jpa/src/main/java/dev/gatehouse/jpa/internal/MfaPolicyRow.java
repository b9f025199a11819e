package dev.gatehouse.jpa.internal;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * Library-owned moment the second-factor policy first covered a user (the start of their enrolment
 * grace period). Internal: not API.
 */
@Entity(name = "GatehouseMfaPolicy")
@Table(name = "gh_mfa_policy")
public class MfaPolicyRow {
  @Id
  @Column(name = "user_public_id", nullable = false, length = 36)
  private String userPublicId;

  @Column(name = "applies_since", nullable = false)
  private Instant appliesSince;

  protected MfaPolicyRow() {}

  /**
   * @param userPublicId the user's public id
   * @param appliesSince when the policy first covered the user
   */
  public MfaPolicyRow(String userPublicId, Instant appliesSince) {
    this.userPublicId = userPublicId;
    this.appliesSince = appliesSince;
  }

  @Override
  public String toString() {
    return "MfaPolicyRow[appliesSince=" + appliesSince + "]";
  }
}
