package dev.gatehouse.organizations;

import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.CredentialCheck;
import dev.gatehouse.core.session.ModuleAccounts;
import dev.gatehouse.core.session.ModuleAudit;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.signin.AccountChange;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.social.SocialProvider.VerifiedIdentity;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An organisation's provider's verified identity as a credential. The address the token names must
 * be of a domain this same organisation verified and signs in for, read in the sign-in's
 * transaction: one organisation's provider never signs in an address of another organisation's
 * domain, of an unverified domain, or of a domain given up since the sign-in started. The account
 * of the address signs in (the organisation holds the domain, so its provider speaks for its
 * addresses), or one is created with the address verified; a first sign-in makes it a member.
 */
final class SsoCheck implements CredentialCheck {
  private final SignInContext context;
  private final ModuleAccounts accounts;
  private final ModuleAudit audit;
  private final OrganizationStore store;
  private final DefaultOrganizationService orgs;
  private final UUID organization;
  private final VerifiedIdentity identity;
  private final ClientInfo who;

  SsoCheck(
      SignInContext context,
      OrganizationStore store,
      DefaultOrganizationService orgs,
      UUID organization,
      VerifiedIdentity identity,
      ClientInfo who) {
    this.context = context;
    this.accounts = this.context.capability(ModuleAccounts.class);
    this.audit = this.context.capability(ModuleAudit.class);
    this.store = store;
    this.orgs = orgs;
    this.organization = organization;
    this.identity = identity;
    this.who = who;
  }

  @Override
  public String method() {
    return OrganizationSignIn.METHOD;
  }

  @Override
  public AuthException inactiveAccount(UserRecord user) {
    return disabled();
  }

  /** The account of the token's address, when a refusal names nobody else: the trail's subject. */
  @Override
  public Optional<UserRecord> named(StoreTransaction tx) {
    String email = DomainNames.address(identity.email());
    return email == null
        ? Optional.empty()
        : tx.users().findByEmail(EmailAddresses.canonical(email));
  }

  @Override
  public Proof check(StoreTransaction tx, Instant now) {
    String email = DomainNames.address(identity.email());
    String domain = email == null ? null : DomainNames.domainOf(email);
    boolean ours =
        domain != null
            && store
                .verifiedDomain(tx, domain)
                .filter(d -> d.organization().equals(organization) && d.signIn())
                .isPresent();
    if (!ours) {
      return new Refused(
          new RejectedInputException(
              ErrorCode.INVALID_ID_TOKEN,
              "the provider answered for an address outside its organisation's sign-in domains"),
          null);
    }
    String canonical = EmailAddresses.canonical(email);
    Optional<UserRecord> local = tx.users().findByEmail(canonical);
    OrganizationPolicy policy = store.policy(tx, organization);
    if (!policy.signInMethods().isEmpty()
        && !policy.signInMethods().contains(OrganizationSignIn.METHOD)) {
      return new Refused(
          new RejectedInputException(
              OrganizationErrors.ORGANIZATION_POLICY,
              "the organisation allows other sign-in methods"),
          local.map(UserRecord::publicId).orElse(null));
    }
    boolean created = local.isEmpty();
    UserRecord user;
    if (local.isPresent()) {
      user = local.get();
      if (!user.active() || user.deleted()) {
        return new Refused(disabled(), user.publicId());
      }
    } else {
      user =
          accounts.createAccount(
              tx,
              AccountFactory.of(context.config())
                  .newAccount(now)
                  .verified(true)
                  .email(email, canonical)
                  .emailVerified(true)
                  .build());
      accounts.accountChanged(tx, AccountChange.Kind.CREATED, null, user.publicId(), now);
      audit.publish(
          tx,
          new AuthEvent.Registered(
              now, user.publicId(), ClientInfo.originOf(context.config(), who)));
    }
    if (store.member(tx, organization, user.publicId()).isEmpty()) {
      orgs.addMember(
          tx, new Membership(organization, user.publicId(), OrganizationRole.MEMBER, now, null));
    }
    return new Proven(user, List.of(OrganizationSignIn.METHOD), created, false);
  }

  private static RejectedInputException disabled() {
    return new RejectedInputException(ErrorCode.ACCOUNT_DISABLED, "the account may not sign in");
  }
}
