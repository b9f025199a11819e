package dev.gatehouse.social;

import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.config.GatehouseConfig;
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
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.signin.AccountChange;
import dev.gatehouse.core.store.SocialAccountStore.SocialAccountRecord;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.social.SocialProvider.VerifiedIdentity;
import dev.gatehouse.social.SocialService.SocialException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A provider's verified identity as a credential, under the account rules ({@link SocialService}'s
 * class description): a linked identity signs its owner in, an unlinked one with a verified address
 * of a verified account links to it (or asks for the link to be confirmed), else a new account when
 * sign-up is open.
 */
final class IdentityCheck implements CredentialCheck {
  private final SignInContext context;
  private final ModuleAccounts accounts;
  private final ModuleAudit audit;
  private final GatehouseConfig config;
  private final SocialRows rows;
  private final VerifiedIdentity identity;
  private final ClientInfo who;

  IdentityCheck(SignInContext context, SocialRows rows, VerifiedIdentity identity, ClientInfo who) {
    this.context = context;
    this.accounts = this.context.capability(ModuleAccounts.class);
    this.audit = this.context.capability(ModuleAudit.class);
    this.config = context.config();
    this.rows = rows;
    this.identity = identity;
    this.who = who;
  }

  @Override
  public String method() {
    return "social:" + identity.provider();
  }

  @Override
  public AuthException inactiveAccount(UserRecord user) {
    return accountDisabled();
  }

  @Override
  public Proof check(StoreTransaction tx, Instant now) {
    Optional<SocialAccountRecord> linked =
        tx.socialAccounts().find(identity.provider(), identity.subject());
    if (linked.isPresent()) {
      UUID ownerId = linked.get().ownerPublicId();
      UserRecord owner = tx.users().findByPublicId(ownerId).orElse(null);
      if (owner == null || !owner.active() || owner.deleted()) {
        return new Refused(accountDisabled(), ownerId);
      }
      tx.socialAccounts().update(rows.refreshed(linked.get(), identity, now));
      return proven(owner, false, false);
    }
    String email = normalizedEmail(identity.email());
    Optional<UserRecord> local =
        email == null ? Optional.empty() : tx.users().findByEmail(EmailAddresses.canonical(email));
    if (local.isPresent()) {
      UserRecord u = local.get();
      String refusal = linkByEmailRefusal(config, identity, u);
      if (refusal != null) {
        return new Answered(
            new SignInResult.LinkRequired(
                identity.provider(), refusal, rows.linkToken(u.publicId(), identity, now)));
      }
      if (!u.active() || u.deleted()) {
        return new Refused(accountDisabled(), u.publicId());
      }
      UserRecord owner = u;
      tx.socialAccounts().create(rows.newLink(owner.publicId(), identity, now));
      linked(tx, owner, now);
      return proven(owner, false, true);
    }
    if (!config.get(SocialSettings.SOCIAL_SIGNUP_ALLOWED)) {
      return new Refused(
          new SocialException(
              SocialErrors.SOCIAL_SIGNUP_DISABLED, "signing up with a provider is turned off"),
          null);
    }
    UserRecord.Builder account = AccountFactory.of(config).newAccount(now).verified(true);
    if (email != null && identity.emailVerified()) {
      // An address the provider did not verify is not put on the account: it could be somebody
      // else's, who would then find it taken.
      account.email(email, EmailAddresses.canonical(email)).emailVerified(true);
    }
    UserRecord created = accounts.createAccount(tx, account.build());
    accounts.accountChanged(tx, AccountChange.Kind.CREATED, null, created.publicId(), now);
    tx.socialAccounts().create(rows.newLink(created.publicId(), identity, now));
    audit.publish(
        tx, new AuthEvent.Registered(now, created.publicId(), ClientInfo.originOf(config, who)));
    linked(tx, created, now);
    return proven(created, true, false);
  }

  private Proven proven(UserRecord user, boolean created, boolean linked) {
    return new Proven(user, List.of("social", identity.provider()), created, linked);
  }

  private void linked(StoreTransaction tx, UserRecord user, Instant now) {
    audit.publish(
        tx,
        new SocialService.SocialLinked(
            now, user.publicId(), identity.provider(), ClientInfo.originOf(config, who)));
  }

  /**
   * Why an identity may not be linked to the account with its email, or {@code null} when it may:
   * the provider and the account must both have verified the address, and linking by email be on.
   */
  static String linkByEmailRefusal(
      GatehouseConfig config, VerifiedIdentity identity, UserRecord local) {
    return !identity.emailVerified()
        ? "provider_email_unverified"
        : !local.emailVerified()
            ? "local_email_unverified"
            : !config.get(SocialSettings.SOCIAL_LINK_BY_EMAIL) ? "link_by_email_disabled" : null;
  }

  static UserRecord requireActive(StoreTransaction tx, UUID userId) {
    UserRecord u = tx.users().findByPublicId(userId).orElse(null);
    if (u == null || !u.active() || u.deleted()) {
      throw accountDisabled();
    }
    return u;
  }

  static SocialException accountDisabled() {
    return new SocialException(ErrorCode.ACCOUNT_DISABLED, "the account may not sign in");
  }

  static String normalizedEmail(String email) {
    if (email == null) {
      return null;
    }
    try {
      return EmailAddresses.normalize(email);
    } catch (RejectedInputException e) {
      // An address we could never send to is no address for matching either.
      return null;
    }
  }
}
