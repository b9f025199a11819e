package dev.gatehouse.organizations.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.MappedSuperclass;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An account's membership of an organisation, in a table the host owns: the organisation, the
 * member, the role, when it joined and who invited it. Keyed by the organisation and the member
 * ({@link Key}); the member and the inviter are accounts' public ids, so the table depends on no
 * column of the host's user table. The host subclasses it as an entity with an explicit table name,
 * and may add columns of its own:
 *
 * <pre>{@code
 * @Entity @Table(name = "acme_company_member")
 * public class CompanyMember extends AbstractMembership {
 *   @Column(name = "cost_centre") private String costCentre;
 * }
 * }</pre>
 *
 * <p>The organisations module writes the columns declared here with plain SQL and no other: a
 * column the host adds must be nullable or have a database default, and keeps its value through
 * every write of the module (a role change updates the role alone). The host must not change the
 * mapping of the columns declared here (their names come from these annotations, or from an
 * {@code @AttributeOverride} on the subclass), nor write them itself: memberships change through
 * {@code OrganizationService}, which keeps the last-owner rule and records every change.
 */
@MappedSuperclass
@IdClass(AbstractMembership.Key.class)
public abstract class AbstractMembership {

  @Id
  @Column(name = "org_id", length = 36, nullable = false, updatable = false)
  private String organizationId;

  @Id
  @Column(name = "user_id", length = 36, nullable = false, updatable = false)
  private String userId;

  @Column(name = "role", length = 64, nullable = false)
  private String role;

  @Column(name = "joined_at", nullable = false, updatable = false)
  private Instant joinedAt;

  @Column(name = "invited_by", length = 36, updatable = false)
  private @Nullable String invitedBy;

  /** Required by JPA. */
  protected AbstractMembership() {}

  /** {@return the organisation's public id} */
  public UUID getOrganizationId() {
    return UUID.fromString(organizationId);
  }

  /** {@return the member's account (public id)} */
  public UUID getUserId() {
    return UUID.fromString(userId);
  }

  /** {@return the member's role} */
  public String getRole() {
    return role;
  }

  /** {@return when the account became a member} */
  public Instant getJoinedAt() {
    return joinedAt;
  }

  /** {@return who invited the member, or {@code null}} */
  public @Nullable UUID getInvitedBy() {
    return invitedBy == null ? null : UUID.fromString(invitedBy);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName()
        + "[organization="
        + organizationId
        + ", user="
        + userId
        + "]";
  }

  /** A membership's key: the organisation's and the member's public ids, as text. */
  public static class Key implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The organisation's public id, as text. */
    private @Nullable String organizationId;

    /** The member's public id, as text. */
    private @Nullable String userId;

    /** Required by JPA. */
    public Key() {}

    /**
     * @param organizationId the organisation's public id
     * @param userId the member's public id
     */
    public Key(UUID organizationId, UUID userId) {
      this.organizationId = organizationId.toString();
      this.userId = userId.toString();
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Key k
          && Objects.equals(organizationId, k.organizationId)
          && Objects.equals(userId, k.userId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(organizationId, userId);
    }

    @Override
    public String toString() {
      return "Key[organization=" + organizationId + ", user=" + userId + "]";
    }
  }
}
