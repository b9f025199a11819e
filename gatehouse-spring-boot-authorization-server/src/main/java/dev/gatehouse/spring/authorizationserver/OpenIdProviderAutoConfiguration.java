package dev.gatehouse.spring.authorizationserver;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.spring.boot.CleanupTask;
import dev.gatehouse.spring.pages.BrowserSession;
import java.text.ParseException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationException;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationCodeRequestAuthenticationValidator;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.web.authentication.OAuth2AuthorizationCodeRequestAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.session.DisableEncodeUrlFilter;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.util.ClassUtils;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Serves Gatehouse as an OpenID provider with Spring Authorization Server, when this module is on a
 * Spring Boot host's class path beside the starter and the pages: the authorization code with PKCE,
 * refresh tokens (public clients' too, rotated, reuse revoking the authorization), client
 * credentials, OpenID Connect discovery ({@code /.well-known/openid-configuration}), the key set
 * ({@code /oauth2/jwks}, Gatehouse's own), userinfo ({@code /userinfo}), token revocation and
 * introspection, RP-initiated logout ({@code /connect/logout}) and back-channel logout ({@link
 * BackchannelLogout}).
 *
 * <p>The user signs in at the authorization endpoint through Gatehouse's pages, by any method they
 * offer; first-party clients ask no consent, third-party ones do. The clients, authorizations and
 * consents are the module's tables ({@link OpenIdProvider#CHANGELOG}); the tokens are signed by
 * Gatehouse's key ring, which must be asymmetric (ES256, RS256 or EdDSA). The issuer is {@code
 * gatehouse.openid-provider.issuer}, required in production ({@code gatehouse.environment}) unless
 * each organisation is an issuer of its own; in development the request's own address when unset.
 * With {@link OpenIdProvider#organizationIssuers()} each organisation of {@code auth-organizations}
 * is an issuer of its own at {@code {base}/o/{slug}} for its members only ({@link
 * OrganizationIssuers}), from the request's address. The host adds claims with {@link OpenIdClaims}
 * beans. {@code gatehouse.openid-provider.enabled=false} turns the provider off with the module on
 * the class path. The expired authorizations are deleted on the starter's cleanup schedule ({@link
 * CleanupTask}).
 *
 * <p>In development without an issuer, only a loopback address is answered ({@link
 * DevelopmentIssuer}). A third-party client's consent is a page of the pages ({@link ConsentPage}).
 */
@AutoConfiguration(
    afterName = {
      "dev.gatehouse.spring.boot.GatehouseAutoConfiguration",
      "dev.gatehouse.spring.web.GatehouseSecurityAutoConfiguration",
      "dev.gatehouse.spring.pages.GatehousePagesAutoConfiguration"
    })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean({Gatehouse.class, BrowserSession.class})
@ConditionalOnProperty(
    name = "gatehouse.openid-provider.enabled",
    havingValue = "true",
    matchIfMissing = true)
@EnableConfigurationProperties(OpenIdProviderProperties.class)
@Import({ConsentPage.class, AuthorizationErrorPage.class})
public class OpenIdProviderAutoConfiguration {
  /** The module's option that makes each organisation an issuer of its own, as errors name it. */
  static final String ORGANIZATION_ISSUERS = "OpenIdProvider#organizationIssuers()";

  /** The pages' question "sign out?", where a logout request that is not the browser's goes. */
  static final String CONFIRM_LOGOUT = "/logout/";

  /** The provider's chain's place: before the pages' and the host's. */
  static final int ORDER = 0;

  /** Built by Spring Boot. */
  public OpenIdProviderAutoConfiguration() {}

