package dev.gatehouse.spring.authorizationserver;

import static java.util.Objects.requireNonNull;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationResponseType;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * Where the authorization endpoint's refusals go (RFC 6749, section 4.1.2.1): one that belongs to
 * the client goes to its redirect URI, with the request's {@code state}, once the client and the
 * redirect URI are known to be valid (a bad or missing {@code response_type} included: {@code
 * unsupported_response_type} or {@code invalid_request}); one that must not go there (no or an
 * unknown {@code client_id}, a redirect URI the client did not register) is shown to the user on a
 * page of the pages ({@link AuthorizationErrorPage}), never Spring's error page.
 */
final class AuthorizationErrors {
  private static final Authentication ANONYMOUS =
      new AnonymousAuthenticationToken(
          "anonymous", "anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));

  private AuthorizationErrors() {}

  /**
   * Spring Authorization Server's converter of authorization requests, whose refusal of the {@code
   * response_type} goes to the client's redirect URI when the client and redirect URI are valid.
   *
   * @param converter the server's converter
   * @param clients the registered clients
   * @return the converter
   */
  static AuthenticationConverter responseTypeToClient(
      AuthenticationConverter converter, RegisteredClientRepository clients) {
    requireNonNull(converter, "converter");
    requireNonNull(clients, "clients");
    return request -> {
      try {
        return converter.convert(request);
      } catch (OAuth2AuthorizationCodeRequestAuthenticationException refused) {
        String code = refused.getError().getErrorCode();
        if (refused.getAuthorizationCodeRequestAuthentication() != null
            || !(code.equals(OAuth2ErrorCodes.UNSUPPORTED_RESPONSE_TYPE)
                || (code.equals(OAuth2ErrorCodes.INVALID_REQUEST) && badResponseType(request)))) {
          throw refused;
        }
        OAuth2AuthorizationCodeRequestAuthenticationToken toClient = toClient(request, clients);
        if (toClient == null) {
          // Not to the client: the page says whether the client or its redirect URI is wrong.
          String which =
              clients.findByClientId(
                          String.valueOf(single(request, OAuth2ParameterNames.CLIENT_ID)))
                      == null
                  ? OAuth2ParameterNames.CLIENT_ID
                  : OAuth2ParameterNames.REDIRECT_URI;
          throw new OAuth2AuthorizationCodeRequestAuthenticationException(
              new OAuth2Error(code, "OAuth 2.0 Parameter: " + which, refused.getError().getUri()),
              null);
        }
        throw new OAuth2AuthorizationCodeRequestAuthenticationException(
            refused.getError(), toClient);
      }
    };
  }

  private static boolean badResponseType(HttpServletRequest request) {
    String[] values = request.getParameterValues(OAuth2ParameterNames.RESPONSE_TYPE);
    return values == null
        || values.length != 1
        || !OAuth2AuthorizationResponseType.CODE.getValue().equals(values[0]);
  }

  /**
   * The request as a token that names the redirect URI its error may go to, or {@code null} when
   * the client or the redirect URI is not valid (or a parameter that names them is repeated).
   */
  private static @Nullable OAuth2AuthorizationCodeRequestAuthenticationToken toClient(
      HttpServletRequest request, RegisteredClientRepository clients) {
    String clientId = single(request, OAuth2ParameterNames.CLIENT_ID);
    String redirectUri = single(request, OAuth2ParameterNames.REDIRECT_URI);
    String state = single(request, OAuth2ParameterNames.STATE);
    String scope = single(request, OAuth2ParameterNames.SCOPE);
    if (clientId == null
        || clientId.isEmpty()
        || redirectUri == null
        || state == null
        || scope == null) {
      return null;
    }
    RegisteredClient client = clients.findByClientId(clientId);
    if (client == null) {
      return null;
    }
    Set<String> scopes =
        scope.isEmpty() ? Set.of() : new HashSet<>(Arrays.asList(scope.split(" ")));
    Map<String, Object> none = new HashMap<>();
    OAuth2AuthorizationCodeRequestAuthenticationToken asked =
        new OAuth2AuthorizationCodeRequestAuthenticationToken(
            request.getRequestURL().toString(),
            clientId,
            ANONYMOUS,
            redirectUri.isEmpty() ? null : redirectUri,
            state.isEmpty() ? null : state,
            scopes,
            none);
    try {
      // The server's own rule for a redirect URI, so that an error goes nowhere it would not.
      OAuth2AuthorizationCodeRequestAuthenticationValidator.DEFAULT_REDIRECT_URI_VALIDATOR.accept(
          OAuth2AuthorizationCodeRequestAuthenticationContext.with(asked)
              .registeredClient(client)
              .build());
    } catch (OAuth2AuthorizationCodeRequestAuthenticationException notTheClients) {
      return null;
    }
    String target =
        redirectUri.isEmpty() ? client.getRedirectUris().iterator().next() : redirectUri;
    return new OAuth2AuthorizationCodeRequestAuthenticationToken(
        asked.getAuthorizationUri(), clientId, ANONYMOUS, target, asked.getState(), scopes, none);
  }

  /** The parameter's one value, {@code ""} when absent, {@code null} when repeated. */
  private static @Nullable String single(HttpServletRequest request, String name) {
    String[] values = request.getParameterValues(name);
    if (values == null) {
      return "";
    }
    return values.length == 1 ? values[0] : null;
  }

  /**
   * The authorization endpoint's answer to a refusal: to the redirect URI the refusal names (the
   * server names one only once it is the client's), else the pages' error page.
   *
   * @return the handler
   */
  static AuthenticationFailureHandler handler() {
    return AuthorizationErrors::refused;
  }

  private static void refused(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException refusal)
      throws IOException {
    OAuth2AuthorizationCodeRequestAuthenticationToken asked =
        refusal instanceof OAuth2AuthorizationCodeRequestAuthenticationException e
            ? e.getAuthorizationCodeRequestAuthentication()
            : null;
    OAuth2Error error =
        refusal instanceof org.springframework.security.oauth2.core.OAuth2AuthenticationException e
            ? e.getError()
            : new OAuth2Error(OAuth2ErrorCodes.INVALID_REQUEST);
    if (asked == null || !StringUtils.hasText(asked.getRedirectUri())) {
      response.sendRedirect(
          request.getContextPath() + AuthorizationErrorPage.PATH + "?error=" + pageError(error));
      return;
    }
    UriComponentsBuilder target =
        UriComponentsBuilder.fromUriString(asked.getRedirectUri())
            .queryParam(OAuth2ParameterNames.ERROR, encoded(error.getErrorCode()));
    if (StringUtils.hasText(error.getDescription())) {
      target.queryParam(OAuth2ParameterNames.ERROR_DESCRIPTION, encoded(error.getDescription()));
    }
    if (StringUtils.hasText(error.getUri())) {
      target.queryParam(OAuth2ParameterNames.ERROR_URI, encoded(error.getUri()));
    }
    if (StringUtils.hasText(asked.getState())) {
      target.queryParam(OAuth2ParameterNames.STATE, encoded(asked.getState()));
    }
    response.sendRedirect(target.build(true).toUriString());
  }

  private static String encoded(String value) {
    return UriUtils.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * What the page says: which part of the request was wrong, by the parameter the server named
   * ({@code client_id}, {@code redirect_uri}), else that the request is not valid.
   */
  private static String pageError(OAuth2Error error) {
    String description = error.getDescription() == null ? "" : error.getDescription();
    if (description.endsWith(OAuth2ParameterNames.CLIENT_ID)) {
      return AuthorizationErrorPage.CLIENT;
    }
    if (description.endsWith(OAuth2ParameterNames.REDIRECT_URI)) {
      return AuthorizationErrorPage.REDIRECT_URI;
    }
    return AuthorizationErrorPage.REQUEST;
  }
}
