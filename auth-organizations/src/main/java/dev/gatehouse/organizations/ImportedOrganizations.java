package dev.gatehouse.organizations;

import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.session.SignInContext;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import dev.gatehouse.core.store.UserRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Imports over the module's store and the organisation service's one way a membership begins
 * ({@link DefaultOrganizationService#addMember}). Everything an organisation's import refuses is
 * checked before it writes, in its transaction: a refused one leaves nothing.
 */
final class ImportedOrganizations implements OrganizationImports {
  private final SignInContext context;
  private final OrganizationStore store;
  private final DefaultOrganizationService orgs;

  ImportedOrganizations(
      SignInContext context, OrganizationStore store, DefaultOrganizationService orgs) {
    this.context = context;
    this.store = store;
    this.orgs = orgs;
  }

  @Override
  public ImportResult importOrganization(ImportedOrganization organization) {
    String name = OrganizationInputs.name(organization.name());
    String slug = OrganizationInputs.slug(organization.slug());
    Map<String, String> roles = new LinkedHashMap<>();
    for (ImportedMember m : organization.members()) {
      if (orgs.role(m.role()).isEmpty()) {
        throw new RejectedInputException(ErrorCode.INVALID_ROLE, "no such organisation role");
      }
      // One address listed twice keeps its first role.
      roles.putIfAbsent(EmailAddresses.canonical(m.email()), m.role());
    }
    try {
      return write(name, slug, roles);
    } catch (DuplicateKeyException e) {
      // The slug was created meanwhile by another import: this one now finds it.
      return write(name, slug, roles);
    }
  }

  private ImportResult write(String name, String slug, Map<String, String> roles) {
    return context
        .store()
        .inTransaction(
            tx -> {
              Instant now = context.clock().instant();
              Optional<Organization> found = store.findBySlug(tx, slug);
              Organization o =
                  found.orElseGet(
                      () -> new Organization(UUID.randomUUID(), name, slug, null, now, now));
              // An organisation found is held first, as every change of its memberships holds it.
              found.ifPresent(f -> store.lock(tx, f.id()));
              List<Membership> had = found.isPresent() ? store.members(tx, o.id()) : List.of();
              List<String> joined = new ArrayList<>();
              List<String> kept = new ArrayList<>();
              List<String> unknown = new ArrayList<>();
              List<Membership> adding = new ArrayList<>();
              boolean owner = had.stream().anyMatch(m -> m.role().equals(OrganizationRole.OWNER));
              for (Map.Entry<String, String> e : roles.entrySet()) {
                Optional<UserRecord> account =
                    tx.users().findByEmail(e.getKey()).filter(u -> u.active() && !u.deleted());
                if (account.isEmpty()) {
                  unknown.add(e.getKey());
                } else if (had.stream().anyMatch(m -> m.user().equals(account.get().publicId()))
                    || adding.stream().anyMatch(m -> m.user().equals(account.get().publicId()))) {
                  kept.add(e.getKey());
                } else {
                  adding.add(
                      new Membership(o.id(), account.get().publicId(), e.getValue(), now, null));
                  joined.add(e.getKey());
                  owner |= e.getValue().equals(OrganizationRole.OWNER);
                }
              }
              if (!owner) {
                throw new RejectedInputException(
                    OrganizationErrors.LAST_OWNER, "an imported organisation needs an owner");
              }
              if (found.isEmpty()) {
                store.insert(tx, o);
              }
              for (Membership m : adding) {
                orgs.addMember(tx, m);
              }
              return new ImportResult(o, found.isEmpty(), joined, kept, unknown);
            });
  }
}