  /**
   * The clients' staff page, in the pages' staff area: served when the pages serve it ({@code
   * auth-admin} on the class path, unless {@code gatehouse.pages.admin: false}).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "dev.gatehouse.admin.AdminService")
  @ConditionalOnProperty(
      name = "gatehouse.pages.admin",
      havingValue = "true",
      matchIfMissing = true)
  @Import({OpenIdClientPages.class, OpenIdClientsLink.class})
  static class ClientPagesServed {}

  /**
   * The provider's endpoints, in a filter chain of their own.
   *
   * @param http the chain's builder
   * @param gatehouse the facade: its key ring, accounts and store
   * @param browser the pages' sign-in of the browser
   * @param properties {@code gatehouse.openid-provider.*}: the issuer
   * @param hostClaims the host's claims
   * @return the chain
   * @throws Exception when Spring Security cannot build it
   */
  @Bean
  @Order(ORDER)
  SecurityFilterChain gatehouseOpenIdProviderChain(
      HttpSecurity http,
      Gatehouse gatehouse,
      BrowserSession browser,
      OpenIdProviderProperties properties,
      ObjectProvider<OpenIdClaims> hostClaims)
      throws Exception {
    String issuer = properties.getIssuer();
    boolean organizationIssuers =
        gatehouse.feature(OpenIdProvider.Options.class).organizationIssuers();
    if (issuer.isBlank() && !organizationIssuers && gatehouse.config().production()) {
      throw new ConfigurationException(
          "gatehouse.openid-provider.issuer is required in production (gatehouse.environment):"
              + " the provider's public address, e.g. https://accounts.example.com, which every"
              + " token and the discovery document name; unset, it would be whatever address a"
              + " request came to");
    }
    ProviderStore store = gatehouse.feature(ProviderStore.class);
    GatehouseRegisteredClients clients = new GatehouseRegisteredClients(store);
    GatehouseAuthorizations authorizations = new GatehouseAuthorizations(store, clients);
    JWKSource<SecurityContext> keys = keyRing(gatehouse);
    StandardClaims.IssuerOrganization issuers = null;
    if (organizationIssuers) {
      if (!ClassUtils.isPresent(
          OrganizationClaims.SERVICE, OpenIdProviderAutoConfiguration.class.getClassLoader())) {
        throw new IllegalStateException(ORGANIZATION_ISSUERS + " need auth-organizations");
      }
      if (!issuer.isBlank()) {
        // Spring Authorization Server takes either one issuer or the request's.
        throw new IllegalStateException(
            ORGANIZATION_ISSUERS
                + " make each organisation an issuer of its own ({base}/o/{slug}) from the"
                + " request's address: leave gatehouse.openid-provider.issuer unset");
      }
      issuers = OrganizationIssuers.of(gatehouse);
    }
    StandardClaims claims = new StandardClaims(gatehouse, hostClaims, issuers);
    StandardClaims.IssuerOrganization claimsIssuers = issuers;
    JwtGenerator jwts = new JwtGenerator(new KeyRingJwtEncoder(gatehouse));
    BackchannelLogout logoutTokens = gatehouse.feature(BackchannelLogout.class);
    logoutTokens.signWith(token -> gatehouse.signJwt(token, BackchannelLogout.TYPE));
    jwts.setJwtCustomizer(
        context -> {
          claims.customize(context);
          logoutTokens.sessionClaim(context);
        });
    AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder();
    if (!issuer.isBlank()) {
      settings.issuer(issuer);
    }
    settings.multipleIssuersAllowed(organizationIssuers);
    Set<String> algorithms = new LinkedHashSet<>();
    JWKSet.parse(gatehouse.publicJwks())
        .getKeys()
        .forEach(k -> algorithms.add(k.getAlgorithm().getName()));
    OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
    RequestMatcher browserEndpoints =
        new OrRequestMatcher(
            PathPatternRequestMatcher.withDefaults().matcher("/oauth2/authorize"),
            PathPatternRequestMatcher.withDefaults().matcher("/connect/logout"),
            PathPatternRequestMatcher.withDefaults().matcher("/o/*/oauth2/authorize"),
            PathPatternRequestMatcher.withDefaults().matcher("/o/*/connect/logout"));
    RequestMatcher endpoints = server.getEndpointsMatcher();
    RequestMatcher errorPage =
        PathPatternRequestMatcher.withDefaults()
            .matcher(HttpMethod.GET, AuthorizationErrorPage.PATH);
    http.setSharedObject(JWKSource.class, keys);
    // With multiple issuers, the server's endpoints answer under any path: only the root's and
    // the organisations' are the provider's, the rest stays the host's.
    http.securityMatcher(
            organizationIssuers
                ? request ->
                    errorPage.matches(request)
                        || (endpoints.matches(request)
                            && OrganizationIssuers.servedPath(
                                request
                                    .getRequestURI()
                                    .substring(request.getContextPath().length())))
                : new OrRequestMatcher(endpoints, errorPage))
        .with(
            server,
            s ->
                s.registeredClientRepository(clients)
                    .authorizationService(authorizations)
                    .authorizationConsentService(new GatehouseConsents(store))
                    .authorizationServerSettings(settings.build())
                    .authorizationEndpoint(
                        a ->
                            a.authenticationProviders(
                                providers ->
                                    providers.forEach(
                                        p -> {
                                          if (p
                                              instanceof
                                              OAuth2AuthorizationCodeRequestAuthenticationProvider
                                                  code) {
                                            code.setAuthenticationValidator(
                                                new OAuth2AuthorizationCodeRequestAuthenticationValidator()
                                                    .andThen(SignInPrompt::validate)
                                                    .andThen(
                                                        OpenIdProviderAutoConfiguration::notActing)
                                                    .andThen(
                                                        c -> {
                                                          if (claimsIssuers != null) {
                                                            members(c, claimsIssuers);
                                                          }
                                                        }));
                                            code.setAuthorizationConsentRequired(
                                                OpenIdProviderAutoConfiguration::consentRequired);
                                          } else if (p
                                              instanceof
                                              OAuth2AuthorizationConsentAuthenticationProvider
                                                  consent) {
                                            consent.setAuthorizationConsentCustomizer(
                                                OpenIdProviderAutoConfiguration::consentNotActing);
                                          }
                                        })))
                    .tokenGenerator(
                        new DelegatingOAuth2TokenGenerator(
                            jwts, new PublicClients.Tokens(store.clock())))
                    .clientAuthentication(
                        c ->
                            c.authenticationConverter(
                                    new PublicClients.Converter(
                                        everyIssuers(AuthorizationServerSettings::getTokenEndpoint),
                                        everyIssuers(
                                            AuthorizationServerSettings
                                                ::getTokenRevocationEndpoint)))
                                .authenticationProvider(new PublicClients.Provider(clients))
                                .authenticationProviders(
                                    providers ->
                                        providers.forEach(
                                            p -> {
                                              if (p
                                                  instanceof
                                                  ClientSecretAuthenticationProvider secret) {
                                                secret.setPasswordEncoder(new ClientSecrets(store));
                                              }
                                            })))
                    .authorizationEndpoint(
                        a ->
                            a.consentPage(ConsentPage.PATH)
                                .authorizationRequestConverters(
                                    converters ->
                                        converters.replaceAll(
                                            c ->
                                                c
                                                        instanceof
                                                        OAuth2AuthorizationCodeRequestAuthenticationConverter
                                                    ? AuthorizationErrors.responseTypeToClient(
                                                        c, clients)
                                                    : c))
                                .errorResponseHandler(AuthorizationErrors.handler()))
                    .tokenIntrospectionEndpoint(
                        i ->
                            i.authenticationProviders(
                                providers ->
                                    providers.replaceAll(PublicClients::secretHoldersOnly)))
                    .oidc(
                        o ->
                            o.userInfoEndpoint(u -> u.userInfoMapper(claims))
                                .providerConfigurationEndpoint(
                                    p ->
                                        p.providerConfigurationCustomizer(
                                            m -> Discovery.customize(m, algorithms, claims)))
                                .logoutEndpoint(
                                    l ->
                                        l.authenticationProviders(
                                                // The hint's sid is checked against the
                                                // Gatehouse session's (BackchannelLogout), not
                                                // against a hash of an HTTP session.
                                                providers ->
                                                    providers.replaceAll(
                                                        p ->
                                                            BackchannelLogout.withoutHttpSessions(
                                                                p, clients, authorizations)))
                                            .logoutResponseHandler(
                                                (request, response, authentication) -> {
                                                  OidcLogoutAuthenticationToken logout =
                                                      (OidcLogoutAuthenticationToken)
                                                          authentication;
                                                  // Authenticated only when the hint's sub (and
                                                  // sid) are this browser's: the server checked.
                                                  if (logout.isPrincipalAuthenticated()
                                                      && !BackchannelLogout.sameSession(
                                                          logout, logoutTokens)) {
                                                    // The hint's sid is another session's.
                                                    response.sendRedirect(CONFIRM_LOGOUT);
                                                    return;
                                                  }
                                                  if (logout.isPrincipalAuthenticated()) {
                                                    browser.signOut(request, response);
                                                  }
                                                  response.sendRedirect(afterLogout(logout));
                                                })
                                            // Another user's hint, none or a bad one: ask the
                                            // user, as RP-Initiated Logout 1.0 says, and end
                                            // nothing until they confirm (a POST with CSRF).
                                            .errorResponseHandler(
                                                (request, response, refused) ->
                                                    response.sendRedirect(CONFIRM_LOGOUT)))))
        .authorizeHttpRequests(
            a -> a.requestMatchers(errorPage).permitAll().anyRequest().authenticated())
        // The browser's user comes from its Gatehouse session at every request (the filter
        // below); the provider keeps no security context of its own in the HTTP session.
        .securityContext(
            c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
        // Right after the context is set up, so that the logout endpoint's own check of the
        // id_token_hint against the browser's user runs (issue 93 finding 2).
        .addFilterAfter(
            new BrowserSessionFilter(browser, browserEndpoints, new SignInPrompt(store.clock())),
            SecurityContextHolderFilter.class)
        .exceptionHandling(
            e -> e.defaultAuthenticationEntryPointFor(new SignInEntryPoint(), browserEndpoints))
        .oauth2ResourceServer(r -> r.jwt(j -> j.decoder(decoder(keys, algorithms))));
    if (issuer.isBlank() && !gatehouse.config().production()) {
      // The issuer is then the request's address: a loopback one only, never a Host's choice.
      http.addFilterBefore(new DevelopmentIssuer(), DisableEncodeUrlFilter.class);
    }
    return http.build();
  }

  /**
   * An endpoint's POST requests at the root issuer and at every organisation's ({@code /o/{slug}}),
   * from the default settings' path: the provider's chain serves the latter only with {@link
   * OpenIdProvider#organizationIssuers()}.
   */
  private static RequestMatcher everyIssuers(
      java.util.function.Function<AuthorizationServerSettings, String> endpoint) {
    String path = endpoint.apply(AuthorizationServerSettings.builder().build());
    return new OrRequestMatcher(
        PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, path),
        PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/o/*" + path));
  }

  /**
   * An impersonation stays inside Gatehouse: the authorization request of a browser in which staff
   * act for the user is answered {@code access_denied} at the client's redirect URI (checked by
   * then), before any consent page or code, whichever the client and the issuer.
   */
  private static void notActing(OAuth2AuthorizationCodeRequestAuthenticationContext context) {
    OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
    if (request.getPrincipal() instanceof ProviderPrincipal user && user.acting()) {
      throw new OAuth2AuthorizationCodeRequestAuthenticationException(
          new OAuth2Error(
              OAuth2ErrorCodes.ACCESS_DENIED,
              "a session in which someone acts for the user authorizes nothing outside Gatehouse",
              null),
          request);
    }
  }

  /**
   * Whether the authorization request is shown the consent page: always with {@code prompt=consent}
   * ({@link SignInPrompt}); otherwise as Spring Authorization Server decides it, for a client that
   * asks for consent, unless only {@code openid} is asked or the user allowed every scope asked
   * before.
   */
  private static boolean consentRequired(OAuth2AuthorizationCodeRequestAuthenticationContext c) {
    if (SignInPrompt.consentAsked(c)) {
      return true;
    }
    if (!c.getRegisteredClient().getClientSettings().isRequireAuthorizationConsent()) {
      return false;
    }
    Set<String> asked = c.getAuthorizationRequest().getScopes();
    if (asked.equals(Set.of(OidcScopes.OPENID))) {
      return false;
    }
    return c.getAuthorizationConsent() == null
        || !c.getAuthorizationConsent().getScopes().containsAll(asked);
  }

  /**
   * An impersonation consents to nothing in the user's name: a consent posted from such a browser
   * is refused before it is saved.
   */
  private static void consentNotActing(OAuth2AuthorizationConsentAuthenticationContext context) {
    if (context.getAuthentication().getPrincipal() instanceof ProviderPrincipal user
        && user.acting()) {
      throw new OAuth2AuthenticationException(
          new OAuth2Error(
              OAuth2ErrorCodes.ACCESS_DENIED,
              "a session in which someone acts for the user consents to nothing",
              null));
    }
  }

  /**
   * At an organisation's issuer, the authorization request of a signed-in user who is not a member
   * is answered {@code access_denied} (a user not signed in yet is sent to sign in first).
   */
  private static void members(
      OAuth2AuthorizationCodeRequestAuthenticationContext context,
      StandardClaims.IssuerOrganization issuers) {
    OAuth2AuthorizationCodeRequestAuthenticationToken request = context.getAuthentication();
    if (!(request.getPrincipal() instanceof ProviderPrincipal user)) {
      return;
    }
    try {
      issuers.member(java.util.UUID.fromString(user.getName()));
    } catch (OAuth2AuthenticationException notAMember) {
      throw new OAuth2AuthorizationCodeRequestAuthenticationException(
          new OAuth2Error(
              OAuth2ErrorCodes.ACCESS_DENIED,
              "the user is not a member of the issuer's organisation",
              null),
          request);
    }
  }

  /**
   * The provider's expired authorizations and retired refresh tokens, deleted on the starter's one
   * cleanup schedule ({@code gatehouse.cleanup.*}).
   *
   * @param gatehouse the facade
   * @return the task the scheduled cleanup runs
   */
  @Bean
  CleanupTask gatehouseOpenIdProviderCleanup(Gatehouse gatehouse) {
    OpenIdClients clients = gatehouse.feature(OpenIdClients.class);
    return clients::cleanup;
  }

  /** The access tokens' decoder at userinfo: the ring's keys, with their own algorithms. */
  private static JwtDecoder decoder(JWKSource<SecurityContext> keys, Set<String> algorithms) {
    Set<JWSAlgorithm> accepted = new LinkedHashSet<>();
    algorithms.forEach(a -> accepted.add(JWSAlgorithm.parse(a)));
    return NimbusJwtDecoder.withJwkSource(keys)
        .jwtProcessorCustomizer(
            p -> p.setJWSKeySelector(new JWSVerificationKeySelector<>(accepted, keys)))
        .build();
  }

  /**
   * Gatehouse's key ring's public keys, the provider's only key source; an HMAC ring has none to
   * publish, and the provider refuses to start on it.
   */
  private static JWKSource<SecurityContext> keyRing(Gatehouse gatehouse) {
    try {
      JWKSet set = JWKSet.parse(gatehouse.publicJwks());
      if (set.getKeys().isEmpty()) {
        throw new IllegalStateException(
            "the OpenID provider signs with Gatehouse's key ring, which has no public key (HS256):"
                + " configure an ES256, RS256 or EdDSA key (gatehouse.jwt.*)");
      }
      return new ImmutableJWKSet<>(set);
    } catch (ParseException e) {
      throw new IllegalStateException("Gatehouse's public key set does not parse", e);
    }
  }

  private static String afterLogout(OidcLogoutAuthenticationToken logout) {
    if (logout.getPostLogoutRedirectUri() == null) {
      return "/login/?signed-out";
    }
    UriComponentsBuilder target =
        UriComponentsBuilder.fromUriString(logout.getPostLogoutRedirectUri());
    Optional.ofNullable(logout.getState()).ifPresent(s -> target.queryParam("state", s));
    return target.encode().build().toUriString();
  }
}
