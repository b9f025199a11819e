package dev.gatehouse.organizations;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An invitation to join an organisation, sent to an email address. Its token is never part of it:
 * the store keeps only the token's keyed hash. {@link #toString()} leaves the address out.
 *
 * @param id its public id
 * @param organization the organisation's id
 * @param email the invited address, canonical
 * @param role the role the invitee gets on accepting
 * @param invitedBy who invited
 * @param createdAt when it was sent first
 * @param expiresAt until when it may be accepted (moved on by a resend)
 * @param acceptedAt when it was accepted, or {@code null}
 * @param revokedAt when it was revoked, or {@code null}
 */
public record Invitation(
    UUID id,
    UUID organization,
    String email,
    String role,
    UUID invitedBy,
    Instant createdAt,
    Instant expiresAt,
    @Nullable Instant acceptedAt,
    @Nullable Instant revokedAt) {
  /**
   * @param id see the record description
   * @param organization see the record description
   * @param email see the record description
   * @param role see the record description
   * @param invitedBy see the record description
   * @param createdAt see the record description
   * @param expiresAt see the record description
   * @param acceptedAt see the record description
   * @param revokedAt see the record description
   */
  public Invitation {
    requireNonNull(id, "id");
    requireNonNull(organization, "organization");
    requireNonNull(email, "email");
    requireNonNull(role, "role");
    requireNonNull(invitedBy, "invitedBy");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(expiresAt, "expiresAt");
  }

  /**
   * {@return whether it may still be accepted at {@code now}: neither accepted nor revoked, and not
   * expired}
   *
   * @param now the current time
   */
  public boolean pending(Instant now) {
    return acceptedAt == null && revokedAt == null && now.isBefore(expiresAt);
  }

  @Override
  public String toString() {
    return "Invitation[id=" + id + ", organization=" + organization + ", role=" + role + "]";
  }
}
