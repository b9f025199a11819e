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
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Refresh tokens for public clients (single-page and mobile applications, CLIs), which Spring
 * Authorization Server issues to confidential clients only: a public client names itself at the
 * token endpoint's refresh grant (it has no secret to prove it with), and each refresh token is
 * used once, rotated at every use, its reuse revoking the whole authorization ({@link
 * GatehouseAuthorizations}), as OAuth 2.0 for browser-based applications asks of a refresh token
 * without sender constraint.
 */
final class PublicClientRefresh {
  private PublicClientRefresh() {}

  /**
   * A refresh grant naming a client by {@code client_id} alone: no {@code Authorization} header, no
   * secret, no assertion (a public client that sends a secret is refused by the server's own secret
   * check).
   */
  static final class Converter implements AuthenticationConverter {
    @Override
    public @Nullable Authentication convert(HttpServletRequest request) {
      if (!"POST".equals(request.getMethod())
          || !AuthorizationGrantType.REFRESH_TOKEN
              .getValue()
              .equals(request.getParameter(OAuth2ParameterNames.GRANT_TYPE))
          || request.getHeader(HttpHeaders.AUTHORIZATION) != null
          || request.getParameter(OAuth2ParameterNames.CLIENT_SECRET) != null
          || request.getParameter(OAuth2ParameterNames.CLIENT_ASSERTION) != null) {
        return null;
      }
      String[] ids = request.getParameterValues(OAuth2ParameterNames.CLIENT_ID);
      if (ids == null) {
        return null;
      }
      if (ids.length != 1 || ids[0].isEmpty()) {
        throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST);
      }
      return new OAuth2ClientAuthenticationToken(
          ids[0],
          ClientAuthenticationMethod.NONE,
          null,
          Map.of(OAuth2ParameterNames.GRANT_TYPE, AuthorizationGrantType.REFRESH_TOKEN.getValue()));
    }
  }

  /** Authenticates a registered public client at a refresh grant, and only there. */
  static final class Provider implements AuthenticationProvider {
    private final RegisteredClientRepository clients;

    Provider(RegisteredClientRepository clients) {
      this.clients = requireNonNull(clients, "clients");
    }

    @Override
    public @Nullable Authentication authenticate(Authentication authentication) {
      OAuth2ClientAuthenticationToken asked = (OAuth2ClientAuthenticationToken) authentication;
      if (!ClientAuthenticationMethod.NONE.equals(asked.getClientAuthenticationMethod())
          || !AuthorizationGrantType.REFRESH_TOKEN
              .getValue()
              .equals(asked.getAdditionalParameters().get(OAuth2ParameterNames.GRANT_TYPE))) {
        return null;
      }
      RegisteredClient client = clients.findByClientId(String.valueOf(asked.getPrincipal()));
      if (client == null
          || !client.getClientAuthenticationMethods().contains(ClientAuthenticationMethod.NONE)
          || !client.getAuthorizationGrantTypes().contains(AuthorizationGrantType.REFRESH_TOKEN)) {
        throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
      }
      return new OAuth2ClientAuthenticationToken(client, ClientAuthenticationMethod.NONE, null);
    }

    @Override
    public boolean supports(Class<?> authentication) {
      return OAuth2ClientAuthenticationToken.class.isAssignableFrom(authentication);
    }
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
