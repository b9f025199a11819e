package dev.gatehouse.organizations;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An account's membership of an organisation.
 *
 * @param organization the organisation's id
 * @param user the member's account (public id)
 * @param role the member's role: {@link OrganizationRole#OWNER}, {@link OrganizationRole#ADMIN},
 *     {@link OrganizationRole#MEMBER} or one the host defined
 * @param joinedAt when the account became a member
 * @param invitedBy who invited the member, or {@code null} (the creator, a member added directly)
 */
public record Membership(
    UUID organization, UUID user, String role, Instant joinedAt, @Nullable UUID invitedBy) {
  /**
   * @param organization see the record description
   * @param user see the record description
   * @param role see the record description
   * @param joinedAt see the record description
   * @param invitedBy see the record description
   */
  public Membership {
    requireNonNull(organization, "organization");
    requireNonNull(user, "user");
    requireNonNull(role, "role");
    requireNonNull(joinedAt, "joinedAt");
  }
}
