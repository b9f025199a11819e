package dev.gatehouse.organizations;

import dev.gatehouse.social.OidcProvider;
import dev.gatehouse.social.SocialProvider.AuthorizationRequest;
import dev.gatehouse.social.SocialProvider.CodeExchange;
import dev.gatehouse.social.SocialProvider.VerifiedIdentity;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An organisation's OpenID Connect provider, through {@code auth-social}'s public {@link
 * OidcProvider} (discovery, JWKS with key rotation, the token endpoint's client authentication, and
 * the id token's signature, issuer, audience, expiry and nonce checks). One provider per
 * organisation, kept while its connection (issuer, client, sealed secret) is unchanged, so
 * discovery and keys are cached across sign-ins.
 */
final class OidcSso implements SsoProtocol {
  /** The provider id the identities carry: every organisation's provider speaks as this one. */
  static final String PROVIDER = "organization";

  private record Built(SsoConnection connection, OidcProvider provider) {}

  private final Clock clock;
  private final Map<UUID, Built> providers = new ConcurrentHashMap<>();

  OidcSso(Clock clock) {
    this.clock = clock;
  }

  @Override
  public String kind() {
    return SsoConnection.OIDC;
  }

  @Override
  public URI authorizationUri(
      SsoConnection connection, String clientSecret, AuthorizationRequest request) {
    return provider(connection, clientSecret).authorizationUri(request);
  }

  @Override
  public VerifiedIdentity exchange(
      SsoConnection connection, String clientSecret, CodeExchange exchange) {
    return provider(connection, clientSecret).exchangeCode(exchange);
  }

  private OidcProvider provider(SsoConnection c, String clientSecret) {
    return providers
        .compute(
            c.organization(),
            (id, built) ->
                built != null && built.connection().equals(c)
                    ? built
                    : new Built(
                        c,
                        OidcProvider.builder(PROVIDER, c.issuer(), c.clientId())
                            .clientSecret(clientSecret)
                            .clock(clock)
                            .build()))
        .provider();
  }
}
