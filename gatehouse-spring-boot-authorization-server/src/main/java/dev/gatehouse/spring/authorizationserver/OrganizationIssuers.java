package dev.gatehouse.spring.authorizationserver;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.organizations.Membership;
import dev.gatehouse.organizations.Organization;
import dev.gatehouse.organizations.OrganizationService;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContext;
import org.springframework.security.oauth2.server.authorization.context.AuthorizationServerContextHolder;

/**
 * One issuer per organisation ({@link OpenIdProvider#organizationIssuers()}): Spring Authorization
 * Server's multiple issuers, each organisation's at {@code {base}/o/{slug}}, the root one at {@code
 * {base}}. What an organisation's issuer issues is for its members only, checked live at the
 * authorization request, at each token and at userinfo, and carries the claim {@code org}. Loaded
 * only when {@code auth-organizations} is on the class path.
 */
final class OrganizationIssuers implements StandardClaims.IssuerOrganization {
  /** The issuer path of an organisation: {@code /o/} and its slug. */
  private static final Pattern ISSUER_PATH = Pattern.compile("/o/([a-z0-9]+(?:-[a-z0-9]+)*)");

  private final OrganizationService organizations;

  private OrganizationIssuers(OrganizationService organizations) {
    this.organizations = requireNonNull(organizations, "organizations");
  }

  /**
   * @param gatehouse the facade
   * @return the issuers' check
   * @throws IllegalStateException when {@code auth-organizations} is not installed
   */
  static OrganizationIssuers of(Gatehouse gatehouse) {
    return new OrganizationIssuers(
        gatehouse
            .findFeature(OrganizationService.class)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        OpenIdProviderAutoConfiguration.ORGANIZATION_ISSUERS
                            + " need auth-organizations installed")));
  }

  /** {@return the slug of the request's issuer when it is an organisation's} */
  static Optional<String> slug() {
    AuthorizationServerContext context = AuthorizationServerContextHolder.getContext();
    if (context == null || context.getIssuer() == null) {
      return Optional.empty();
    }
    String path = URI.create(context.getIssuer()).getPath();
    if (path == null) {
      return Optional.empty();
    }
    int at = path.lastIndexOf("/o/");
    Matcher m = at < 0 ? null : ISSUER_PATH.matcher(path.substring(at));
    return m != null && m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  @Override
  public @Nullable Map<String, Object> member(UUID user) {
    Optional<String> slug = slug();
    if (slug.isEmpty()) {
      return null;
    }
    for (Membership m : organizations.memberships(user)) {
      Optional<Organization> org = organizations.find(user, m.organization());
      if (org.isPresent() && org.get().slug().equals(slug.get())) {
        Map<String, Object> claim = new LinkedHashMap<>();
        claim.put("id", org.get().id().toString());
        claim.put("slug", org.get().slug());
        claim.put("name", org.get().name());
        claim.put("role", m.role());
        return claim;
      }
    }
    throw new OAuth2AuthenticationException(
        new OAuth2Error(
            OAuth2ErrorCodes.INVALID_GRANT,
            "the user is not a member of the issuer's organisation",
            null));
  }

  /**
   * {@return whether a path is one the provider serves: the root issuer's, or an organisation's}
   */
  static boolean servedPath(String path) {
    if (path.startsWith("/o/")) {
      int end = path.indexOf('/', 3);
      return end > 3 && ISSUER_PATH.matcher(path.substring(0, end)).matches();
    }
    return path.matches("/(oauth2|\\.well-known|userinfo|connect)(/.*)?");
  }
}
