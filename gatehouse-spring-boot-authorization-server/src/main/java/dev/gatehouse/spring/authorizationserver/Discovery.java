package dev.gatehouse.spring.authorizationserver;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.oidc.OidcProviderConfiguration;

/**
 * The discovery document ({@code /.well-known/openid-configuration}) says what is configured and
 * accepted, read from where it is decided rather than from Spring Authorization Server's defaults:
 * the client authentication methods and grants from what an {@link OpenIdClient}'s kind holds
 * ({@link GatehouseRegisteredClients#methods}, {@link GatehouseRegisteredClients#grants}), the
 * scopes and claims from those the provider serves ({@link StandardClaims}, a host's {@link
 * OpenIdClaims} included), the ID token's signing algorithms from the key ring, and back-channel
 * logout ({@link BackchannelLogout}); no certificate-bound or DPoP-bound tokens, which nothing here
 * checks.
 */
final class Discovery {
  private Discovery() {}

  /**
   * Writes what the provider accepts into the document.
   *
   * @param document the document Spring Authorization Server built
   * @param algorithms the key ring's signing algorithms
   * @param claims the provider's claims
   */
  static void customize(
      OidcProviderConfiguration.Builder document, Set<String> algorithms, StandardClaims claims) {
    Set<String> methods = new LinkedHashSet<>();
    Set<String> secrets = new LinkedHashSet<>();
    Set<String> grants = new LinkedHashSet<>();
    for (OpenIdClient.Kind kind : OpenIdClient.Kind.values()) {
      for (ClientAuthenticationMethod method : GatehouseRegisteredClients.methods(kind)) {
        methods.add(method.getValue());
        if (!ClientAuthenticationMethod.NONE.equals(method)) {
          secrets.add(method.getValue());
        }
      }
      GatehouseRegisteredClients.grants(kind).stream()
          .map(AuthorizationGrantType::getValue)
          .forEach(grants::add);
    }
    document
        .idTokenSigningAlgorithms(only(algorithms))
        .tokenEndpointAuthenticationMethods(only(methods))
        // RFC 7009: a public client revokes its own tokens by its client_id alone.
        .tokenRevocationEndpointAuthenticationMethods(only(methods))
        // Introspection needs a secret (PublicClients#secretHoldersOnly).
        .tokenIntrospectionEndpointAuthenticationMethods(only(secrets))
        .grantTypes(only(grants))
        .scopes(only(claims.scopesServed()))
        .claim("claims_supported", claims.claimsServed())
        // Back-Channel Logout 1.0, with sid.
        .claim("backchannel_logout_supported", true)
        .claim("backchannel_logout_session_supported", true)
        // No TLS client certificates and no DPoP proofs are checked by the provider's resource
        // side (userinfo): tokens bound to either are not offered.
        .claims(
            c -> {
              c.remove("tls_client_certificate_bound_access_tokens");
              c.remove("dpop_signing_alg_values_supported");
            });
  }

  private static Consumer<List<String>> only(Collection<String> values) {
    return list -> {
      list.clear();
      list.addAll(values);
    };
  }
}
