package dev.gatehouse.organizations;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.SignInResult;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Organisations, their members and roles, and invitations by email. Every call names the acting
 * account ({@code caller}, the public id of the signed-in account a web layer read from its access
 * token) and is checked against the caller's membership: an organisation the caller is not a member
 * of answers {@link OrganizationErrors#ORGANIZATION_NOT_FOUND} exactly as one that does not exist;
 * a member without the permission a call needs gets {@link ErrorCode#FORBIDDEN}. Each call writes
 * in one transaction (the host's when one is open); a refused call changes nothing. Thread-safe.
 *
 * <pre>{@code
 * OrganizationService orgs = gatehouse.feature(OrganizationService.class);
 * Organization acme = orgs.create(alice, "Acme", "acme");        // alice is its owner
 * Invitation sent = orgs.invite(alice, acme.id(), "bob@example.com", OrganizationRole.MEMBER);
 * boolean may = orgs.can(bob, acme.id(), OrganizationRole.MEMBERS_INVITE);
 * }</pre>
 */
public interface OrganizationService {

  /**
   * Creates an organisation with {@code creator} as its owner.
   *
   * @param creator the creating account
   * @param name the display name, 1 to 200 characters
   * @param slug the unique short name: 1 to 64 of {@code a-z}, {@code 0-9} and inner {@code -}
   * @return the organisation
   * @throws RejectedInputException {@code invalid_name} for a bad name or slug, {@code duplicate}
   *     ({@link SlugTakenException}) when the slug is taken, {@code user_not_found} when the
   *     creator is not an active account
   */
  Organization create(UUID creator, String name, String slug);

  /**
   * {@return the organisation, when the caller is a member of it}
   *
   * @param caller the acting account
   * @param organization the organisation's id
   */
  Optional<Organization> find(UUID caller, UUID organization);

  /**
   * {@return the caller's memberships, oldest first}
   *
   * @param caller the acting account
   */
  List<Membership> memberships(UUID caller);

  /**
   * Changes the organisation's name and settings ({@link OrganizationRole#UPDATE}).
   *
   * @param caller the acting account
   * @param organization the organisation's id
   * @param name the new display name
   * @param settings the host's settings as a JSON object of at most 4000 characters, or {@code
   *     null} for none
   * @return the organisation as changed
   * @throws RejectedInputException {@code invalid_name}, {@code invalid_settings}, or see the class
   */
  Organization update(UUID caller, UUID organization, String name, @Nullable String settings);

  /**
   * Deletes the organisation with its memberships and invitations ({@link
   * OrganizationRole#DELETE}).
   *
   * @param caller the acting account
   * @param organization the organisation's id
   */
  void delete(UUID caller, UUID organization);

  /**
   * {@return the organisation's members, oldest first ({@link OrganizationRole#MEMBERS_READ})}
   *
   * @param caller the acting account
   * @param organization the organisation's id
   */
  List<Membership> members(UUID caller, UUID organization);

  /**
   * Changes a member's role ({@link OrganizationRole#MEMBERS_ROLE}; making or unmaking an owner
   * only by an owner).
   *
   * @param caller the acting account
   * @param organization the organisation's id
   * @param member the member whose role changes
   * @param role the new role, built in or the host's
   * @return the membership as changed
   * @throws RejectedInputException {@code invalid_role} for an unknown role, {@code user_not_found}
   *     when {@code member} is not a member, {@code last_owner} ({@link LastOwnerException}) when
   *     it would leave the organisation without an owner
   */
  Membership changeRole(UUID caller, UUID organization, UUID member, String role);

  /**
   * Ends a membership: the caller's own (leaving) or another's ({@link
   * OrganizationRole#MEMBERS_REMOVE}; an owner's only by an owner).
   *
   * @param caller the acting account
   * @param organization the organisation's id
   * @param member the member who leaves
   * @throws RejectedInputException {@code user_not_found} when {@code member} is not a member,
   *     {@code last_owner} ({@link LastOwnerException}) for the last owner
   */
  void remove(UUID caller, UUID organization, UUID member);

  /**
   * {@return whether the account is a member of the organisation whose role grants the permission}
   * One read. Usable from Spring Security: {@code @PreAuthorize("@orgs.can(...)")}.
   *
   * @param user the account
   * @param organization the organisation's id
   * @param permission a permission name ({@link OrganizationRole#READ}, a host's own)
   */
  boolean can(UUID user, UUID organization, String permission);

  /**
   * Makes an organisation the active one of the caller's session ({@link OrganizationRole#SWITCH},
   * which every built-in role grants): new tokens whose access token carries the organisation's id
   * ({@code org_id}) and the caller's role in it ({@code org_role}), kept by the session across
   * every refresh. Each refresh checks the membership again: a member who left or was removed, or
   * whose role no longer grants the switch, loses both claims at the next refresh (and {@link #can}
   * refuses at once, as it reads the membership live); a changed role is carried from the next
   * refresh. The session's old refresh token stops working; its sign-in and profile stay.
   *
   * @param caller the acting account ({@code sub} of its access token)
   * @param sessionId the caller's session ({@code sid} of the same token)
   * @param organization the organisation's id, or {@code null} for none (the claims are dropped)
   * @return the new tokens
   * @throws dev.gatehouse.core.error.AuthException.NotFoundException {@code organization_not_found}
   *     when the caller is not a member (nothing changed: the session keeps its tokens and its
   *     active organisation), {@code session_not_found} when the session is not the caller's live
   *     one
   * @throws RejectedInputException {@code forbidden} when the member's role does not grant {@link
   *     OrganizationRole#SWITCH}, {@code organization_policy} when the session's sign-in does not
   *     meet the organisation's {@link OrganizationPolicy} (nothing changed either way)
   */
  TokenPair switchOrganization(UUID caller, String sessionId, @Nullable UUID organization);

  /**
   * {@return the role of the host's catalogue of that name, built in or the host's}
   *
   * @param name the role's name
   */
  Optional<OrganizationRole> role(String name);

  /**
   * Invites an address to the organisation ({@link OrganizationRole#MEMBERS_INVITE}): a single-use
   * link of {@code gatehouse.organizations.invitation-ttl} goes to the address through the outbox,
   * counted against {@code gatehouse.throttle.otp.per-destination-hourly} an hour. Only an owner
   * invites an owner.
   *
   * @param caller the acting account
   * @param organization the organisation's id
   * @param email the address to invite
   * @param role the role the invitee gets
   * @return the invitation
   * @throws RejectedInputException {@code invalid_email}, {@code invalid_role}, {@code
   *     rate_limited} when the address had too many mails
   */
  Invitation invite(UUID caller, UUID organization, String email, String role);

  /**
   * {@return the organisation's pending invitations ({@link OrganizationRole#MEMBERS_INVITE})}
   *
   * @param caller the acting account
   * @param organization the organisation's id
   */
  List<Invitation> invitations(UUID caller, UUID organization);

  /**
   * Revokes a pending invitation: its link stops working ({@link OrganizationRole#MEMBERS_INVITE}).
   *
   * @param caller the acting account
   * @param organization the organisation's id
   * @param invitation the invitation's id
   * @throws RejectedInputException {@code invalid_link} when it is not pending
   */
  void revoke(UUID caller, UUID organization, UUID invitation);

  /**
   * Sends a pending invitation again with a new link and a new expiry; the old link stops working
   * ({@link OrganizationRole#MEMBERS_INVITE}), within the same limit of mails as {@link #invite}.
   *
   * @param caller the acting account
   * @param organization the organisation's id
   * @param invitation the invitation's id
   * @return the invitation as renewed
   * @throws RejectedInputException {@code invalid_link} when it is not pending
   */
  Invitation resend(UUID caller, UUID organization, UUID invitation);

  /**
   * Accepts an invitation as the signed-in account it was sent to: the account's email must be the
   * invited address and verified. The invitation is spent once: of two concurrent accepts one makes
   * the membership, the other is refused. An account that is a member already keeps its role.
   *
   * @param caller the acting account
   * @param token the invitation's token, from its link
   * @return the membership
   * @throws RejectedInputException {@code invalid_link} when the token is unknown, used, revoked or
   *     expired, or the invitation is for another address; {@code account_not_verified} when the
   *     caller's email is not verified
   */
  Membership accept(UUID caller, String token);

  /**
   * Accepts an invitation by signing the invitee up: an account is created for the invited address
   * (verified by the link, without a password), becomes a member, and is signed in through the one
   * sign-in path. For an address that has an account the answer is {@code link_required}: sign in,
   * then {@link #accept}.
   *
   * @param token the invitation's token, from its link
   * @param client who is calling, or {@code null}
   * @return signed in (or the second step the account needs)
   * @throws RejectedInputException {@code invalid_link}, {@code link_required}
   */
  SignInResult signUp(String token, @Nullable ClientInfo client);

  /**
   * {@return the organisation's policy ({@link OrganizationPolicy#NONE} when it has none)}
   *
   * @param caller the acting account, a member ({@link OrganizationRole#READ})
   * @param organization the organisation's id
   */
  OrganizationPolicy policy(UUID caller, UUID organization);

  /**
   * Sets the organisation's policy ({@link OrganizationRole#SIGN_IN_MANAGE}): from now on a switch
   * into the organisation lets in only a session that meets it, and a session acting for it under
   * the earlier policy stops doing so at its next refresh. {@link OrganizationPolicy#NONE} removes
   * it.
   *
   * @param caller the acting account
   * @param organization the organisation's id
   * @param policy the policy
   * @return the policy as stored
   */
  OrganizationPolicy setPolicy(UUID caller, UUID organization, OrganizationPolicy policy);

  /** The slug is taken by another organisation. Code {@code duplicate}; nothing was changed. */
  final class SlugTakenException extends RejectedInputException {
    private static final long serialVersionUID = 1L;

    /** Thrown by the service only. */
    SlugTakenException() {
      super(ErrorCode.DUPLICATE, "the organisation's slug is taken");
    }
  }

  /**
   * The change would leave the organisation without an owner: its last owner cannot leave or be
   * demoted. Code {@code last_owner}; nothing was changed.
   */
  final class LastOwnerException extends RejectedInputException {
    private static final long serialVersionUID = 1L;

    /** Thrown by the service only. */
    LastOwnerException() {
      super(OrganizationErrors.LAST_OWNER, OrganizationErrors.LAST_OWNER.description());
    }
  }

  /**
   * An organisation's configuration was changed by one of its members: its name or settings, an
   * email domain, its own sign-in's provider (issuer, client, domains, whether it is required), or
   * its policy. Published in the change's transaction; the audit trail keeps it under the acting
   * account (the entry's subject), with the method {@code organization}, the change as the reason
   * and the organisation in the detail. Never carries a secret.
   *
   * @param at when
   * @param userId the account that made the change
   * @param organization the organisation's id
   * @param change {@value #UPDATED}, {@value #DOMAIN_ADDED}, {@value #DOMAIN_VERIFIED}, {@value
   *     #DOMAIN_REMOVED}, {@value #DOMAIN_JOIN_CHANGED}, {@value #PROVIDER_CONFIGURED}, {@value
   *     #PROVIDER_REMOVED} or {@value #POLICY_CHANGED}
   * @param detail what the change was about (the domain, the issuer and whether the sign-in is
   *     required, the policy), or {@code null}
   */
  record ConfigurationChanged(
      Instant at, UUID userId, UUID organization, String change, @Nullable String detail)
      implements AuthEvent.ModuleEvent {
    /** The name or settings were changed. */
    public static final String UPDATED = "organization_updated";

    /** A domain was claimed. */
    public static final String DOMAIN_ADDED = "domain_added";

    /** A domain was verified. */
    public static final String DOMAIN_VERIFIED = "domain_verified";

    /** A domain was given up. */
    public static final String DOMAIN_REMOVED = "domain_removed";

    /** Whether accounts may join by a domain was changed. */
    public static final String DOMAIN_JOIN_CHANGED = "domain_join_changed";

    /** The organisation's own sign-in was registered or replaced. */
    public static final String PROVIDER_CONFIGURED = "provider_configured";

    /** The organisation's own sign-in was removed. */
    public static final String PROVIDER_REMOVED = "provider_removed";

    /** The policy was set. */
    public static final String POLICY_CHANGED = "policy_changed";

    /**
     * Checks the parts.
     *
     * @param at see the record description
     * @param userId see the record description
     * @param organization see the record description
     * @param change see the record description
     * @param detail see the record description
     */
    public ConfigurationChanged {
      requireNonNull(at, "at");
      requireNonNull(userId, "userId");
      requireNonNull(organization, "organization");
      requireNonNull(change, "change");
    }

    @Override
    public String auditMethod() {
      return "organization";
    }

    @Override
    public String auditReason() {
      return change;
    }

    @Override
    public String auditDetail() {
      return "organization " + organization + (detail == null ? "" : " " + detail);
    }
  }
}
