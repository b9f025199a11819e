package dev.gatehouse.organizations;

import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.organizations.entity.AbstractMembership;
import dev.gatehouse.organizations.entity.AbstractOrganization;
import dev.gatehouse.organizations.entity.LibraryOrganizationEntities;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where the organisations module keeps its organisations, memberships and invitations. Every
 * operation runs in the core store's transaction it is given ({@code tx}), so what a flow writes
 * here commits or rolls back with what it writes there. Two implementations ship: {@link #jdbc()},
 * plain SQL on the connection of a relational store's transaction, reached through the store's
 * module tables ({@link StoreTransaction#moduleTables()}; its tables come from {@link
 * Organizations#CHANGELOG}), and {@link InMemoryOrganizationStore}, for tests. Implementations are
 * thread-safe.
 *
 * <p>A write that collides with a unique key (a taken slug, a second membership of one account)
 * throws {@link StoreTransaction.DuplicateKeyException}.
 */
public interface OrganizationStore {

  /**
   * {@return the store over a relational store's transactions (the JPA store's): plain SQL on the
   * connection of each transaction, through {@code StoreTransaction#moduleTables()} and {@code
   * ModuleTables#connection()}, on the module's own tables ({@link LibraryOrganizationEntities},
   * made by {@link Organizations#CHANGELOG})}
   */
  static OrganizationStore jdbc() {
    return jdbc(
        LibraryOrganizationEntities.Organization.class,
        LibraryOrganizationEntities.Membership.class);
  }

  /**
   * The store over a relational store's transactions (as {@link #jdbc()}) on the host's own
   * organisation and membership tables: their names are read once from the entities' JPA
   * annotations (the {@code @Table} of each class, the bases' columns, the classes'
   * {@code @AttributeOverride}s) and checked against the database on the first use; a name that
   * cannot be used as it is, or a table or column the database lacks, is a {@link
   * dev.gatehouse.core.error.AuthException.ConfigurationException}. The invitations, domains,
   * sign-in connections and policies stay in the module's tables, made by {@link
   * Organizations#HOST_TABLES_CHANGELOG}.
   *
   * @param organization the host's organisation entity
   * @param membership the host's membership entity
   * @return the store
   */
  static OrganizationStore jdbc(
      Class<? extends AbstractOrganization> organization,
      Class<? extends AbstractMembership> membership) {
    java.util.Objects.requireNonNull(organization, "organization");
    java.util.Objects.requireNonNull(membership, "membership");
    return new JdbcOrganizationStore(organization, membership);
  }

  /**
   * Stores a new organisation.
   *
   * @param tx the flow's transaction
   * @param organization the organisation
   * @throws StoreTransaction.DuplicateKeyException when its slug is taken
   */
  void insert(StoreTransaction tx, Organization organization);

  /**
   * {@return the organisation, or empty}
   *
   * @param tx the flow's transaction
   * @param id its id
   */
  Optional<Organization> find(StoreTransaction tx, UUID id);

  /**
   * {@return the organisation of the slug, or empty}
   *
   * @param tx the flow's transaction
   * @param slug its slug
   */
  Optional<Organization> findBySlug(StoreTransaction tx, String slug);

  /**
   * Reads the organisation and holds it until the transaction ends, so that changes of its
   * memberships are made one at a time (the last owner stays).
   *
   * @param tx the flow's transaction
   * @param id its id
   * @return the organisation, or empty when there is none
   */
  Optional<Organization> lock(StoreTransaction tx, UUID id);

  /**
   * Writes the organisation's name, settings and modification time.
   *
   * @param tx the flow's transaction
   * @param organization the organisation as changed
   */
  void update(StoreTransaction tx, Organization organization);

  /**
   * Deletes the organisation with its memberships and invitations.
   *
   * @param tx the flow's transaction
   * @param id its id
   */
  void delete(StoreTransaction tx, UUID id);

  /**
   * Stores a new membership.
   *
   * @param tx the flow's transaction
   * @param membership the membership
   * @throws StoreTransaction.DuplicateKeyException when the account is a member already
   */
  void insertMember(StoreTransaction tx, Membership membership);

  /**
   * {@return the account's membership of the organisation, or empty}
   *
   * @param tx the flow's transaction
   * @param organization the organisation's id
   * @param user the account's public id
   */
  Optional<Membership> member(StoreTransaction tx, UUID organization, UUID user);

  /**
   * {@return the organisation's members, oldest first (then by account id)}
   *
   * @param tx the flow's transaction
   * @param organization the organisation's id
   */
  List<Membership> members(StoreTransaction tx, UUID organization);

  /**
   * {@return the account's memberships, oldest first (then by organisation id)}
   *
   * @param tx the flow's transaction
   * @param user the account's public id
   */
  List<Membership> membershipsOf(StoreTransaction tx, UUID user);

  /**
   * Changes a member's role.
   *
   * @param tx the flow's transaction
   * @param organization the organisation's id
   * @param user the member
   * @param role the new role
   */
  void updateRole(StoreTransaction tx, UUID organization, UUID user, String role);

  /**
   * Ends a membership.
   *
   * @param tx the flow's transaction
   * @param organization the organisation's id
   * @param user the member
   */
  void deleteMember(StoreTransaction tx, UUID organization, UUID user);

  /**
   * Stores a new invitation with its token's keyed hash.
   *
   * @param tx the flow's transaction
   * @param invitation the invitation
   * @param tokenHash the keyed hash of its token
   */
  void insertInvitation(StoreTransaction tx, Invitation invitation, String tokenHash);

  /**
   * {@return the organisation's invitation, or empty}
   *
   * @param tx the flow's transaction
   * @param organization the organisation's id
   * @param id the invitation's id
   */
  Optional<Invitation> invitation(StoreTransaction tx, UUID organization, UUID id);

  /**
   * {@return the organisation's invitations that are pending at {@code now}, oldest first}
   *
   * @param tx the flow's transaction
   * @param organization the organisation's id
   * @param now the current time
   */
  List<Invitation> pendingInvitations(StoreTransaction tx, UUID organization, Instant now);

  /**
   * Reads the invitation of a token while it is pending at {@code now}, holding it until the
   * transaction ends: a concurrent reader of the same token waits and then finds it no longer
   * pending when this transaction accepted it.
   *
   * @param tx the flow's transaction
   * @param tokenHash the keyed hash of the token
   * @param now the current time
   * @return the pending invitation, or empty
   */
  Optional<Invitation> lockPending(StoreTransaction tx, String tokenHash, Instant now);

  /**
   * Marks a pending invitation accepted.
   *
   * @param tx the flow's transaction
   * @param id the invitation's id
   * @param now the current time
   * @return whether it was pending and is now accepted
   */
  boolean markAccepted(StoreTransaction tx, UUID id, Instant now);

  /**
   * Revokes a pending invitation.
   *
   * @param tx the flow's transaction
   * @param organization the organisation's id
   * @param id the invitation's id
   * @param now the current time
   * @return whether it was pending and is now revoked
   */
  boolean revoke(StoreTransaction tx, UUID organization, UUID id, Instant now);

  /**
   * Gives a pending invitation a new token and expiry (a resend): the old token stops working.
   *
   * @param tx the flow's transaction
   * @param organization the organisation's id
   * @param id the invitation's id
   * @param tokenHash the keyed hash of the new token
   * @param expiresAt the new expiry
   * @param now the current time
   * @return whether it was pending and now has the new token
   */
  boolean renew(
      StoreTransaction tx,
      UUID organization,
      UUID id,
      String tokenHash,
      Instant expiresAt,
      Instant now);

  /**
   * Stores a claim of a domain.
   *
   * @param tx the flow's transaction
   * @param domain the claim, not verified
   * @throws StoreTransaction.DuplicateKeyException when the organisation claimed it already
   */
  void insertDomain(StoreTransaction tx, OrganizationDomain domain);

  /**
   * {@return the organisation's domains, in the order of the domain names}
   *
   * @param tx the flow's transaction
   * @param organization the organisation's id
   */
  List<OrganizationDomain> domains(StoreTransaction tx, UUID organization);

  /**
   * Marks the organisation's claim of a domain verified.
   *
   * @param tx the flow's transaction
   * @param organization the organisation's id
   * @param domain the domain
   * @param now the current time
   * @return whether the organisation had claimed it
   * @throws StoreTransaction.DuplicateKeyException when another organisation verified it
   */
  boolean markVerified(StoreTransaction tx, UUID organization, String domain, Instant now);

  /**
   * Sets which of the organisation's domains its own sign-in answers for: those listed, and no
   * other.
   *
   * @param tx the flow's transaction
   * @param organization the organisation's id
   * @param domains the domains
   */
  void setSignInDomains(StoreTransaction tx, UUID organization, java.util.Set<String> domains);

  /**
   * Sets whether accounts whose verified address is of the organisation's domain may join it by
   * themselves.
   *
   * @param tx the flow's transaction
   * @param organization the organisation's id
   * @param domain the domain
   * @param allowed whether they may
   * @return whether the organisation had claimed the domain
   */
  boolean setJoinAllowed(StoreTransaction tx, UUID organization, String domain, boolean allowed);

  /**
   * Gives up the organisation's claim of a domain.
   *
   * @param tx the flow's transaction
   * @param organization the organisation's id
   * @param domain the domain
   * @return whether there was one
   */
  boolean deleteDomain(StoreTransaction tx, UUID organization, String domain);

  /**
   * {@return the verified claim of a domain, whichever organisation holds it, or empty}
   *
   * @param tx the flow's transaction
   * @param domain the domain, lower-case
   */
  Optional<OrganizationDomain> verifiedDomain(StoreTransaction tx, String domain);

  /**
   * Stores the organisation's identity provider, replacing the one it had.
   *
   * @param tx the flow's transaction
   * @param connection the connection
   */
  void saveConnection(StoreTransaction tx, SsoConnection connection);

  /**
   * {@return the organisation's identity provider, or empty}
   *
   * @param tx the flow's transaction
   * @param organization the organisation's id
   */
  Optional<SsoConnection> connection(StoreTransaction tx, UUID organization);

  /**
   * Removes the organisation's identity provider, and its domains' sign-in marks.
   *
   * @param tx the flow's transaction
   * @param organization the organisation's id
   * @return whether there was one
   */
  boolean deleteConnection(StoreTransaction tx, UUID organization);

  /**
   * {@return the verified sign-in domains of every organisation that requires its own sign-in}
   *
   * @param tx the flow's transaction
   */
  java.util.Set<String> requiredDomains(StoreTransaction tx);

  /**
   * A membership with its organisation's policy, read together (one statement) where a session acts
   * for the organisation: its switch and each of its refreshes.
   *
   * @param membership the membership
   * @param policy the organisation's policy, {@link OrganizationPolicy#NONE} when it has none
   */
  record ActiveMember(Membership membership, OrganizationPolicy policy) {
    /**
     * @param membership see the record description
     * @param policy see the record description
     */
    public ActiveMember {
      java.util.Objects.requireNonNull(membership, "membership");
      java.util.Objects.requireNonNull(policy, "policy");
    }
  }

  /**
   * {@return the account's membership of the organisation with the organisation's policy, in one
   * read, or empty when it is no member}
   *
   * @param tx the flow's transaction
   * @param organization the organisation's id
   * @param user the account's public id
   */
  Optional<ActiveMember> activeMember(StoreTransaction tx, UUID organization, UUID user);

  /**
   * {@return the organisation's policy, {@link OrganizationPolicy#NONE} when it has none}
   *
   * @param tx the flow's transaction
   * @param organization the organisation's id
   */
  OrganizationPolicy policy(StoreTransaction tx, UUID organization);

  /**
   * Stores the organisation's policy, replacing the one it had ({@link OrganizationPolicy#NONE}
   * removes it).
   *
   * @param tx the flow's transaction
   * @param organization the organisation's id
   * @param policy the policy
   * @param now the current time
   */
  void savePolicy(StoreTransaction tx, UUID organization, OrganizationPolicy policy, Instant now);
}
