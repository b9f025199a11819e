package dev.gatehouse.organizations;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.NotFoundException;
import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent.MembershipChanged;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.ModuleAudit;
import dev.gatehouse.core.session.ModuleLimits;
import dev.gatehouse.core.session.ModuleMail;
import dev.gatehouse.core.session.ModuleSessions;
import dev.gatehouse.core.session.ModuleSignIns;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.signin.LinkMail;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import dev.gatehouse.core.store.UserRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The organisations' flows over the sign-in context and the module's store. Every flow checks all
 * it refuses before it writes (so a refusal leaves nothing, on a store that does not roll back
 * either), and every change of memberships holds the organisation's row first, so the last owner is
 * counted by one change at a time.
 */
final class DefaultOrganizationService implements OrganizationService {
  private static final int MAX_SETTINGS = 4000;
  static final String TOKEN_PURPOSE = "organization-invitation";

  private final SignInContext context;
  private final ModuleAudit auditTrail;
  private final ModuleMail outbox;
  private final SecretHasher secrets;
  private final ModuleLimits limits;
  private final ModuleSessions sessions;
  private final ModuleSignIns signIns;
  private final OrganizationStore store;
  private final Map<String, OrganizationRole> roles;
  private final ActiveOrganization active;

  /** Registers the session's active organisation with the context: once, as the module is built. */
  DefaultOrganizationService(
      SignInContext context, OrganizationStore store, Map<String, OrganizationRole> roles) {
    this.context = context;
    this.auditTrail = context.capability(ModuleAudit.class);
    this.outbox = context.capability(ModuleMail.class);
    this.secrets = context.capability(SecretHasher.class);
    this.limits = this.context.capability(ModuleLimits.class);
    this.sessions = this.context.capability(ModuleSessions.class);
    this.signIns = this.context.capability(ModuleSignIns.class);
    this.store = store;
    this.roles = roles;
    this.active = new ActiveOrganization(store, roles, context.clock());
    context.hook(active);
  }

  private <T> T inTransaction(java.util.function.Function<StoreTransaction, T> work) {
    return context.store().inTransaction(work::apply);
  }

  private Instant now() {
    return context.clock().instant();
  }

  // ---- organisations -------------------------------------------------------------------------

  @Override
  public Organization create(UUID creator, String name, String slug) {
    requireNonNull(creator, "creator");
    String checkedName = OrganizationInputs.name(name);
    OrganizationInputs.slug(slug);
    Instant now = now();
    Organization created = new Organization(UUID.randomUUID(), checkedName, slug, null, now, now);
    try {
      return inTransaction(
          tx -> {
            account(tx, creator);
            store.insert(tx, created);
            addMember(tx, new Membership(created.id(), creator, OrganizationRole.OWNER, now, null));
            return created;
          });
    } catch (DuplicateKeyException e) {
      throw new SlugTakenException();
    }
  }

  @Override
  public Optional<Organization> find(UUID caller, UUID organization) {
    return inTransaction(
        tx ->
            store
                .member(tx, organization, caller)
                .filter(m -> live(tx, caller))
                .flatMap(m -> store.find(tx, organization)));
  }

  @Override
  public List<Membership> memberships(UUID caller) {
    return inTransaction(tx -> store.membershipsOf(tx, caller));
  }

  @Override
  public Organization update(
      UUID caller, UUID organization, String name, @Nullable String settings) {
    String checkedName = OrganizationInputs.name(name);
    // What is checked is what is stored: the stripped text.
    String s = settings == null ? null : settings.strip();
    if (s != null
        && (s.length() > MAX_SETTINGS
            || !s.startsWith("{")
            || !s.endsWith("}")
            || s.chars().anyMatch(Character::isISOControl))) {
      throw new RejectedInputException(
          ErrorCode.INVALID_SETTINGS, "settings are a JSON object of at most 4000 characters");
    }
    return inTransaction(
        tx -> {
          permitted(tx, caller, organization, OrganizationRole.UPDATE);
          Organization o = store.lock(tx, organization).orElseThrow(OrganizationInputs::gone);
          Organization changed =
              new Organization(o.id(), checkedName, o.slug(), s, o.createdAt(), now());
          store.update(tx, changed);
          configured(tx, caller, organization, ConfigurationChanged.UPDATED, null);
          return changed;
        });
  }

