package dev.gatehouse.spring.authorizationserver;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A host's own claims in what the provider issues about a user: its ID tokens, its access tokens
 * and its userinfo answers. A Spring bean of the host's that implements it is asked once per token
 * or userinfo request, after the provider's own claims; a token a service asks for itself (client
 * credentials) has no user and asks none. Implementations must be thread-safe and quick: they run
 * on the token endpoint's request.
 *
 * <p>A host's claim never replaces one the provider answers for ({@link #PROTECTED}): answering one
 * fails the request with {@link IllegalStateException}, which names it.
 *
 * <pre>{@code
 * @Bean
 * OpenIdClaims plan(Billing billing) {
 *   return request -> request.scopes().contains("billing")
 *       ? Map.of("plan", billing.planOf(request.user()))
 *       : Map.of();
 * }
 * }</pre>
 *
 * <p>Discovery lists what a host declares with {@link #scopes()} and {@link #claimNames()} (an
 * implementation that is no lambda overrides them), so a relying party importing the discovery
 * document (Keycloak's broker) proposes them.
 */
@FunctionalInterface
public interface OpenIdClaims {

  /**
   * The claims the provider answers for, which a host's claims may not set: the JWT's and OpenID
   * Connect's own ({@code sub}, {@code iss}, {@code aud}, {@code exp}, {@code iat}, {@code nbf},
   * {@code jti}, {@code nonce}, {@code auth_time}, {@code amr}, {@code azp}, {@code sid}, {@code
   * at_hash}, {@code c_hash}), an access token's grant ({@code scope}, {@code client_id}) and the
   * organisations' ({@code organizations}).
   */
  Set<String> PROTECTED =
      Set.of(
          "sub",
          "iss",
          "aud",
          "exp",
          "iat",
          "nbf",
          "jti",
          "nonce",
          "auth_time",
          "amr",
          "azp",
          "sid",
          "at_hash",
          "c_hash",
          "scope",
          "client_id",
          "organizations");

  /**
   * The host's claims for one token or userinfo answer.
   *
   * @param request whom and what for
   * @return the claims to add, by name (values: strings, numbers, booleans, lists and maps of
   *     those); empty for none
   */
  Map<String, ?> claims(Request request);

  /**
   * {@return the scopes this host answers claims for, which discovery lists in {@code
   * scopes_supported} beside the provider's own} None unless the host says so; a scope a client may
   * ask for is still the client's registered one ({@link OpenIdClient#scopes()}).
   */
  default Set<String> scopes() {
    return Set.of();
  }

  /**
   * {@return the names of the claims this host may answer, which discovery lists in {@code
   * claims_supported} beside the provider's own} None unless the host says so.
   */
  default Set<String> claimNames() {
    return Set.of();
  }

  /** Where the claims go. */
  enum Target {
    /** The ID token. */
    ID_TOKEN,
    /** The access token (a JWT a resource server reads). */
    ACCESS_TOKEN,
    /** The userinfo endpoint's answer. */
    USERINFO
  }

  /**
   * Whom the claims are about and where they go.
   *
   * @param user the user's public id (the tokens' {@code sub})
   * @param clientId the client the token is for
   * @param scopes the scopes granted
   * @param target where the claims go
   */
  record Request(UUID user, String clientId, Set<String> scopes, Target target) {
    /**
     * Checks and copies the values.
     *
     * @param user the user
     * @param clientId the client
     * @param scopes the scopes
     * @param target the target
     */
    public Request {
      requireNonNull(user, "user");
      requireNonNull(clientId, "clientId");
      scopes = Set.copyOf(scopes);
      requireNonNull(target, "target");
    }
  }
}
