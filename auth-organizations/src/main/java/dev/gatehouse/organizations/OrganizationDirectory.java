package dev.gatehouse.organizations;

import dev.gatehouse.core.store.StoreTransaction;
import java.util.Optional;
import java.util.UUID;

/**
 * An organisation's memberships as its own directory changes them (SCIM provisioning, {@code
 * auth-scim}): written in the caller's transaction without an acting account, each change with the
 * same event and audit row ({@code MembershipChanged}) as any other, and the last owner kept as the
 * service keeps it. The directory decides nothing here that the organisation's rules do not decide:
 * an address counts as the organisation's only in one of its verified domains. From {@code
 * context.feature(OrganizationDirectory.class)} in a module that {@code requires} the organisations
 * module. Thread-safe.
 */
public interface OrganizationDirectory {
  /**
   * @param tx the flow's transaction
   * @param organization the organisation's id
   * @return the organisation, if it exists
   */
  Optional<Organization> organization(StoreTransaction tx, UUID organization);

  /**
   * @param tx the flow's transaction
   * @param organization the organisation's id
   * @param email an address, in any case
   * @return whether its domain is one the organisation has verified
   */
  boolean inVerifiedDomain(StoreTransaction tx, UUID organization, String email);

  /**
   * @param tx the flow's transaction
   * @param organization the organisation's id
   * @param account the account's public id
   * @return the account's membership, if it has one
   */
  Optional<Membership> member(StoreTransaction tx, UUID organization, UUID account);

  /**
   * Makes the account a member with the role, unless it is one already (then its membership is
   * answered as it is), with the {@code joined} event and audit row.
   *
   * @param tx the flow's transaction
   * @param organization the organisation's id
   * @param account the account's public id
   * @param role a role the host defines
   * @return the membership
   * @throws IllegalArgumentException when the role is not one the host defines
   */
  Membership join(StoreTransaction tx, UUID organization, UUID account, String role);

  /**
   * Ends the account's membership, with the {@code removed} event and audit row.
   *
   * @param tx the flow's transaction
   * @param organization the organisation's id
   * @param account the account's public id
   * @return the membership that ended, or empty when it had none
   * @throws OrganizationService.LastOwnerException when it is the organisation's last owner
   *     (nothing changed)
   */
  Optional<Membership> remove(StoreTransaction tx, UUID organization, UUID account);

  /**
   * @param caller a signed-in account's public id
   * @param organization the organisation's id
   * @return whether the caller is a live owner of the organisation
   */
  boolean owns(UUID caller, UUID organization);
}
