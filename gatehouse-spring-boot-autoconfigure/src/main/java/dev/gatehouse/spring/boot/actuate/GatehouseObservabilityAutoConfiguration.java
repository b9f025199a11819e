package dev.gatehouse.spring.boot.actuate;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.migration.LegacySyncStatus;
import dev.gatehouse.core.observe.GatehouseObserver;
import dev.gatehouse.jpa.GatehouseJpa;
import dev.gatehouse.spring.boot.GatehouseAutoConfiguration;
import dev.gatehouse.spring.boot.GatehouseBuilderCustomizer;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.EntityManagerFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Observability of the {@link Gatehouse} bean.
 *
 * <ul>
 *   <li>Every {@link GatehouseObserver} bean is registered with the Gatehouse builder, in
 *       {@code @Order}.
 *   <li>With Micrometer and a {@link MeterRegistry} bean (Spring Boot actuator), the {@code
 *       gatehouse.*} meters: {@code gatehouse.logins} (tags {@code outcome}, {@code reason}, {@code
 *       method}), {@code gatehouse.lockouts}, {@code gatehouse.refresh.reuse}, {@code
 *       gatehouse.codes.sent} ({@code channel}, {@code provider}), {@code gatehouse.deliveries}
 *       ({@code channel}, {@code provider}, {@code outcome}; a timer of the provider call), and the
 *       timers {@code gatehouse.password.hashing} and {@code gatehouse.password.hashing.queue}.
 *       Every tag has a bounded set of values; none is a user id, an address or a code. With {@code
 *       auth-admin} on the class path, today's statistics as gauges, read at most once a minute
 *       ({@code gatehouse.statistics.*}, {@link StatisticsGauges}).
 *   <li>With Micrometer Observation and an {@code ObservationRegistry} bean (Spring Boot actuator),
 *       an observation per operation ({@link GatehouseObservations}): {@code gatehouse.sign-in}
 *       ({@code method}, {@code step}, {@code provider}), {@code gatehouse.refresh}, {@code
 *       gatehouse.code.request} ({@code channel}, {@code purpose}), {@code gatehouse.delivery}
 *       ({@code channel}, {@code purpose}, {@code provider}), each with {@code outcome} and {@code
 *       reason}; a span in the host's tracing and a timer in its meter registry.
 *   <li>With Spring Boot's health support, the {@code gatehouse} health component (turned off with
 *       {@code management.health.gatehouse.enabled=false}): DOWN when a Gatehouse table cannot be
 *       read or the signing key cannot sign and verify a throwaway token; the providers' names and
 *       the outbox backlog (messages waiting, the oldest one's age) as details.
 * </ul>
 */
@AutoConfiguration(
    after = GatehouseAutoConfiguration.class,
    afterName = {
      "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
      "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
      "org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration"
    })
@ConditionalOnClass(Gatehouse.class)
public class GatehouseObservabilityAutoConfiguration {

  /** Created by Spring Boot from the auto-configuration imports. */
  public GatehouseObservabilityAutoConfiguration() {}

  /**
   * @param observers every observer bean
   * @return the customizer registering them with the Gatehouse builder
   */
  @Bean
  GatehouseBuilderCustomizer gatehouseObservers(ObjectProvider<GatehouseObserver> observers) {
    return builder -> observers.orderedStream().forEach(builder::observer);
  }

  /** The {@code gatehouse.*} meters, when the host has a meter registry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  @ConditionalOnBean(MeterRegistry.class)
  static class MetricsConfiguration {
    /**
     * @param registry the host's meter registry
     * @return the listener and observer recording the meters
     */
    @Bean
    @ConditionalOnMissingBean
    GatehouseMetrics gatehouseMetrics(MeterRegistry registry) {
      return new GatehouseMetrics(registry);
    }
  }

  /**
   * Today's statistics as gauges ({@link StatisticsGauges}), when the host has a meter registry and
   * {@code auth-admin} is on the class path.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = {"io.micrometer.core.instrument.MeterRegistry", "dev.gatehouse.admin.AdminStatistics"})
  @ConditionalOnBean({MeterRegistry.class, Gatehouse.class})
  static class StatisticsGaugesConfiguration {
    /**
     * @param gatehouse the facade, with {@code auth-admin} installed
     * @param registry the host's meter registry
     * @return the gauges' shared source
     */
    @Bean
    @ConditionalOnMissingBean
    StatisticsGauges gatehouseStatisticsGauges(Gatehouse gatehouse, MeterRegistry registry) {
      return StatisticsGauges.register(
          gatehouse.feature(dev.gatehouse.admin.AdminStatistics.class),
          gatehouse.config().clock(),
          registry);
    }
  }

  /** The operations as observations, when the host has an observation registry. */
  /**
   * The cut-over by cohort's signals as gauges ({@link CohortGauges}), when the host has a meter
   * registry and installed {@code auth-cohorts}; with the sync's when it has a {@code
   * LegacySyncStatus} bean ({@code auth-import}'s {@code LegacySync}).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(
      name = {"io.micrometer.core.instrument.MeterRegistry", "dev.gatehouse.cohorts.CohortSignals"})
  @ConditionalOnBean({MeterRegistry.class, Gatehouse.class})
  static class CohortGaugesConfiguration {
    /**
     * @param gatehouse the facade
     * @param registry the host's meter registry
     * @param context the application context, asked for a {@code LegacySyncStatus} bean
     * @return the gauges (none registered when the module is not installed)
     */
    @Bean
    @ConditionalOnMissingBean
    CohortGauges gatehouseCohortGauges(
        Gatehouse gatehouse, MeterRegistry registry, ApplicationContext context) {
      return CohortGauges.register(
          gatehouse.findFeature(dev.gatehouse.cohorts.CohortSignals.class).orElse(null),
          SyncBeans.reading(context),
          gatehouse.config().clock(),
          registry);
    }
  }

  /** The host's sync from the legacy system ({@code auth-import}'s {@code LegacySync}), if one. */
  static final class SyncBeans {
    private SyncBeans() {}

    static java.util.function.@Nullable Supplier<LegacySyncStatus.Reading> reading(
        ApplicationContext context) {
      LegacySyncStatus sync = context.getBeanProvider(LegacySyncStatus.class).getIfUnique();
      return sync == null ? null : sync::reading;
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.observation.ObservationRegistry")
  @ConditionalOnBean(type = "io.micrometer.observation.ObservationRegistry")
  static class ObservationConfiguration {
    /**
     * @param registry the host's observation registry
     * @return the observer turning operations into observations
     */
    @Bean
    @ConditionalOnMissingBean
    GatehouseObservations gatehouseObservations(
        io.micrometer.observation.ObservationRegistry registry) {
      return new GatehouseObservations(registry);
    }
  }

  /** The {@code gatehouse} health component, when the host has Spring Boot's health support. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  @ConditionalOnBean({Gatehouse.class, EntityManagerFactory.class, EntityClasses.class})
  @ConditionalOnProperty(
      name = "management.health.gatehouse.enabled",
      havingValue = "true",
      matchIfMissing = true)
  static class HealthConfiguration {
    /**
     * @param gatehouse the facade
     * @param emf the entity manager factory Gatehouse's tables are mapped in
     * @param entities the host's entity classes
     * @param context the application context, asked for a {@code LegacySyncStatus} bean
     * @return the indicator, named {@code gatehouse}
     */
    @Bean
    @ConditionalOnMissingBean(name = "gatehouseHealthIndicator")
    HealthIndicator gatehouseHealthIndicator(
        Gatehouse gatehouse,
        EntityManagerFactory emf,
        EntityClasses entities,
        ApplicationContext context) {
      return new GatehouseHealthIndicator(
          gatehouse, emf, entities.all(), GatehouseJpa.libraryTables(), SyncBeans.reading(context));
    }
  }
}
