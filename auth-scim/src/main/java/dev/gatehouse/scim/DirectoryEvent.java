package dev.gatehouse.scim;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.event.AuthEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * A change an organisation's directory made, or a change of its token, published in the change's
 * transaction through the audit trail ({@code ModuleAudit#publish}).
 *
 * @param at when
 * @param userId the account it happened to (the member), or who issued or revoked the token
 * @param organization the organisation's id
 * @param change {@value #TOKEN_ISSUED}, {@value #TOKEN_REVOKED}, {@value #PROVISIONED}, {@value
 *     #SUSPENDED}, {@value #REACTIVATED}, {@value #REMOVED} or {@value #UPDATED}
 */
public record DirectoryEvent(Instant at, UUID userId, UUID organization, String change)
    implements AuthEvent.ModuleEvent {
  /** The organisation's directory token was issued (or replaced). */
  public static final String TOKEN_ISSUED = "scim_token_issued";

  /** The organisation's directory token was revoked. */
  public static final String TOKEN_REVOKED = "scim_token_revoked";

  /** The directory created the member (an account and a membership, or a membership). */
  public static final String PROVISIONED = "scim_provisioned";

  /** The directory suspended the member: membership and sessions ended. */
  public static final String SUSPENDED = "scim_suspended";

  /** The directory reactivated the member: the membership restored. */
  public static final String REACTIVATED = "scim_reactivated";

  /** The directory removed the member: membership and sessions ended. */
  public static final String REMOVED = "scim_removed";

  /** The directory changed the member's attributes. */
  public static final String UPDATED = "scim_updated";

  /**
   * Checks the parts.
   *
   * @param at see the record description
   * @param userId see the record description
   * @param organization see the record description
   * @param change see the record description
   */
  public DirectoryEvent {
    requireNonNull(at, "at");
    requireNonNull(userId, "userId");
    requireNonNull(organization, "organization");
    requireNonNull(change, "change");
  }

  @Override
  public String auditReason() {
    return change;
  }

  @Override
  public String auditDetail() {
    return organization.toString();
  }
}
