package dev.gatehouse.organizations;

import dev.gatehouse.core.session.SessionClaims;
import dev.gatehouse.core.store.StoreTransaction;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The active organisation a session keeps ({@link OrganizationService#switchOrganization}): its id
 * and the member's role, in every access token the session issues ({@value #ORG_ID}, {@value
 * #ORG_ROLE}), checked at each refresh against the membership as it is then: a member who left or
 * was removed (or whose organisation was deleted), or whose role no longer grants {@link
 * OrganizationRole#SWITCH}, loses both; a member whose role changed carries the new one. One read
 * of the membership a refresh; the owner's account is checked by the refresh itself.
 */
final class ActiveOrganization implements SessionClaims {
  /** The access token's claim naming the active organisation (its id). */
  static final String ORG_ID = "org_id";

  /** The access token's claim naming the member's role in it. */
  static final String ORG_ROLE = "org_role";

  private final OrganizationStore store;
  private final Map<String, OrganizationRole> roles;

  ActiveOrganization(OrganizationStore store, Map<String, OrganizationRole> roles) {
    this.store = store;
    this.roles = roles;
  }

  /** Whether a membership's role lets its member act for the organisation. */
  boolean mayAct(Membership m) {
    OrganizationRole role = roles.get(m.role());
    return role != null && role.grants(OrganizationRole.SWITCH);
  }

  @Override
  public String name() {
    return "organizations";
  }

  /** {@return the claims of a membership} */
  static Map<String, Object> claims(Membership m) {
    return Map.of(ORG_ID, m.organization().toString(), ORG_ROLE, m.role());
  }

  @Override
  public Map<String, Object> atRefresh(
      StoreTransaction tx, UUID account, Map<String, Object> kept) {
    return organization(kept)
        .flatMap(id -> store.member(tx, id, account))
        .filter(this::mayAct)
        .map(ActiveOrganization::claims)
        .orElse(Map.of());
  }

  private static Optional<UUID> organization(Map<String, Object> kept) {
    if (!(kept.get(ORG_ID) instanceof String id)) {
      return Optional.empty();
    }
    try {
      return Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