  @Override
  public void delete(UUID caller, UUID organization) {
    inTransaction(
        tx -> {
          permitted(tx, caller, organization, OrganizationRole.DELETE);
          store.lock(tx, organization).orElseThrow(OrganizationInputs::gone);
          for (Membership m : store.members(tx, organization)) {
            changed(
                tx,
                m.user(),
                organization,
                MembershipChanged.ORGANIZATION_DELETED,
                m.role(),
                caller);
          }
          store.delete(tx, organization);
          return null;
        });
  }

  // ---- members and roles ---------------------------------------------------------------------

  @Override
  public List<Membership> members(UUID caller, UUID organization) {
    return inTransaction(
        tx -> {
          permitted(tx, caller, organization, OrganizationRole.MEMBERS_READ);
          return store.members(tx, organization);
        });
  }

  @Override
  public Membership changeRole(UUID caller, UUID organization, UUID member, String role) {
    OrganizationRole to = known(role);
    return inTransaction(
        tx -> {
          // The organisation's row first: on MariaDB the reads after it then see what the change
          // before this one committed (a read before the lock would fix an older snapshot).
          store.lock(tx, organization).orElseThrow(OrganizationInputs::gone);
          Membership acting = permitted(tx, caller, organization, OrganizationRole.MEMBERS_ROLE);
          Membership target = memberOf(tx, organization, member);
          boolean owners = isOwner(target) || to.name().equals(OrganizationRole.OWNER);
          if (owners && !isOwner(acting)) {
            throw forbidden("only an owner makes or unmakes owners");
          }
          covers(acting, to);
          covers(acting, roles.get(target.role()));
          if (isOwner(target) && !to.name().equals(OrganizationRole.OWNER)) {
            lastOwnerStays(tx, organization);
          }
          store.updateRole(tx, organization, member, to.name());
          changed(tx, member, organization, MembershipChanged.ROLE_CHANGED, to.name(), caller);
          return new Membership(
              organization, member, to.name(), target.joinedAt(), target.invitedBy());
        });
  }

  @Override
  public void remove(UUID caller, UUID organization, UUID member) {
    inTransaction(
        tx -> {
          store.lock(tx, organization).orElseThrow(OrganizationInputs::gone);
          Membership acting =
              caller.equals(member)
                  ? membership(tx, caller, organization)
                  : permitted(tx, caller, organization, OrganizationRole.MEMBERS_REMOVE);
          Membership target = memberOf(tx, organization, member);
          if (isOwner(target)) {
            if (!isOwner(acting)) {
              throw forbidden("only an owner removes an owner");
            }
            lastOwnerStays(tx, organization);
          }
          if (!caller.equals(member)) {
            covers(acting, roles.get(target.role()));
          }
          store.deleteMember(tx, organization, member);
          boolean left = caller.equals(member);
          changed(
              tx,
              member,
              organization,
              left ? MembershipChanged.LEFT : MembershipChanged.REMOVED,
              target.role(),
              left ? null : caller);
          return null;
        });
  }

  @Override
  public boolean can(UUID user, UUID organization, String permission) {
    requireNonNull(permission, "permission");
    return inTransaction(tx -> store.member(tx, organization, user).filter(m -> live(tx, m.user())))
        .map(m -> roles.get(m.role()))
        .filter(r -> r.grants(permission))
        .isPresent();
  }

  @Override
  public TokenPair switchOrganization(UUID caller, String sessionId, @Nullable UUID organization) {
    requireNonNull(caller, "caller");
    requireNonNull(sessionId, "sessionId");
    return inTransaction(
        tx -> {
          // Refused before anything is written: a non-member learns nothing and keeps its tokens.
          Map<String, Object> claims =
              organization == null
                  ? Map.of()
                  : active.claimsAtSwitch(tx, switching(tx, caller, organization), sessionId);
          return sessions.switchSession(tx, caller, sessionId, active, claims);
        });
  }

