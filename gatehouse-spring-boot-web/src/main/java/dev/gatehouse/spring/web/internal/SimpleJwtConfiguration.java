package dev.gatehouse.spring.web.internal;

import dev.gatehouse.spring.web.config.GatehouseHttpProperties;
import dev.gatehouse.spring.web.internal.simplejwt.SimpleJwtController;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * simplejwt's token views and, when no contract is served ({@code gatehouse.http.enabled} off), the
 * exception resolver that answers their errors as DRF does; with a contract, the contract's
 * resolver answers them. Imported by the public auto-configuration when {@code
 * gatehouse.http.simplejwt.enabled=true}.
 */
@Configuration(proxyBeanMethods = false)
@Import(SimpleJwtController.class)
public class SimpleJwtConfiguration {
  /** Created by Spring. */
  public SimpleJwtConfiguration() {}

  /**
   * @return the resolver answering the views' errors, for the views' handler methods only
   */
  @Bean
  @ConditionalOnMissingBean(ContractExceptionResolver.class)
  ContractExceptionResolver gatehouseSimpleJwtExceptionResolver() {
    return new ContractExceptionResolver(null, GatehouseHttpProperties.CONTRACT_GATEHOUSE);
  }
}
