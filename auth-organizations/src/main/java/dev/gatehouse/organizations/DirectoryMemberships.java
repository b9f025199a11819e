package dev.gatehouse.organizations;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.store.StoreTransaction;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link OrganizationDirectory} over the organisations' store and the service's one way of making
 * and ending a membership ({@link DefaultOrganizationService#addMember}, {@link
 * DefaultOrganizationService#removeByDirectory}).
 */
final class DirectoryMemberships implements OrganizationDirectory {
  private final SignInContext context;
  private final OrganizationStore store;
  private final DefaultOrganizationService orgs;

  DirectoryMemberships(
      SignInContext context, OrganizationStore store, DefaultOrganizationService orgs) {
    this.context = context;
    this.store = store;
    this.orgs = orgs;
  }

  @Override
  public Optional<Organization> organization(StoreTransaction tx, UUID organization) {
    return store.find(tx, requireNonNull(organization, "organization"));
  }

  @Override
  public boolean inVerifiedDomain(StoreTransaction tx, UUID organization, String email) {
    requireNonNull(organization, "organization");
    String address = EmailAddresses.normalize(requireNonNull(email, "email"));
    if (address.indexOf('@') < 0) {
      return false;
    }
    return store
        .verifiedDomain(tx, DomainNames.domainOf(address))
        .filter(d -> d.organization().equals(organization))
        .isPresent();
  }

  @Override
  public Optional<Membership> member(StoreTransaction tx, UUID organization, UUID account) {
    return store.member(tx, organization, account);
  }

  @Override
  public Membership join(StoreTransaction tx, UUID organization, UUID account, String role) {
    requireNonNull(role, "role");
    if (orgs.role(role).isEmpty()) {
      throw new IllegalArgumentException("not a role the host defines: " + role);
    }
    Optional<Membership> had = store.member(tx, organization, account);
    if (had.isPresent()) {
      return had.get();
    }
    Membership joined =
        new Membership(organization, account, role, context.clock().instant(), null);
    orgs.addMember(tx, joined);
    return joined;
  }

  @Override
  public Optional<Membership> remove(StoreTransaction tx, UUID organization, UUID account) {
    Optional<Membership> had = store.member(tx, organization, account);
    had.ifPresent(m -> orgs.removeByDirectory(tx, m));
    return had;
  }

  @Override
  public boolean owns(UUID caller, UUID organization) {
    requireNonNull(caller, "caller");
    requireNonNull(organization, "organization");
    return context
        .store()
        .inTransaction(
            tx ->
                store
                        .member(tx, organization, caller)
                        .filter(m -> m.role().equals(OrganizationRole.OWNER))
                        .isPresent()
                    && tx.users()
                        .findByPublicId(caller)
                        .filter(u -> u.active() && !u.deleted())
                        .isPresent());
  }
}
