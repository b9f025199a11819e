package dev.gatehouse.organizations;

import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.CredentialCheck;
import dev.gatehouse.core.session.ModuleAccounts;
import dev.gatehouse.core.session.ModuleAudit;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.signin.AccountChange;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An invitation's link as the credential of a sign-up: the invitation is spent once, an account is
 * created for its address (verified, since the link reached the mailbox) and becomes a member. An
 * address that has an account is answered {@code link_required}: its owner signs in and accepts, as
 * a provider's identity whose address has an account is linked only by its signed-in owner.
 */
final class InvitationCheck implements CredentialCheck {
  /** The method events and metrics name. */
  static final String METHOD = "organization_invitation";

  /** How the user authenticated: a secret sent to their mailbox. */
  private static final List<String> AMR = List.of("link", "email");

  private final SignInContext context;
  private final ModuleAccounts accounts;
  private final ModuleAudit audit;
  private final DefaultOrganizationService service;
  private final String tokenHash;
  private final @Nullable ClientInfo client;

  InvitationCheck(
      SignInContext context,
      DefaultOrganizationService service,
      String tokenHash,
      @Nullable ClientInfo client) {
    this.context = context;
    this.accounts = this.context.capability(ModuleAccounts.class);
    this.audit = this.context.capability(ModuleAudit.class);
    this.service = service;
    this.tokenHash = tokenHash;
    this.client = client;
  }

  @Override
  public String method() {
    return METHOD;
  }

  @Override
  public Proof check(StoreTransaction tx, Instant now) {
    Optional<Invitation> pending = service.pending(tx, tokenHash, now);
    if (pending.isEmpty()) {
      return new Refused(OrganizationInputs.invalidInvitation(), null);
    }
    Invitation invitation = pending.get();
    Optional<UserRecord> existing = tx.users().findByEmail(invitation.email());
    if (existing.isPresent()) {
      return new Refused(
          new RejectedInputException(
              ErrorCode.LINK_REQUIRED,
              "an account has the invited address: sign in to it, then accept"),
          existing.get().publicId());
    }
    UserRecord created =
        accounts.createAccount(
            tx,
            AccountFactory.of(context.config())
                .newAccount(now)
                .email(invitation.email(), invitation.email())
                .verified(true)
                .emailVerified(true)
                .build());
    accounts.accountChanged(tx, AccountChange.Kind.CREATED, null, created.publicId(), now);
    audit.publish(
        tx,
        new AuthEvent.Registered(
            now, created.publicId(), ClientInfo.originOf(context.config(), client)));
    service.join(tx, invitation, created.publicId(), now);
    return new Proven(created, AMR, true, false);
  }

  @Override
  public AuthException inactiveAccount(UserRecord user) {
    return OrganizationInputs.invalidInvitation();
  }
}
