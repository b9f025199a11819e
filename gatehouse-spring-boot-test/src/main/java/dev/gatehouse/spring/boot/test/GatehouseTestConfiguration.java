package dev.gatehouse.spring.boot.test;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.spring.boot.GatehouseBuilderCustomizer;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.CapturingSmsSender;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * What {@link AutoConfigureGatehouseTest} imports. The capturing senders are {@code @Primary}, so
 * the starter gives them to the builder instead of a host's own provider beans: nothing a test does
 * reaches a real provider. The customizer sets the delivery executor, which a host's customizer
 * then must not set too (a builder setter runs once).
 */
@Configuration(proxyBeanMethods = false)
public class GatehouseTestConfiguration {

  /** Created by Spring from {@link AutoConfigureGatehouseTest}. */
  public GatehouseTestConfiguration() {}

  /**
   * @return the SMS provider that keeps every message (read them with {@code sent()} or {@code
   *     lastTo(number)})
   */
  @Bean
  @Primary
  public CapturingSmsSender gatehouseCapturingSmsSender() {
    return new CapturingSmsSender();
  }

  /**
   * @return the email provider that keeps every message
   */
  @Bean
  @Primary
  public CapturingEmailSender gatehouseCapturingEmailSender() {
    return new CapturingEmailSender();
  }

  /**
   * Sends on the thread that committed, right after the commit: when a call that sends a message
   * returns, the message is in the capturing sender (which the starter chose, being primary).
   *
   * @return the customizer, applied after every other
   */
  @Bean
  @Order(Ordered.LOWEST_PRECEDENCE)
  public GatehouseBuilderCustomizer gatehouseTestDelivery() {
    return builder -> builder.deliveryExecutor(Runnable::run);
  }

  /**
   * @param gatehouse the facade
   * @param store the store Gatehouse runs on
   * @return the test users
   */
  @Bean
  public GatehouseTestUsers gatehouseTestUsers(Gatehouse gatehouse, AuthStore store) {
    return new GatehouseTestUsers(gatehouse, store);
  }
}
