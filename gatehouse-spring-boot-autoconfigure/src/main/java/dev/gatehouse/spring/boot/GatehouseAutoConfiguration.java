package dev.gatehouse.spring.boot;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.GatehouseModule;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.event.AuthEvent.AuthEventListener;
import dev.gatehouse.core.migration.LegacyAccountResolver;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.token.AccessTokenCustomizer;
import dev.gatehouse.core.token.SigningKeys;
import dev.gatehouse.email.EmailRenderer;
import dev.gatehouse.email.EmailSender;
import dev.gatehouse.email.EmailTemplates;
import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.jpa.HostTransactions;
import dev.gatehouse.jpa.JpaAuthStore;
import dev.gatehouse.legacy.LegacyAuthenticator;
import dev.gatehouse.legacy.LegacyCredentials;
import dev.gatehouse.legacy.LegacyCutOver;
import dev.gatehouse.legacy.LegacyWriteBack;
import dev.gatehouse.sms.SmsSender;
import dev.gatehouse.sms.SmsTemplates;
import dev.gatehouse.social.SocialProvider;
import dev.gatehouse.social.SocialSignIn;
import jakarta.persistence.EntityManagerFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.cfg.AvailableSettings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.hibernate.autoconfigure.HibernatePropertiesCustomizer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.orm.jpa.persistenceunit.PersistenceManagedTypes;

