package dev.gatehouse.examples;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.spring.authorizationserver.OpenIdClient;
import dev.gatehouse.spring.authorizationserver.OpenIdClients;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The example as an OpenID provider ({@code gatehouse-spring-boot-authorization-server} on its
 * class path, the provider's tables in its changelog): when {@code example.openid-client.id} and
 * {@code example.openid-client.redirect-uri} name one, a first-party public client is registered at
 * start-up, before the server takes requests, unless it is registered already. This is how {@code
 * benchmarks/provider-side-by-side.sh} gets its relying party; a deployment registers its clients
 * through {@link OpenIdClients}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("example.openid-client.id")
class OpenIdRelyingParty {

  /**
   * @param gatehouse the facade, whose {@link OpenIdClients} feature keeps the client
   * @param id the client's id
   * @param redirectUri where the client receives its codes
   * @return the registration, run once every bean is ready
   */
  @Bean
  SmartInitializingSingleton registerOpenIdClient(
      Gatehouse gatehouse,
      @Value("${example.openid-client.id}") String id,
      @Value("${example.openid-client.redirect-uri}") String redirectUri) {
    return () -> {
      OpenIdClients clients = gatehouse.feature(OpenIdClients.class);
      if (clients.find(id).isEmpty()) {
        clients.register(
            new OpenIdClient(
                id,
                "The example's relying party",
                OpenIdClient.Kind.PUBLIC,
                true,
                List.of(redirectUri),
                List.of(),
                Set.of("openid", "email", "profile")));
      }
    };
  }
}
