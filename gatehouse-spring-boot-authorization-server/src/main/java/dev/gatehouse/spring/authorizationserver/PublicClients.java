package dev.gatehouse.spring.authorizationserver;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Base64;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.keygen.Base64StringKeyGenerator;
import org.springframework.security.crypto.keygen.StringKeyGenerator;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * What a public client (a single-page or mobile application, a CLI: no secret to prove itself with)
 * may do by naming itself with {@code client_id} alone, beside the code exchange with PKCE that
 * Spring Authorization Server allows it: the refresh grant at the token endpoint, and the
 * revocation of its own tokens (RFC 7009 §5; the server revokes only the client's own). Nowhere
 * else: introspection, which answers for any client's token, needs a confidential client's secret
 * ({@link #secretHoldersOnly}). Spring Authorization Server issues refresh tokens to confidential
 * clients only; here each refresh token, a public client's too, is used once, rotated at every use,
 * its reuse revoking the whole authorization ({@link GatehouseAuthorizations}), as OAuth 2.0 for
 * browser-based applications asks of a refresh token without sender constraint.
 */
final class PublicClients {
  private PublicClients() {}

  /** Where a public client names itself by its id alone. */
  enum Use {
    /** The refresh grant at the token endpoint. */
    REFRESH,
    /** The revocation endpoint. */
    REVOCATION
  }

  /**
   * A public client named by its id at one of the endpoints of {@link Use}: a type of its own, so
   * that no request parameter can make another converter's token pass for it.
   */
  static final class Named extends OAuth2ClientAuthenticationToken {
    private static final long serialVersionUID = 1L;
    private final Use use;

    Named(String clientId, Use use) {
      super(clientId, ClientAuthenticationMethod.NONE, null, Map.of());
      this.use = use;
    }

    Use use() {
      return use;
    }
  }

  /**
   * A request naming a client by {@code client_id} alone (no {@code Authorization} header, no
   * secret, no assertion: a public client that sends a secret is refused by the server's own secret
   * check), at the token endpoint's refresh grant or at the revocation endpoint, and nowhere else.
   */
  static final class Converter implements AuthenticationConverter {
    private final RequestMatcher tokenEndpoint;
    private final RequestMatcher revocationEndpoint;

    /**
     * @param tokenEndpoint the token endpoint's requests (every issuer's)
     * @param revocationEndpoint the revocation endpoint's requests (every issuer's)
     */
    Converter(RequestMatcher tokenEndpoint, RequestMatcher revocationEndpoint) {
      this.tokenEndpoint = requireNonNull(tokenEndpoint, "tokenEndpoint");
      this.revocationEndpoint = requireNonNull(revocationEndpoint, "revocationEndpoint");
    }

    @Override
    public @Nullable Authentication convert(HttpServletRequest request) {
      if (!"POST".equals(request.getMethod())
          || request.getHeader(HttpHeaders.AUTHORIZATION) != null
          || request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null
          || request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) != null) {
        return null;
      }
      Use use;
      if (tokenEndpoint.matches(request)
          && AuthorizationGrantType.REFRESH_TOKEN
              .getValue()
              .equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))) {
        use = Use.REFRESH;
      } else if (revocationEndpoint.matches(request)) {
        use = Use.REVOCATION;
      } else {
        return null;
      }
      String[] ids = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
      if (ids == null) {
        return null;
      }
      if (ids.length != 1 || ids[0].isEmpty()) {
        throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST);
      }
      return new Named(ids[0], use);
    }
  }

  /** Authenticates a registered public client named at one of the endpoints of {@link Use}. */
  static final class Provider implements AuthenticationProvider {
    private final RegisteredClientRepository clients;

    Provider(RegisteredClientRepository clients) {
      this.clients = requireNonNull(clients, "clients");
    }

    @Override
    public @Nullable Authentication authenticate(Authentication authentication) {
      if (!(authentication instanceof Named asked)) {
        return null;
      }
      RegisteredClient client = clients.findByClientId(String.valueOf(asked.getPrincipal()));
      if (client == null
          || !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)
          || (asked.use() == Use.REFRESH
              && !client
                  .getAuthorizationGrantTypes()
                  .contains(AuthorizationGrantType.REFRESH_TOKEN))) {
        throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
      }
      return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
    }

    @Override
    public boolean supports(Class<?> authentication) {
      return Named.class.isAssignableFrom(authentication);
    }
  }

  /**
   * The introspection endpoint's provider, for clients that proved themselves with a secret only:
   * introspection answers for any client's token, so a client known by its id alone (a public
   * client, by any converter, Spring Authorization Server's PKCE one included) is {@code
   * invalid_client}.
   *
   * @param introspection Spring Authorization Server's introspection provider
   * @return the provider that checks the client first
   */
  static AuthenticationProvider secretHoldersOnly(AuthenticationProvider introspection) {
    requireNonNull(introspection, "introspection");
    return new AuthenticationProvider() {
      @Override
      public @Nullable Authentication authenticate(Authentication authentication) {
        if (!(authentication instanceof OAuth2TokenIntrospectionAuthenticationToken asked)
            || !(asked.getPrincipal() instanceof OAuth2ClientAuthenticationToken client)
            || ClientAuthenticationMethod.NONE.equals(client.getClientAuthenticationMethod())
            || client.getRegisteredClient() == null
            || client
                .getRegisteredClient()
                .getClientAuthenticationMethods()
                .contains(ClientAuthenticationMethod.NONE)) {
          throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
        }
        return introspection.authenticate(authentication);
      }

      @Override
      public boolean supports(Class<?> authentication) {
        return introspection.supports(authentication);
      }
    };
  }

  /**
   * The refresh tokens of every client allowed the refresh grant, public ones included: opaque, 96
   * random bytes, for {@link GatehouseRegisteredClients#REFRESH_TOKEN_LIFETIME}.
   */
  static final class Tokens implements OAuth2TokenGenerator<OAuth2RefreshToken> {
    private final StringKeyGenerator values =
        new Base64StringKeyGenerator(Base64.getUrlEncoder().withoutPadding(), 96);
    private final java.time.Clock clock;

    Tokens(java.time.Clock clock) {
      this.clock = requireNonNull(clock, "clock");
    }

    @Override
    public @Nullable OAuth2RefreshToken generate(OAuth2TokenContext context) {
      if (!OAuth2TokenType.REFRESH_TOKEN.equals(context.getTokenType())
          || !context
              .getRegisteredClient()
              .getAuthorizationGrantTypes()
              .contains(AuthorizationGrantType.REFRESH_TOKEN)) {
        return null;
      }
      java.time.Instant now = clock.instant();
      return new OAuth2RefreshToken(
          values.generateKey(),
          now,
          now.plus(context.getRegisteredClient().getTokenSettings().getRefreshTokenTimeToLive()));
    }
  }
}
