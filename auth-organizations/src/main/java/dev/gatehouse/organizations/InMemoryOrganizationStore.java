package dev.gatehouse.organizations;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * An {@link OrganizationStore} in memory, for tests beside the core's in-memory store. Its
 * organisations, memberships and invitations take effect at once and do not roll back with the
 * transaction they are given; the module's flows check everything they refuse before they write, so
 * a refusal leaves nothing behind here either. Its domains, sign-in connections and policies are
 * the module's own tables, kept through the store's {@code ModuleRows} as the JDBC store keeps them
 * (the in-memory store's, which roll back with the transaction). Thread-safe (one lock).
 */
public final class InMemoryOrganizationStore implements OrganizationStore {
  private final Map<UUID, Organization> organizations = new LinkedHashMap<>();
  private final Map<List<UUID>, Membership> members = new LinkedHashMap<>();
  private final Map<UUID, Invitation> invitations = new LinkedHashMap<>();
  private final Map<UUID, String> tokenHashes = new LinkedHashMap<>();

  /** An empty store. */
  public InMemoryOrganizationStore() {}

  @Override
  public synchronized void insert(StoreTransaction tx, Organization organization) {
    requireNonNull(organization, "organization");
    boolean taken =
        organizations.values().stream().anyMatch(o -> o.slug().equals(organization.slug()));
    if (taken || organizations.containsKey(organization.id())) {
      throw new DuplicateKeyException("organization slug", null);
    }
    organizations.put(organization.id(), organization);
  }

  @Override
  public synchronized Optional<Organization> findBySlug(StoreTransaction tx, String slug) {
    return organizations.values().stream().filter(o -> o.slug().equals(slug)).findFirst();
  }

  @Override
  public synchronized Optional<Organization> find(StoreTransaction tx, UUID id) {
    return Optional.ofNullable(organizations.get(id));
  }

  @Override
  public Optional<Organization> lock(StoreTransaction tx, UUID id) {
    return find(tx, id);
  }

  @Override
  public synchronized void update(StoreTransaction tx, Organization organization) {
    organizations.computeIfPresent(organization.id(), (k, v) -> organization);
  }

  @Override
  public synchronized void delete(StoreTransaction tx, UUID id) {
    organizations.remove(id);
    members.values().removeIf(m -> m.organization().equals(id));
    OrganizationRows.deleteOf(tx, id);
    invitations.values().removeIf(i -> i.organization().equals(id));
  }

  @Override
  public synchronized void insertMember(StoreTransaction tx, Membership membership) {
    List<UUID> key = List.of(membership.organization(), membership.user());
    if (members.containsKey(key) || !organizations.containsKey(membership.organization())) {
      throw new DuplicateKeyException("organization member", null);
    }
    members.put(key, membership);
  }

  @Override
  public synchronized Optional<Membership> member(
      StoreTransaction tx, UUID organization, UUID user) {
    return Optional.ofNullable(members.get(List.of(organization, user)));
  }

  @Override
  public synchronized List<Membership> members(StoreTransaction tx, UUID organization) {
    return members.values().stream()
        .filter(m -> m.organization().equals(organization))
        .sorted(Comparator.comparing(Membership::joinedAt).thenComparing(m -> m.user().toString()))
        .toList();
  }

  @Override
  public synchronized List<Membership> membershipsOf(StoreTransaction tx, UUID user) {
    return members.values().stream()
        .filter(m -> m.user().equals(user))
        .sorted(
            Comparator.comparing(Membership::joinedAt)
                .thenComparing(m -> m.organization().toString()))
        .toList();
  }

  @Override
  public synchronized void updateRole(
      StoreTransaction tx, UUID organization, UUID user, String role) {
    members.computeIfPresent(
        List.of(organization, user),
        (k, m) -> new Membership(m.organization(), m.user(), role, m.joinedAt(), m.invitedBy()));
  }

  @Override
  public synchronized void deleteMember(StoreTransaction tx, UUID organization, UUID user) {
    members.remove(List.of(organization, user));
  }

  @Override
  public synchronized void insertInvitation(
      StoreTransaction tx, Invitation invitation, String tokenHash) {
    if (tokenHashes.containsValue(tokenHash)) {
      throw new DuplicateKeyException("invitation token", null);
    }
    invitations.put(invitation.id(), invitation);
    tokenHashes.put(invitation.id(), tokenHash);
  }

  @Override
  public synchronized Optional<Invitation> invitation(
      StoreTransaction tx, UUID organization, UUID id) {
    return Optional.ofNullable(invitations.get(id))
        .filter(i -> i.organization().equals(organization));
  }

  @Override
  public synchronized List<Invitation> pendingInvitations(
      StoreTransaction tx, UUID organization, Instant now) {
    List<Invitation> found = new ArrayList<>();
    for (Invitation i : invitations.values()) {
      if (i.organization().equals(organization) && i.pending(now)) {
        found.add(i);
      }
    }
    return found;
  }

  @Override
  public synchronized Optional<Invitation> lockPending(
      StoreTransaction tx, String tokenHash, Instant now) {
    return tokenHashes.entrySet().stream()
        .filter(e -> e.getValue().equals(tokenHash))
        .map(e -> invitations.get(e.getKey()))
        .filter(i -> i.pending(now))
        .findFirst();
  }

  @Override
  public synchronized boolean markAccepted(StoreTransaction tx, UUID id, Instant now) {
    Invitation i = invitations.get(id);
    if (i == null || !i.pending(now)) {
      return false;
    }
    invitations.put(id, with(i, i.expiresAt(), now, null));
    return true;
  }

  @Override
  public synchronized boolean revoke(StoreTransaction tx, UUID organization, UUID id, Instant now) {
    Invitation i = invitation(tx, organization, id).filter(x -> x.pending(now)).orElse(null);
    if (i == null) {
      return false;
    }
    invitations.put(id, with(i, i.expiresAt(), null, now));
    return true;
  }

  @Override
  public synchronized boolean renew(
      StoreTransaction tx,
      UUID organization,
      UUID id,
      String tokenHash,
      Instant expiresAt,
      Instant now) {
    Invitation i = invitation(tx, organization, id).filter(x -> x.pending(now)).orElse(null);
    if (i == null) {
      return false;
    }
    invitations.put(id, with(i, expiresAt, null, null));
    tokenHashes.put(id, tokenHash);
    return true;
  }

  private static Invitation with(
      Invitation i, Instant expiresAt, Instant acceptedAt, Instant revokedAt) {
    return new Invitation(
        i.id(),
        i.organization(),
        i.email(),
        i.role(),
        i.invitedBy(),
        i.createdAt(),
        expiresAt,
        acceptedAt,
        revokedAt);
  }

  @Override
  public synchronized void insertDomain(StoreTransaction tx, OrganizationDomain domain) {
    OrganizationRows.insertDomain(tx, domain);
  }

  @Override
  public synchronized List<OrganizationDomain> domains(StoreTransaction tx, UUID organization) {
    return OrganizationRows.domains(tx, organization);
  }

  @Override
  public synchronized boolean markVerified(
      StoreTransaction tx, UUID organization, String domain, Instant now) {
    return OrganizationRows.markVerified(tx, organization, domain, now);
  }

  @Override
  public synchronized void setSignInDomains(
      StoreTransaction tx, UUID organization, Set<String> signIn) {
    OrganizationRows.setSignInDomains(tx, organization, signIn);
  }

  @Override
  public synchronized boolean setJoinAllowed(
      StoreTransaction tx, UUID organization, String domain, boolean allowed) {
    return OrganizationRows.setJoinAllowed(tx, organization, domain, allowed);
  }

  @Override
  public synchronized boolean deleteDomain(StoreTransaction tx, UUID organization, String domain) {
    return OrganizationRows.deleteDomain(tx, organization, domain);
  }

  @Override
  public synchronized Optional<OrganizationDomain> verifiedDomain(
      StoreTransaction tx, String domain) {
    return OrganizationRows.verifiedDomain(tx, domain);
  }

  @Override
  public synchronized void saveConnection(StoreTransaction tx, SsoConnection connection) {
    OrganizationRows.saveConnection(tx, connection);
  }

  @Override
  public synchronized Optional<SsoConnection> connection(StoreTransaction tx, UUID organization) {
    return OrganizationRows.connection(tx, organization);
  }

  @Override
  public synchronized boolean deleteConnection(StoreTransaction tx, UUID organization) {
    return OrganizationRows.deleteConnection(tx, organization);
  }

  @Override
  public synchronized Set<String> requiredDomains(StoreTransaction tx) {
    return OrganizationRows.requiredDomains(tx);
  }

  @Override
  public synchronized Optional<ActiveMember> activeMember(
      StoreTransaction tx, UUID organization, UUID user) {
    return member(tx, organization, user).map(m -> new ActiveMember(m, policy(tx, organization)));
  }

  @Override
  public synchronized OrganizationPolicy policy(StoreTransaction tx, UUID organization) {
    return OrganizationRows.policy(tx, organization);
  }

  @Override
  public synchronized void savePolicy(
      StoreTransaction tx, UUID organization, OrganizationPolicy policy, Instant now) {
    OrganizationRows.savePolicy(tx, organization, policy, now);
  }
}
