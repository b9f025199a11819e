package dev.gatehouse.spring.boot;

import dev.gatehouse.core.Gatehouse;

/**
 * Adjusts the {@link Gatehouse.Builder} before the starter builds the {@link Gatehouse} bean, for
 * what has no bean or property of its own (a delivery executor, {@code dispatchDeliveries(false)}
 * on web nodes, a legacy authenticator built from other beans).
 *
 * <pre>{@code
 * @Bean
 * GatehouseBuilderCustomizer workerNodeSends() {
 *   return builder -> builder.dispatchDeliveries(false);
 * }
 * }</pre>
 *
 * <p>Every customizer bean is applied, in {@code @Order}, after the starter has set the senders,
 * templates, signing keys and listeners it found. A customizer sets what the starter did not: each
 * setter of one value runs once, so setting one the starter already set from a bean throws {@link
 * IllegalStateException} at start-up instead of silently replacing it (declare the bean you want,
 * {@code @Primary} when there are several). Called once, at start-up, on the thread that creates
 * the bean.
 */
@FunctionalInterface
public interface GatehouseBuilderCustomizer {

  /**
   * @param builder the builder the starter is about to build
   */
  void customize(Gatehouse.Builder builder);
}
