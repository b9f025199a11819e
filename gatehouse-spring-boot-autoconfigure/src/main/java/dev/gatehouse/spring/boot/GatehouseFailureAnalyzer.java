package dev.gatehouse.spring.boot;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import liquibase.integration.spring.SpringLiquibase;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.SingletonBeanRegistry;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start-up refused by Gatehouse's configuration (unknown or invalid {@code gatehouse.*}
 * keys, an invalid value of a setting's {@code GATEHOUSE_*} variable, a contradicting Liquibase
 * parameter, a misconfigured entity, a module's changelog not included) into Spring Boot's short
 * failure report: what is wrong, with the keys and suggestions the message carries, how to fix it,
 * and what the start wrote to the database before it was refused — nothing, or the changesets
 * Spring Boot's Liquibase had applied by then (Gatehouse itself writes nothing while it starts).
 * Registered in {@code META-INF/spring.factories}; Spring Boot passes the failed context's bean
 * factory, or {@code null} when the failure came before there was one. Not API: Spring Boot creates
 * it, no host does.
 */
final class GatehouseFailureAnalyzer extends AbstractFailureAnalyzer<ConfigurationException> {
  private final @Nullable BeanFactory beanFactory;

  /**
   * Created by Spring Boot from {@code META-INF/spring.factories}.
   *
   * @param beanFactory the bean factory of the context that failed, or {@code null}
   */
  GatehouseFailureAnalyzer(@Nullable BeanFactory beanFactory) {
    this.beanFactory = beanFactory;
  }

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, ConfigurationException cause) {
    return new FailureAnalysis(
        "Gatehouse refused its configuration: " + cause.getMessage(),
        "Correct what the message names where it is set (application.yml,"
            + " application.properties, the command line or the environment), then start again. "
            + written(),
        cause);
  }

  /** What reached the database before the refusal, read from the beans created by then. */
  private String written() {
    if (beanFactory instanceof ListableBeanFactory beans
        && beanFactory instanceof SingletonBeanRegistry singletons) {
      for (String name : beans.getBeanNamesForType(SpringLiquibase.class, true, false)) {
        // A singleton is registered once it is fully initialised: this Liquibase has run.
        if (singletons.containsSingleton(name)
            && singletons.getSingleton(name) instanceof SpringLiquibase liquibase) {
          return "Liquibase had already applied "
              + liquibase.getChangeLog()
              + " before the refusal: its change sets are in the database (listed in its"
              + " DATABASECHANGELOG table), and the next start runs only those not applied yet;"
              + " Gatehouse itself wrote nothing.";
        }
      }
      return "Nothing was written to the database: the refusal came before Liquibase ran.";
    }
    return "Gatehouse itself wrote nothing to the database.";
  }
}
