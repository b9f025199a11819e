package dev.gatehouse.spring.boot.test;

import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.testing.InMemoryAuthStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * What {@link AutoConfigureGatehouseTest} adds to a test slice without a database ({@code
 * WebMvcTest}): Gatehouse's auto-configuration (listed beside this class in {@code
 * META-INF/spring/dev.gatehouse.spring.boot.test.AutoConfigureGatehouseTest.imports}) runs on an
 * in-memory store, so the slice has the real {@code Gatehouse}, its access tokens, the web module's
 * decoder and security chain, and {@link GatehouseTestUsers}. In a test with a database (the JPA
 * store exists, being configured first) it backs off.
 */
@AutoConfiguration(
    afterName = "dev.gatehouse.spring.boot.GatehouseAutoConfiguration",
    beforeName = "dev.gatehouse.spring.web.GatehouseSecurityAutoConfiguration")
class GatehouseSliceAutoConfiguration {

  /**
   * @return the store of a slice without a database
   */
  @Bean
  @ConditionalOnMissingBean(AuthStore.class)
  InMemoryAuthStore gatehouseInMemoryStore() {
    return new InMemoryAuthStore();
  }
}
