package dev.gatehouse.spring.web.internal;

import dev.gatehouse.core.Gatehouse;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * The contract's beans: its controllers, the exception resolver that answers with problem details,
 * and CORS. Imported by the public auto-configuration when {@code gatehouse.http.enabled=true}.
 */
@Configuration(proxyBeanMethods = false)
@Import({
  AccountController.class,
  SessionController.class,
  OtpController.class,
  MfaController.class,
  PasskeyController.class,
  SocialController.class,
  JwksController.class,
  OpenApiController.class
})
public class ContractConfiguration {
  /**
   * @param gatehouse the facade
   * @param decoder the access-token decoder
   * @return what the controllers share
   */
  @Bean
  ContractSupport gatehouseContractSupport(Gatehouse gatehouse, JwtDecoder decoder) {
    return new ContractSupport(gatehouse, decoder);
  }

  /**
   * @param paths the contract's paths
   * @return the resolver answering every contract error with problem details
   */
  @Bean
  ContractExceptionResolver gatehouseContractExceptionResolver(ContractPaths paths) {
    return new ContractExceptionResolver(paths);
  }
}
