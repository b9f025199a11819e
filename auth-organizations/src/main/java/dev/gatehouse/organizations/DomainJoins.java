package dev.gatehouse.organizations;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import dev.gatehouse.core.store.UserRecord;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Accounts joining an organisation by their verified address's domain, where the organisation
 * verified the domain and lets its accounts join ({@link OrganizationSignIn#allowDomainJoin}).
 */
final class DomainJoins {
  private final SignInContext context;
  private final OrganizationStore store;
  private final DefaultOrganizationService orgs;

  DomainJoins(SignInContext context, OrganizationStore store, DefaultOrganizationService orgs) {
    this.context = context;
    this.store = store;
    this.orgs = orgs;
  }

  private <T> T inTransaction(Function<StoreTransaction, T> work) {
    return context.store().inTransaction(work::apply);
  }

  /** See {@link OrganizationSignIn#joinable}. */
  Optional<Organization> joinable(UUID caller) {
    requireNonNull(caller, "caller");
    return inTransaction(
        tx ->
            joinDomain(tx, orgs.account(tx, caller))
                .filter(d -> store.member(tx, d.organization(), caller).isEmpty())
                .flatMap(d -> store.find(tx, d.organization())));
  }

  /** See {@link OrganizationSignIn#joinByDomain}. */
  Membership joinByDomain(UUID caller, UUID organization) {
    requireNonNull(caller, "caller");
    requireNonNull(organization, "organization");
    Function<StoreTransaction, Membership> join =
        tx -> {
          UserRecord account = orgs.account(tx, caller);
          if (account.email() == null || !account.emailVerified()) {
            throw new RejectedInputException(
                ErrorCode.ACCOUNT_NOT_VERIFIED, "only a verified address joins by its domain");
          }
          store.lock(tx, organization).orElseThrow(OrganizationInputs::gone);
          Optional<Membership> had = store.member(tx, organization, caller);
          if (had.isPresent()) {
            return had.get();
          }
          joinDomain(tx, account)
              .filter(d -> d.organization().equals(organization))
              .orElseThrow(OrganizationInputs::gone);
          Membership joined =
              new Membership(
                  organization, caller, OrganizationRole.MEMBER, context.clock().instant(), null);
          orgs.addMember(tx, joined);
          return joined;
        };
    try {
      return inTransaction(join);
    } catch (DuplicateKeyException e) {
      // A concurrent join of the same account committed first: this one finds its membership.
      return inTransaction(join);
    }
  }

  /**
   * The verified domain of the account's verified address, when the organisation that verified it
   * lets accounts join by it.
   */
  private Optional<OrganizationDomain> joinDomain(StoreTransaction tx, UserRecord account) {
    if (account.email() == null || !account.emailVerified()) {
      return Optional.empty();
    }
    return store
        .verifiedDomain(tx, DomainNames.domainOf(account.email()))
        .filter(OrganizationDomain::joinAllowed);
  }
}