  @Override
  public Optional<OrganizationRole> role(String name) {
    return Optional.ofNullable(roles.get(name));
  }

  // ---- invitations ---------------------------------------------------------------------------

  @Override
  public Invitation invite(UUID caller, UUID organization, String email, String role) {
    String address = EmailAddresses.canonical(email);
    OrganizationRole as = known(role);
    Instant now = now();
    Duration ttl = context.config().get(OrganizationSettings.INVITATION_TTL);
    String token = SecretHasher.newToken();
    Invitation invitation =
        new Invitation(
            UUID.randomUUID(),
            organization,
            address,
            as.name(),
            caller,
            now,
            now.plus(ttl),
            null,
            null);
    return inTransaction(
        tx -> {
          Membership acting = permitted(tx, caller, organization, OrganizationRole.MEMBERS_INVITE);
          if (as.name().equals(OrganizationRole.OWNER) && !isOwner(acting)) {
            throw forbidden("only an owner invites an owner");
          }
          covers(acting, as);
          mail(tx, invitation, token, now);
          store.insertInvitation(tx, invitation, hash(token));
          return invitation;
        });
  }

  @Override
  public List<Invitation> invitations(UUID caller, UUID organization) {
    return inTransaction(
        tx -> {
          permitted(tx, caller, organization, OrganizationRole.MEMBERS_INVITE);
          return store.pendingInvitations(tx, organization, now());
        });
  }

  @Override
  public void revoke(UUID caller, UUID organization, UUID invitation) {
    inTransaction(
        tx -> {
          permitted(tx, caller, organization, OrganizationRole.MEMBERS_INVITE);
          if (!store.revoke(tx, organization, invitation, now())) {
            throw OrganizationInputs.invalidInvitation();
          }
          return null;
        });
  }

  @Override
  public Invitation resend(UUID caller, UUID organization, UUID invitation) {
    Instant now = now();
    Duration ttl = context.config().get(OrganizationSettings.INVITATION_TTL);
    String token = SecretHasher.newToken();
    return inTransaction(
        tx -> {
          permitted(tx, caller, organization, OrganizationRole.MEMBERS_INVITE);
          Invitation found =
              store
                  .invitation(tx, organization, invitation)
                  .filter(i -> i.pending(now))
                  .orElseThrow(OrganizationInputs::invalidInvitation);
          Invitation renewed =
              new Invitation(
                  found.id(),
                  found.organization(),
                  found.email(),
                  found.role(),
                  found.invitedBy(),
                  found.createdAt(),
                  now.plus(ttl),
                  null,
                  null);
          mail(tx, renewed, token, now);
          if (!store.renew(tx, organization, invitation, hash(token), renewed.expiresAt(), now)) {
            throw OrganizationInputs.invalidInvitation();
          }
          return renewed;
        });
  }

  @Override
  public Membership accept(UUID caller, String token) {
    requireNonNull(caller, "caller");
    String hash = hash(requireNonNull(token, "token"));
    return inTransaction(
        tx -> {
          Instant now = now();
          Invitation invitation =
              store
                  .lockPending(tx, hash, now)
                  .filter(i -> inviterMay(tx, i))
                  .orElseThrow(OrganizationInputs::invalidInvitation);
          UserRecord account = account(tx, caller);
          if (!invitation.email().equals(account.emailCanonical())) {
            throw OrganizationInputs.invalidInvitation();
          }
          if (!account.emailVerified()) {
            throw new RejectedInputException(
                ErrorCode.ACCOUNT_NOT_VERIFIED, "the invited address is not verified yet");
          }
          return join(tx, invitation, caller, now);
        });
  }

  @Override
  public SignInResult signUp(String token, @Nullable ClientInfo client) {
    return signIns.signIn(new InvitationCheck(context, this, hash(token), client), client);
  }