/**
 * Auto-configuration of Gatehouse on Spring Boot's own {@code DataSource}, {@code
 * EntityManagerFactory}, Liquibase run and transaction manager.
 *
 * <p>A host declares its six entity subclasses (found by Spring Boot's entity scan), includes
 * {@value GatehouseMigrations#LIBRARY_CHANGELOG} from its changelog with one {@code <include
 * file="dev/gatehouse/jpa/changelog/gatehouse.changelog.xml"/>}, and sets {@code gatehouse.*}
 * properties ({@link GatehouseProperties}). The starter then:
 *
 * <ul>
 *   <li>adds the library's own entities to the persistence unit (no {@code @EntityScan} needed) and
 *       stores instants in UTC ({@code hibernate.jdbc.time_zone});
 *   <li>passes the {@code gatehouse.table.*} changelog parameters, derived from the entities'
 *       {@code @Table} names, to Spring Boot's Liquibase run, after checking the changelog tree
 *       with {@link dev.gatehouse.jpa.MigrationClasspathCheck};
 *   <li>builds {@link GatehouseConfig} from the environment, a {@link JpaAuthStore} that joins
 *       Spring-managed transactions (Gatehouse's writes commit or roll back with the host's; its
 *       events and emails follow the commit), and the {@link Gatehouse} bean, with the {@link
 *       SmsSender}, {@link EmailSender}, templates, {@link SigningKeys}, {@link AuthEventListener}s
 *       and {@link GatehouseBuilderCustomizer}s found in the context;
 *   <li>sends email through Spring's {@link JavaMailSender} when {@code spring.mail.host} is set
 *       and no {@link EmailSender} bean exists;
 *   <li>republishes auth events as Spring application events (and actuator audit events when an
 *       audit repository exists), and schedules the cleanup ({@link GatehouseProperties.Cleanup}).
 * </ul>
 *
 * <p>Every bean backs off when the host declares its own of the same type. Without an {@code
 * EntityManagerFactory} (a test slice such as {@code @WebMvcTest}) there is no JPA store: the
 * {@link Gatehouse} bean then runs on the host's own {@link AuthStore} bean (the in-memory store of
 * {@code gatehouse-spring-boot-test}).
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
      "org.springframework.boot.liquibase.autoconfigure.LiquibaseAutoConfiguration",
      "org.springframework.boot.mail.autoconfigure.MailSenderAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.audit.AuditAutoConfiguration"
    })
@ConditionalOnClass({EntityManagerFactory.class, JpaAuthStore.class})
@EnableConfigurationProperties(GatehouseProperties.class)
@ImportRuntimeHints(GatehouseRuntimeHints.class)
public class GatehouseAutoConfiguration {

  /** Created by Spring Boot from the auto-configuration imports. */
  public GatehouseAutoConfiguration() {}

  /**
   * @param entities the host's entities, looked up when Liquibase is about to run
   * @param config Gatehouse's configuration, read (and so checked) before Liquibase runs
   * @param environment the host's environment ({@code spring.liquibase.parameters.*})
   * @return the post-processor preparing Spring Boot's Liquibase run
   */
  @Bean
  @ConditionalOnClass(name = "liquibase.integration.spring.SpringLiquibase")
  static BeanPostProcessor gatehouseLiquibaseParameters(
      ObjectProvider<EntityClasses> entities,
      ObjectProvider<GatehouseConfig> config,
      Environment environment) {
    return new LiquibaseParameters(entities, config, environment);
  }

  /**
   * @return the customizer storing instants in UTC
   */
  @Bean
  HibernatePropertiesCustomizer gatehouseUtcTimeZone() {
    return properties -> {
      Object zone = properties.putIfAbsent(AvailableSettings.JDBC_TIME_ZONE, "UTC");
      if (zone != null && !"UTC".equals(String.valueOf(zone))) {
        throw new ConfigurationException(
            "spring.jpa.properties.hibernate.jdbc.time_zone is "
                + zone
                + ", but Gatehouse stores instants in UTC; remove the property or set it to UTC");
      }
    };
  }

  /**
   * @param types Spring Boot's managed types (from the entity scan)
   * @return the host's six entity classes
   */
  @Bean
  @ConditionalOnBean(EntityManagerFactory.class)
  @ConditionalOnMissingBean
  EntityClasses gatehouseEntityClasses(PersistenceManagedTypes types) {
    return GatehouseEntities.find(types, GatehouseAutoConfiguration.class.getClassLoader());
  }

  /**
   * @param environment the host's environment
   * @param clock the host's clock bean, if it has exactly one
   * @return the configuration read from {@code gatehouse.*}
   */
  @Bean
  @ConditionalOnMissingBean
  GatehouseConfig gatehouseConfig(Environment environment, ObjectProvider<Clock> clock) {
    return SpringGatehouseConfig.read(environment, clock.getIfUnique());
  }

  /**
   * @param emf Spring Boot's entity manager factory
   * @return the strategy joining Spring-managed transactions
   */
  @Bean
  @ConditionalOnBean(EntityManagerFactory.class)
  @ConditionalOnMissingBean
  HostTransactions gatehouseHostTransactions(EntityManagerFactory emf) {
    return new SpringHostTransactions(emf);
  }

  /**
   * @param emf Spring Boot's entity manager factory
   * @param entities the host's entities
   * @param transactions how to join the host's transactions
   * @return the store
   */
  @Bean
  @ConditionalOnBean(EntityManagerFactory.class)
  @ConditionalOnMissingBean
  AuthStore gatehouseStore(
      EntityManagerFactory emf, EntityClasses entities, HostTransactions transactions) {
    return new JpaAuthStore(emf, entities, transactions);
  }

  /**
   * The facade, from the host's beans, with every {@link GatehouseModule} on the class path
   * installed (found through {@link ServiceLoader}: {@code auth-passkeys} comes with the starter).
   * A module bean of the host's is installed in place of the class path's module of the same name:
   * the way a host builds a module with its own choices ({@code Organizations.builder()...}).
   *
   * @param config the configuration
   * @param store the store
   * @param properties the starter's properties (signing keys)
   * @param signingKeys a host's own key ring, if any
   * @param smsSender a host's SMS provider, if any
   * @param emailSender a host's (or the starter's JavaMail) email provider, if any
   * @param smsTemplates a host's SMS texts, if any
   * @param emailTemplates a host's email texts, if any
   * @param emailRenderer the renderer of emails (Thymeleaf, or a host's), if any
   * @param passwordHashing a host's password hashing, if any
   * @param legacyAccounts which account a legacy user became, if the host carries sessions over
   * @param listeners every auth event listener bean
   * @param accessTokenCustomizer a host's access-token claims, if any (a builder customizer may
   *     still replace it)
   * @param customizers every builder customizer bean
   * @param modules the host's module beans, each installed instead of its class path namesake
   * @param environment the host's environment: where the signing keys were set
   * @param resources the application's resource loader, whose class loader (the application's, as
   *     Spring Boot's own lookups use it) lists the modules on the class path
   * @return the facade, closed with the context
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  Gatehouse gatehouse(
      GatehouseConfig config,
      AuthStore store,
      GatehouseProperties properties,
      ObjectProvider<SigningKeys> signingKeys,
      ObjectProvider<SmsSender> smsSender,
      ObjectProvider<EmailSender> emailSender,
      ObjectProvider<SmsTemplates> smsTemplates,
      ObjectProvider<EmailTemplates> emailTemplates,
      ObjectProvider<EmailRenderer> emailRenderer,
      ObjectProvider<PasswordHashing> passwordHashing,
      ObjectProvider<LegacyAccountResolver> legacyAccounts,
      ObjectProvider<AuthEventListener> listeners,
      ObjectProvider<AccessTokenCustomizer> accessTokenCustomizer,
      ObjectProvider<GatehouseBuilderCustomizer> customizers,
      ObjectProvider<GatehouseModule> modules,
      Environment environment,
      ResourceLoader resources) {
    // Refusals name the properties and beans a Spring host declares, not builder calls.
    Gatehouse.Builder builder =
        Gatehouse.builder(config, store).setupAdvice(new SpringSetupAdvice());
    SigningKeys keys = signingKeys.getIfUnique();
    if (keys != null && properties.getJwt().configured()) {
      throw new ConfigurationException(
          "signing keys are configured twice: a SigningKeys bean and gatehouse.jwt.*; keep one");
    }
    if (keys == null && properties.getJwt().configured()) {
      // Its refusals name gatehouse.jwt.kid to a host that wrote YAML, GATEHOUSE_JWT_KID to one
      // that set variables.
      keys =
          SigningKeys.fromEnvironment(
              properties.getJwt().asEnvironment(),
              SpringGatehouseConfig.signingKeyNames(environment));
    }
    if (keys != null) {
      builder.signingKeys(keys);
    }
    smsSender.ifUnique(builder::smsSender);
    emailSender.ifUnique(builder::emailSender);
    smsTemplates.ifUnique(builder::smsTemplates);
    emailTemplates.ifUnique(builder::emailTemplates);
    emailRenderer.ifUnique(builder::emailRenderer);
    passwordHashing.ifUnique(builder::passwordHashing);
    legacyAccounts.ifUnique(builder::legacyAccounts);
    listeners.orderedStream().forEach(builder::listener);
    accessTokenCustomizer.ifUnique(builder::accessTokenCustomizer);
    // Every Gatehouse module on the class path (auth-passkeys, with the starter), before the
    // customizers: what a module sets, a customizer cannot silently set again.
    List<GatehouseModule> hosts = modules.orderedStream().toList();
    Set<String> replaced =
        hosts.stream().map(GatehouseModule::name).collect(Collectors.toUnmodifiableSet());
    hosts.forEach(builder::install);
    // In any order: the builder builds each module after the modules its manifest requires.
    ClassLoader classPath = resources.getClassLoader();
    ServiceLoader.load(
            GatehouseModule.class,
            classPath == null ? GatehouseAutoConfiguration.class.getClassLoader() : classPath)
        .forEach(
            m -> {
              if (!replaced.contains(m.name())) {
                builder.install(m);
              }
            });
    customizers.orderedStream().forEach(c -> c.customize(builder));
    return builder.build();
  }

  /**
   * @param publisher the application context
   * @return the listener republishing auth events as application events
   */
  @Bean
  @ConditionalOnMissingBean(SpringEventPublisher.class)
  AuthEventListener gatehouseApplicationEvents(ApplicationEventPublisher publisher) {
    return new SpringEventPublisher(publisher);
  }

  /**
   * @param gatehouse the facade
   * @param properties the starter's properties
   * @param tasks the modules' and the host's deletions on the same schedule
   * @return the scheduled cleanup
   */
  @Bean
  @ConditionalOnProperty(
      name = "gatehouse.cleanup.enabled",
      havingValue = "true",
      matchIfMissing = true)
  ScheduledCleanup gatehouseCleanup(
      Gatehouse gatehouse, GatehouseProperties properties, ObjectProvider<CleanupTask> tasks) {
    return new ScheduledCleanup(
        gatehouse, properties.getCleanup().getInterval(), tasks.orderedStream().toList());
  }

  /** Email through Spring's {@link JavaMailSender}, when Spring Boot configured one. */
  /**
   * Social sign-in ({@code auth-social}), when it is on the class path: the module installed with
   * the host's {@link SocialProvider} beans and the providers of Spring Security's {@code
   * spring.security.oauth2.client.*} properties ({@link SpringClientRegistrations}, unless {@code
   * gatehouse.social.spring-registrations=false}); a bean wins over a registration of the same id.
   * Installed by a customizer that runs before the host's, because its providers come from beans
   * and properties ({@link ServiceLoader} gives none).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "dev.gatehouse.social.SocialSignIn")
  static class SocialSignInConfiguration {
    /**
     * @param environment the host's environment
     * @param properties the starter's properties
     * @param own the host's own providers
     * @param clock the host's clock, if it declares one
     * @return the customizer installing the module
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    GatehouseBuilderCustomizer gatehouseSocialSignIn(
        Environment environment,
        GatehouseProperties properties,
        ObjectProvider<SocialProvider> own,
        ObjectProvider<Clock> clock) {
      List<SocialProvider> providers = new ArrayList<>(own.orderedStream().toList());
      if (properties.getSocial().isSpringRegistrations()) {
        Set<String> taken =
            providers.stream().map(SocialProvider::id).collect(Collectors.toUnmodifiableSet());
        providers.addAll(
            new SpringClientRegistrations(environment, taken, clock.getIfUnique(Clock::systemUTC))
                .providers());
      }
      return builder -> builder.install(new SocialSignIn(providers));
    }
  }

  /**
   * The legacy cut-over ({@code auth-legacy}), when it is on the class path: the module installed
   * with the host's {@link LegacyCredentials} bean, if any (the legacy system's credential tables),
   * its {@link LegacyAuthenticator} bean, if any (lazy migration), and its {@link LegacyWriteBack}
   * bean, if any (the write-back, {@code gatehouse.legacy.write-back.until}). Installed by a
   * customizer that runs before the host's, because its parts come from beans ({@link
   * ServiceLoader} gives none).
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "dev.gatehouse.legacy.LegacyCutOver")
  static class LegacyCutOverConfiguration {
    /**
     * @param credentials the legacy system's credential tables, if the host reads them
     * @param legacyAuthenticator the legacy system lazy migration asks, if the host migrates lazily
     * @param legacyWriteBack the legacy store changes are written back to during the transition, if
     *     any
     * @return the customizer installing the module
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    GatehouseBuilderCustomizer gatehouseLegacyCutOver(
        ObjectProvider<LegacyCredentials> credentials,
        ObjectProvider<LegacyAuthenticator> legacyAuthenticator,
        ObjectProvider<LegacyWriteBack> legacyWriteBack) {
      LegacyCredentials tables = credentials.getIfUnique();
      LegacyAuthenticator lazy = legacyAuthenticator.getIfUnique();
      LegacyWriteBack target = legacyWriteBack.getIfUnique();
      return builder -> {
        LegacyCutOver module = tables == null ? new LegacyCutOver() : new LegacyCutOver(tables);
        module = lazy == null ? module : module.lazyMigration(lazy);
        builder.install(target == null ? module : module.writeBack(target));
      };
    }
  }

  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(JavaMailSender.class)
  @ConditionalOnBean(JavaMailSender.class)
  static class JavaMailConfiguration {
    /**
     * @param mailSender Spring's mail sender
     * @return the email provider
     */
    @Bean
    @ConditionalOnMissingBean
    EmailSender gatehouseJavaMailEmailSender(JavaMailSender mailSender) {
      return new JavaMailEmailSender(mailSender);
    }
  }

  /** Emails rendered with Thymeleaf templates, when Thymeleaf is on the classpath. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.thymeleaf.TemplateEngine")
  static class ThymeleafEmailConfiguration {
    /**
     * @param config the configuration (the app name of the fallback texts)
     * @param emailTemplates a host's email texts, the fallback when it gave some
     * @param properties the starter's properties (the templates' folder)
     * @param resources the application's class loader, where a host's templates are
     * @return the renderer
     */
    @Bean
    @ConditionalOnMissingBean(EmailRenderer.class)
    EmailRenderer gatehouseEmailRenderer(
        GatehouseConfig config,
        ObjectProvider<EmailTemplates> emailTemplates,
        GatehouseProperties properties,
        ResourceLoader resources) {
      EmailTemplates fallback =
          emailTemplates.getIfUnique(
              () -> EmailTemplates.builder().appName(config.get(GatehouseConfig.APP_NAME)).build());
      return new ThymeleafEmailRenderer(
          properties.getTemplates().getEmailPrefix(),
          fallback,
          resources.getClassLoader() != null
              ? resources.getClassLoader()
              : ThymeleafEmailRenderer.class.getClassLoader());
    }
  }

  /** Actuator audit events, when the host records them. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.audit.AuditEventRepository")
  @ConditionalOnBean(type = "org.springframework.boot.actuate.audit.AuditEventRepository")
  static class AuditConfiguration {
    /**
     * @param publisher the application context
     * @return the listener turning auth events into audit events
     */
    @Bean
    @ConditionalOnMissingBean(AuditEventPublisher.class)
    AuthEventListener gatehouseAuditEvents(ApplicationEventPublisher publisher) {
      return new AuditEventPublisher(publisher);
    }
  }
}
