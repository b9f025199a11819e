package dev.gatehouse.spring.web;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.spring.web.browser.SignedInBrowser;
import dev.gatehouse.spring.web.config.GatehouseHttpProperties;
import dev.gatehouse.spring.web.internal.shared.ContractCors;
import dev.gatehouse.spring.web.internal.shared.ForwardedHeaderCheck;
import dev.gatehouse.spring.web.token.GatehouseJwtDecoder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Spring Security for Gatehouse's access tokens: a {@link JwtDecoder} ({@link
 * GatehouseJwtDecoder}), a {@link JwtAuthenticationConverter} reading {@code roles} and {@code
 * scope} ({@link GatehouseAuthoritiesConverter}), and, unless the host declares its own {@link
 * SecurityFilterChain}, a default chain: stateless, no CSRF for bearer tokens (a browser signed in
 * through the pages reaches the host's routes by its cookie, with CSRF: {@link
 * GatehouseHttpSecurity}), the contract's routes and the JWKS open (each contract route that needs
 * a caller checks the token itself), every other request authenticated by a bearer token, 401 with
 * {@code WWW-Authenticate: Bearer} and a problem body.
 *
 * <p>A host's own chain gets the same decoder and authorities with {@code
 * http.oauth2ResourceServer(o -> o.jwt(Customizer.withDefaults()))}, or every setting of the
 * default chain with the {@link GatehouseHttpSecurity} bean (to keep it beside a chain for other
 * paths).
 */
@AutoConfiguration(
    afterName = "dev.gatehouse.spring.boot.GatehouseAutoConfiguration",
    beforeName = {
      "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
      "org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerAutoConfiguration",
      "org.springframework.boot.security.oauth2.server.resource.autoconfigure.web.OAuth2ResourceServerWebSecurityAutoConfiguration"
    })
@ConditionalOnClass({JwtDecoder.class, Gatehouse.class})
@ConditionalOnBean(Gatehouse.class)
@EnableConfigurationProperties(GatehouseHttpProperties.class)
public class GatehouseSecurityAutoConfiguration {
  /** Created by Spring. */
  public GatehouseSecurityAutoConfiguration() {}

  /**
   * @param gatehouse the facade
   * @param properties {@code gatehouse.http.*}
   * @return the decoder of Gatehouse's access tokens
   */
  @Bean
  @ConditionalOnMissingBean(JwtDecoder.class)
  public GatehouseJwtDecoder gatehouseJwtDecoder(
      Gatehouse gatehouse, GatehouseHttpProperties properties) {
    return new GatehouseJwtDecoder(gatehouse, properties.isCheckSession());
  }

  /**
   * @return the converter from a token to an authentication with its roles and scopes
   */
  @Bean
  @ConditionalOnMissingBean(JwtAuthenticationConverter.class)
  public JwtAuthenticationConverter gatehouseJwtAuthenticationConverter() {
    return GatehouseAuthoritiesConverter.jwtAuthenticationConverter();
  }

  /**
   * Tells Gatehouse of requests that still carry a forwarded header (see {@link
   * ForwardedHeaderCheck}): one WARN and a health detail when they come from a local proxy the host
   * does not trust, whose clients would otherwise all count as one network.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  public static class ForwardedHeaders {
    /** Created by Spring. */
    public ForwardedHeaders() {}

    /**
     * @param gatehouse the facade
     * @return the servlet filter
     */
    @Bean
    ForwardedHeaderCheck gatehouseForwardedHeaderCheck(Gatehouse gatehouse) {
      return new ForwardedHeaderCheck(gatehouse);
    }
  }

  /** The default filter chain, for servlet applications without one of their own. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(HttpSecurity.class)
  @EnableWebSecurity
  public static class DefaultFilterChain {
    /** Created by Spring. */
    public DefaultFilterChain() {}

    /**
     * @param gatehouse the facade, whose modules may declare header credentials
     * @param properties {@code gatehouse.http.*}
     * @param decoder the token decoder
     * @param converter the authentication converter
     * @param cors the contract's CORS, when the contract is served
     * @param browser the browser's sign-in for the host's routes, when the pages provide one
     * @param environment where actuator's paths are configured
     * @return the default chain's settings, for a host's chain too
     */
    @Bean
    @ConditionalOnMissingBean(GatehouseHttpSecurity.class)
    GatehouseHttpSecurity gatehouseHttpSecurity(
        Gatehouse gatehouse,
        GatehouseHttpProperties properties,
        JwtDecoder decoder,
        JwtAuthenticationConverter converter,
        ObjectProvider<ContractCors> cors,
        ObjectProvider<SignedInBrowser> browser,
        org.springframework.core.env.Environment environment) {
      return new GatehouseHttpSecurity(
          gatehouse,
          properties,
          decoder,
          converter,
          cors.getIfAvailable(),
          GatehouseHttpSecurity.actuatorHealthPaths(environment),
          browser.getIfAvailable());
    }

    /**
     * @param http the builder
     * @param settings the default chain's settings
     * @return the chain
     * @throws Exception when Spring Security refuses the configuration
     */
    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    SecurityFilterChain gatehouseSecurityFilterChain(
        HttpSecurity http, GatehouseHttpSecurity settings) throws Exception {
      settings.applyTo(http);
      return http.build();
    }
  }
}