  /** Spends a pending invitation for an account: the membership it makes, or the one it had. */
  Membership join(StoreTransaction tx, Invitation invitation, UUID account, Instant now) {
    if (!store.markAccepted(tx, invitation.id(), now)) {
      throw OrganizationInputs.invalidInvitation();
    }
    Optional<Membership> had = store.member(tx, invitation.organization(), account);
    if (had.isPresent()) {
      return had.get();
    }
    Membership joined =
        new Membership(
            invitation.organization(), account, invitation.role(), now, invitation.invitedBy());
    addMember(tx, joined);
    return joined;
  }

  /**
   * Makes an account a member, with the change's event and audit row in the same transaction
   * ({@code joined}, by the inviter when there is one): the one way every membership begins.
   */
  void addMember(StoreTransaction tx, Membership m) {
    store.insertMember(tx, m);
    changed(tx, m.user(), m.organization(), MembershipChanged.JOINED, m.role(), m.invitedBy());
  }

  /** The pending invitation of a token, held until the transaction ends. */
  Optional<Invitation> pending(StoreTransaction tx, String tokenHash, Instant now) {
    return store.lockPending(tx, tokenHash, now).filter(i -> inviterMay(tx, i));
  }

  /**
   * Whether the invitation's inviter could still make it: a live member whose role invites and
   * covers the invited role. An invitation does not outlive its inviter's right.
   */
  private boolean inviterMay(StoreTransaction tx, Invitation invitation) {
    Optional<Membership> by =
        store
            .member(tx, invitation.organization(), invitation.invitedBy())
            .filter(m -> live(tx, m.user()));
    if (by.isEmpty()) {
      return false;
    }
    if (isOwner(by.get())) {
      return true;
    }
    OrganizationRole own = roles.get(by.get().role());
    OrganizationRole as = roles.get(invitation.role());
    return own != null
        && as != null
        && own.grants(OrganizationRole.MEMBERS_INVITE)
        && !as.name().equals(OrganizationRole.OWNER)
        && own.permissions().containsAll(as.permissions());
  }

  /**
   * Publishes a change of an organisation's configuration in the change's transaction: its event
   * and its audit row, under the acting account.
   */
  void configured(
      StoreTransaction tx, UUID caller, UUID organization, String change, @Nullable String detail) {
    auditTrail.publish(tx, new ConfigurationChanged(now(), caller, organization, change, detail));
  }

  /** Publishes a membership's change in the change's transaction: its event and audit row. */
  private void changed(
      StoreTransaction tx,
      UUID member,
      UUID organization,
      String change,
      String role,
      @Nullable UUID by) {
    auditTrail.publish(tx, new MembershipChanged(now(), member, organization, change, role, by));
  }

  private void mail(StoreTransaction tx, Invitation invitation, String token, Instant now) {
    if (!limits.underMailLimit(
        tx, Organizations.ORGANIZATION_INVITATION.name(), invitation.email(), now)) {
      throw new RateLimitedException(
          ErrorCode.RATE_LIMITED, "too many invitations to this address", Duration.ofHours(1));
    }
    outbox.sendLink(
        tx,
        new LinkMail(
            invitation.email(),
            Organizations.ORGANIZATION_INVITATION.name(),
            OrganizationSettings.INVITATION_LINK,
            null,
            token,
            Duration.between(now, invitation.expiresAt()),
            null),
        null);
  }

  private String hash(String token) {
    return secrets.hash(TOKEN_PURPOSE, token);
  }

  // ---- checks --------------------------------------------------------------------------------

  private OrganizationRole known(String role) {
    OrganizationRole found = role == null ? null : roles.get(role);
    if (found == null) {
      throw new RejectedInputException(ErrorCode.INVALID_ROLE, "no such organisation role");
    }
    return found;
  }

  /** The live account of a public id, or {@code user_not_found}. */
  UserRecord account(StoreTransaction tx, UUID user) {
    return tx.users()
        .findByPublicId(user)
        .filter(u -> u.active() && !u.deleted())
        .orElseThrow(() -> new NotFoundException(ErrorCode.USER_NOT_FOUND));
  }

