package dev.gatehouse.organizations;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.social.OidcProvider;
import dev.gatehouse.social.SocialProvider.AuthorizationRequest;
import dev.gatehouse.social.SocialProvider.CodeExchange;
import dev.gatehouse.social.SocialProvider.VerifiedIdentity;
import dev.gatehouse.social.SocialService.ProviderAddressException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * An organisation's OpenID Connect provider, through {@code auth-social}'s public {@link
 * OidcProvider} (discovery, JWKS with key rotation, the token endpoint's client authentication, and
 * the id token's signature, issuer, audience, expiry and nonce checks). One provider per
 * organisation, kept while its connection (issuer, client, sealed secret) is unchanged, so
 * discovery and keys are cached across sign-ins. Its requests go where {@code auth-social}'s
 * address rule allows (the host's settings), and its discovery document's endpoints must share the
 * issuer's origin or be listed in {@link OrganizationSettings#PROVIDER_ENDPOINT_ORIGINS}.
 */
final class OidcSso implements SsoProtocol {
  /** The provider id the identities carry: every organisation's provider speaks as this one. */
  static final String PROVIDER = "organization";

  private record Built(SsoConnection connection, OidcProvider provider) {}

  private final Clock clock;
  private final GatehouseConfig config;
  private final Set<String> otherOrigins;
  private final Map<UUID, Built> providers = new ConcurrentHashMap<>();

  OidcSso(GatehouseConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.otherOrigins =
        config.get(OrganizationSettings.PROVIDER_ENDPOINT_ORIGINS).stream()
            .map(OidcSso::origin)
            .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * {@return an address's origin, {@code scheme://host:port} lower-case with the port written out,
   * or {@code null} when it is not an absolute http(s) address (or, for a listed origin, carries
   * more than an origin)}
   */
  static @Nullable String origin(String address) {
    URI uri;
    try {
      uri = new URI(address.strip());
    } catch (URISyntaxException e) {
      return null;
    }
    return origin(uri, true);
  }

  private static @Nullable String origin(URI uri, boolean only) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
      return null;
    }
    if (only
        && (uri.getRawUserInfo() != null
            || uri.getRawQuery() != null
            || uri.getRawFragment() != null
            || !(uri.getRawPath() == null
                || uri.getRawPath().isEmpty()
                || uri.getRawPath().equals("/")))) {
      return null;
    }
    int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
  }

  /**
   * Refuses an endpoint of the discovery document on another origin than the issuer's, unless
   * {@link OrganizationSettings#PROVIDER_ENDPOINT_ORIGINS} lists it: an organisation's owner
   * chooses the issuer, and must not choose where the server sends the client secret or fetches
   * keys.
   */
  private void sameOrigin(URI issuer, String name, URI endpoint) {
    String at = origin(endpoint, false);
    if (at != null && (at.equals(origin(issuer, false)) || otherOrigins.contains(at))) {
      return;
    }
    String key = OrganizationSettings.PROVIDER_ENDPOINT_ORIGINS.key();
    throw new ProviderAddressException(
        "the provider's "
            + name
            + " is on another origin than its issuer's ("
            + endpoint.getHost()
            + "); see "
            + key,
        key);
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
                            .addressSettings(config)
                            .endpointCheck((name, uri) -> sameOrigin(c.issuer(), name, uri))
                            .build()))
        .provider();
  }
}
