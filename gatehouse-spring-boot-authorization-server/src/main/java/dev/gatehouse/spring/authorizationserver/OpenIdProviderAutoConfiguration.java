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
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.authentication.ClientSecretAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcLogoutAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.preauth.AbstractPreAuthenticatedProcessingFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Serves Gatehouse as an OpenID provider with Spring Authorization Server, when this module is on a
 * Spring Boot host's class path beside the starter and the pages: the authorization code with PKCE,
 * refresh tokens (public clients' too, rotated, reuse revoking the authorization), client
 * credentials, OpenID Connect discovery ({@code /.well-known/openid-configuration}), the key set
 * ({@code /oauth2/jwks}, Gatehouse's own), userinfo ({@code /userinfo}), token revocation and
 * introspection, and RP-initiated logout ({@code /connect/logout}).
 *
 * <p>The user signs in at the authorization endpoint through Gatehouse's pages, by any method they
 * offer; first-party clients ask no consent, third-party ones do. The clients, authorizations and
 * consents are the module's tables ({@link OpenIdProvider#CHANGELOG}); the tokens are signed by
 * Gatehouse's key ring, which must be asymmetric (ES256, RS256 or EdDSA). The issuer is {@code
 * gatehouse.openid-provider.issuer}, required in production ({@code gatehouse.environment}); in
 * development the request's own address when unset. The host adds claims with {@code
 * OAuth2TokenCustomizer<JwtEncodingContext>} beans. {@code gatehouse.openid-provider.enabled=false}
 * turns the provider off with the module on the class path. The expired authorizations are deleted
 * on the starter's cleanup schedule ({@link CleanupTask}).
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
public class OpenIdProviderAutoConfiguration {
  /** The provider's chain's place: before the pages' and the host's. */
  static final int ORDER = 0;

  /** Built by Spring Boot. */
  public OpenIdProviderAutoConfiguration() {}

  /**
   * The provider's endpoints, in a filter chain of their own.
   *
   * @param http the chain's builder
   * @param gatehouse the facade: its key ring, accounts and store
   * @param browser the pages' sign-in of the browser
   * @param properties {@code gatehouse.openid-provider.*}: the issuer
   * @param hostClaims the host's token customizers
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
      ObjectProvider<OAuth2TokenCustomizer<JwtEncodingContext>> hostClaims)
      throws Exception {
    String issuer = properties.getIssuer();
    if (issuer.isBlank() && gatehouse.config().production()) {
      throw new ConfigurationException(
          "gatehouse.openid-provider.issuer is required in production (gatehouse.environment):"
              + " the provider's public address, e.g. https://accounts.example.com, which every"
              + " token and the discovery document name; unset, it would be whatever address a"
              + " request came to");
    }
    ProviderStore store = gatehouse.feature(ProviderStore.class);
    GatehouseRegisteredClients clients = new GatehouseRegisteredClients(store);
    JWKSource<SecurityContext> keys = keyRing(gatehouse);
    StandardClaims claims = new StandardClaims(gatehouse, hostClaims);
    JwtGenerator jwts = new JwtGenerator(new KeyRingJwtEncoder(gatehouse));
    jwts.setJwtCustomizer(claims);
    AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder();
    if (!issuer.isBlank()) {
      settings.issuer(issuer);
    }
    Set<String> algorithms = new LinkedHashSet<>();
    JWKSet.parse(gatehouse.publicJwks())
        .getKeys()
        .forEach(k -> algorithms.add(k.getAlgorithm().getName()));
    OAuth2AuthorizationServerConfigurer server = new OAuth2AuthorizationServerConfigurer();
    RequestMatcher browserEndpoints =
        new OrRequestMatcher(
            PathPatternRequestMatcher.withDefaults().matcher("/oauth2/authorize"),
            PathPatternRequestMatcher.withDefaults().matcher("/connect/logout"));
    http.setSharedObject(JWKSource.class, keys);
    http.securityMatcher(server.getEndpointsMatcher())
        .with(
            server,
            s ->
                s.registeredClientRepository(clients)
                    .authorizationService(new GatehouseAuthorizations(store, clients))
                    .authorizationConsentService(new GatehouseConsents(store))
                    .authorizationServerSettings(settings.build())
                    .tokenGenerator(
                        new DelegatingOAuth2TokenGenerator(
                            jwts, new PublicClientRefresh.Tokens(store.clock())))
                    .clientAuthentication(
                        c ->
                            c.authenticationConverter(new PublicClientRefresh.Converter())
                                .authenticationProvider(new PublicClientRefresh.Provider(clients))
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
                    .oidc(
                        o ->
                            o.userInfoEndpoint(u -> u.userInfoMapper(claims))
                                .providerConfigurationEndpoint(
                                    p ->
                                        p.providerConfigurationCustomizer(
                                            m ->
                                                m.idTokenSigningAlgorithms(
                                                    l -> {
                                                      l.clear();
                                                      l.addAll(algorithms);
                                                    })))
                                .logoutEndpoint(
                                    l ->
                                        l.logoutResponseHandler(
                                            (request, response, authentication) -> {
                                              browser.signOut(request, response);
                                              response.sendRedirect(
                                                  afterLogout(
                                                      (OidcLogoutAuthenticationToken)
                                                          authentication));
                                            }))))
        .authorizeHttpRequests(a -> a.anyRequest().authenticated())
        // The browser's user comes from its Gatehouse session at every request (the filter
        // below); the provider keeps no security context of its own in the HTTP session.
        .securityContext(
            c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
        .addFilterBefore(
            new BrowserSessionFilter(browser, browserEndpoints),
            AbstractPreAuthenticatedProcessingFilter.class)
        .exceptionHandling(
            e ->
                e.defaultAuthenticationEntryPointFor(
                    new LoginUrlAuthenticationEntryPoint("/login/"), browserEndpoints))
        .oauth2ResourceServer(r -> r.jwt(j -> j.decoder(decoder(keys, algorithms))));
    return http.build();
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