  /**
   * The caller's membership, if the caller's account is live; a non-member (or a disabled or
   * deleted account) learns nothing of the organisation.
   */
  private Membership membership(StoreTransaction tx, UUID caller, UUID organization) {
    requireNonNull(caller, "caller");
    requireNonNull(organization, "organization");
    return store
        .member(tx, organization, caller)
        .filter(m -> live(tx, caller))
        .orElseThrow(OrganizationInputs::gone);
  }

  /** Whether the account exists, is active and not deleted. */
  private static boolean live(StoreTransaction tx, UUID user) {
    return tx.users().findByPublicId(user).filter(u -> u.active() && !u.deleted()).isPresent();
  }

  Membership permitted(StoreTransaction tx, UUID caller, UUID organization, String permission) {
    Membership m = membership(tx, caller, organization);
    OrganizationRole role = roles.get(m.role());
    if (role == null || !role.grants(permission)) {
      throw forbidden("the member's role does not grant " + permission);
    }
    return m;
  }

  /**
   * The caller's membership with the organisation's policy (one read, as {@link #permitted}'s),
   * when the caller may switch into it.
   */
  private OrganizationStore.ActiveMember switching(
      StoreTransaction tx, UUID caller, UUID organization) {
    OrganizationStore.ActiveMember m =
        store
            .activeMember(tx, organization, caller)
            .filter(a -> live(tx, caller))
            .orElseThrow(OrganizationInputs::gone);
    OrganizationRole role = roles.get(m.membership().role());
    if (role == null || !role.grants(OrganizationRole.SWITCH)) {
      throw forbidden("the member's role does not grant " + OrganizationRole.SWITCH);
    }
    return m;
  }

  @Override
  public OrganizationPolicy policy(UUID caller, UUID organization) {
    return inTransaction(
        tx -> {
          permitted(tx, caller, organization, OrganizationRole.READ);
          return store.policy(tx, organization);
        });
  }

  @Override
  public OrganizationPolicy setPolicy(UUID caller, UUID organization, OrganizationPolicy policy) {
    requireNonNull(policy, "policy");
    return inTransaction(
        tx -> {
          permitted(tx, caller, organization, OrganizationRole.SIGN_IN_MANAGE);
          store.savePolicy(tx, organization, policy, now());
          configured(
              tx, caller, organization, ConfigurationChanged.POLICY_CHANGED, policy.canonical());
          return policy;
        });
  }

  private Membership memberOf(StoreTransaction tx, UUID organization, UUID member) {
    return store
        .member(tx, organization, requireNonNull(member, "member"))
        .orElseThrow(() -> new NotFoundException(ErrorCode.USER_NOT_FOUND));
  }

  /**
   * A member gives, takes or changes only a role within their own (an owner's covers all; a role
   * the host no longer defines, only an owner).
   */
  private void covers(Membership acting, @Nullable OrganizationRole role) {
    if (isOwner(acting)) {
      return;
    }
    OrganizationRole own = roles.get(acting.role());
    if (own == null || role == null || !own.permissions().containsAll(role.permissions())) {
      throw forbidden("a member gives or takes only a role within their own");
    }
  }

  /** Ends a membership by the organisation's directory (no acting account); an owner stays. */
  void removeByDirectory(StoreTransaction tx, Membership m) {
    if (isOwner(m)) {
      lastOwnerStays(tx, m.organization());
    }
    store.deleteMember(tx, m.organization(), m.user());
    changed(tx, m.user(), m.organization(), MembershipChanged.REMOVED, m.role(), null);
  }

  private void lastOwnerStays(StoreTransaction tx, UUID organization) {
    long owners = store.members(tx, organization).stream().filter(this::isOwner).count();
    if (owners <= 1) {
      throw new LastOwnerException();
    }
  }

  private boolean isOwner(Membership m) {
    return m.role().equals(OrganizationRole.OWNER);
  }

  private static RejectedInputException forbidden(String why) {
    return new RejectedInputException(ErrorCode.FORBIDDEN, why);
  }
}
