package dev.gatehouse.spring.authorizationserver;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.spring.authorizationserver.ProviderStore.StoredClient;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * Spring Authorization Server's clients, read from the module's table {@code gh_op_client}: what a
 * client may do follows from its {@link OpenIdClient.Kind}, so the table keeps no setting of the
 * server's. Clients are registered through {@link OpenIdClients}, never by the server.
 */
final class GatehouseRegisteredClients implements RegisteredClientRepository {
  /** How long a refresh token lives; each use replaces it (rotation). */
  static final Duration REFRESH_TOKEN_LIFETIME = Duration.ofDays(30);

  /** How long an access token lives: short, since a resource server checks it offline. */
  static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofMinutes(5);

  private final ProviderStore store;

  GatehouseRegisteredClients(ProviderStore store) {
    this.store = requireNonNull(store, "store");
  }

  @Override
  public void save(RegisteredClient registeredClient) {
    throw new UnsupportedOperationException(
        "clients are registered through OpenIdClients (gatehouse.feature(OpenIdClients.class))");
  }

  @Override
  public @Nullable RegisteredClient findById(String id) {
    return findByClientId(id);
  }

  @Override
  public @Nullable RegisteredClient findByClientId(String clientId) {
    requireNonNull(clientId, "clientId");
    return store.storedClient(clientId).map(GatehouseRegisteredClients::registered).orElse(null);
  }

  /**
   * {@return how a client of {@code kind} proves itself at the token endpoint: a public client by
   * its {@code client_id} alone ({@code none}, with PKCE), the others by their secret, in the
   * {@code Authorization} header or the form} The one table of it: the clients and discovery's
   * {@code token_endpoint_auth_methods_supported} read it.
   *
   * @param kind the client's kind
   */
  static List<ClientAuthenticationMethod> methods(OpenIdClient.Kind kind) {
    return switch (kind) {
      case PUBLIC -> List.of(ClientAuthenticationMethod.NONE);
      case CONFIDENTIAL, SERVICE ->
          List.of(
              ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
              ClientAuthenticationMethod.CLIENT_SECRET_POST);
    };
  }

  /**
   * {@return the grants a client of {@code kind} may use: the authorization code and refresh for
   * those that sign users in, client credentials for a service} The one table of it: the clients
   * and discovery's {@code grant_types_supported} read it.
   *
   * @param kind the client's kind
   */
  static List<AuthorizationGrantType> grants(OpenIdClient.Kind kind) {
    return switch (kind) {
      case PUBLIC, CONFIDENTIAL ->
          List.of(AuthorizationGrantType.AUTHORIZATION_CODE, AuthorizationGrantType.REFRESH_TOKEN);
      case SERVICE -> List.of(AuthorizationGrantType.CLIENT_CREDENTIALS);
    };
  }

  private static RegisteredClient registered(StoredClient stored) {
    OpenIdClient c = stored.client();
    RegisteredClient.Builder b =
        RegisteredClient.withId(c.clientId())
            .clientId(c.clientId())
            .clientName(c.name())
            .clientIdIssuedAt(stored.createdAt());
    methods(c.kind()).forEach(b::clientAuthenticationMethod);
    grants(c.kind()).forEach(b::authorizationGrantType);
    if (stored.secretHash() != null) {
      b.clientSecret(stored.secretHash());
    }
    c.redirectUris().forEach(b::redirectUri);
    c.postLogoutRedirectUris().forEach(b::postLogoutRedirectUri);
    c.scopes().forEach(b::scope);
    return b.clientSettings(
            ClientSettings.builder()
                .requireProofKey(c.kind() != OpenIdClient.Kind.SERVICE)
                .requireAuthorizationConsent(!c.firstParty())
                .build())
        .tokenSettings(
            TokenSettings.builder()
                .reuseRefreshTokens(false)
                .refreshTokenTimeToLive(REFRESH_TOKEN_LIFETIME)
                .accessTokenTimeToLive(ACCESS_TOKEN_LIFETIME)
                .build())
        .build();
  }
}
