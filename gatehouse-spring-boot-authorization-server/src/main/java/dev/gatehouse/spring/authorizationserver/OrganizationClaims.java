package dev.gatehouse.spring.authorizationserver;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.organizations.Membership;
import dev.gatehouse.organizations.Organization;
import dev.gatehouse.organizations.OrganizationService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The {@code organizations} claim from {@code auth-organizations}: each organisation the user is a
 * member of, with the member's role, read at each token and userinfo request. Loaded only when the
 * module is on the class path and installed ({@link #of}).
 */
final class OrganizationClaims implements Function<UUID, List<Map<String, Object>>> {
  /** The scope that asks for the claim, and the claim's name. */
  static final String SCOPE = "organizations";

  /** The module's service, by name: checked on the class path before this class is loaded. */
  static final String SERVICE = "dev.gatehouse.organizations.OrganizationService";

  private final OrganizationService organizations;

  private OrganizationClaims(OrganizationService organizations) {
    this.organizations = requireNonNull(organizations, "organizations");
  }

  /**
   * {@return the claim's reader, when {@code auth-organizations} is installed}
   *
   * @param gatehouse the facade; the caller checked that {@link #SERVICE} is on the class path
   */
  static Optional<Function<UUID, List<Map<String, Object>>>> of(Gatehouse gatehouse) {
    return gatehouse.findFeature(OrganizationService.class).map(OrganizationClaims::new);
  }

  @Override
  public List<Map<String, Object>> apply(UUID user) {
    List<Map<String, Object>> claim = new ArrayList<>();
    for (Membership m : organizations.memberships(user)) {
      Optional<Organization> org = organizations.find(user, m.organization());
      if (org.isPresent()) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("id", org.get().id().toString());
        one.put("slug", org.get().slug());
        one.put("name", org.get().name());
        one.put("role", m.role());
        claim.add(one);
      }
    }
    return claim;
  }
}
