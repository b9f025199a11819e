package dev.gatehouse.core.token;

import dev.gatehouse.core.store.UserRecord;
import java.util.Map;

/**
 * Adds a host's claims (roles, tenant, plan, anything a resource server decides on) to every access
 * token Gatehouse issues: at login, at each refresh and at a profile switch. Resource servers then
 * decide without a database read per request.
 *
 * <pre>{@code
 * Gatehouse gatehouse = Gatehouse.builder(config, store)
 *     .accessTokenCustomizer((user, claims) -> {
 *       claims.put("roles", user.superuser() ? List.of("ADMIN", "USER") : List.of("USER"));
 *       claims.put("staff", user.staff());
 *     })
 *     .build();
 * }</pre>
 *
 * <p>Called inside the flow's transaction, once per token, with the user as stored at that moment;
 * an exception it throws fails the flow (nothing is issued, nothing is written). A claim's value is
 * visible to anyone holding the token (it is signed, not encrypted): never put a secret or more
 * personal data than the resource servers need into it. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface AccessTokenCustomizer {
  /**
   * Adds claims for one token.
   *
   * @param user the token's user, as stored now; never null
   * @param claims where the claims go; never null
   */
  void customize(UserRecord user, CustomClaims claims);

  /**
   * Runs this customizer for one token; Gatehouse calls it when issuing.
   *
   * @param user the token's user
   * @return the claims it added, unmodifiable
   */
  default Map<String, Object> claimsFor(UserRecord user) {
    CustomClaims claims = new CustomClaims();
    customize(user, claims);
    return claims.asMap();
  }

  /** {@return the customizer that adds nothing (one instance, so it can be recognised)} */
  static AccessTokenCustomizer none() {
    return NoCustomClaims.INSTANCE;
  }
}
