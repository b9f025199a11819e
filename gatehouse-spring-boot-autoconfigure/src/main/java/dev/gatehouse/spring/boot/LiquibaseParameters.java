package dev.gatehouse.spring.boot;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.jpa.MigrationClasspathCheck;
import java.util.LinkedHashMap;
import java.util.Map;
import liquibase.integration.spring.SpringLiquibase;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Prepares Spring Boot's own {@link SpringLiquibase} before it runs: adds the {@code
 * gatehouse.table.*} changelog parameters derived from the host's entities ({@link
 * GatehouseMigrations#tableParameters(EntityClasses)}) and checks the host's changelog with {@link
 * MigrationClasspathCheck}, so a changeset whose class or changelog moved fails the start-up with
 * the fix in the message rather than halfway through a migration. Gatehouse's configuration is read
 * first, so a mistyped or invalid setting refuses the start-up before any schema change.
 */
final class LiquibaseParameters implements BeanPostProcessor {
  private final ObjectProvider<EntityClasses> entities;
  private final ObjectProvider<GatehouseConfig> config;
  private final Environment environment;

  LiquibaseParameters(
      ObjectProvider<EntityClasses> entities,
      ObjectProvider<GatehouseConfig> config,
      Environment environment) {
    this.entities = entities;
    this.config = config;
    this.environment = environment;
  }

  @Override
  public Object postProcessBeforeInitialization(Object bean, String beanName) {
    if (!(bean instanceof SpringLiquibase liquibase)) {
      return bean;
    }
    // The configuration first: a mistyped or invalid gatehouse.* setting stops the start-up before
    // Liquibase changes the schema, not after it created every table.
    config.getIfAvailable();
    // SpringLiquibase has no getter: the host's parameters are read where Spring Boot reads them.
    Map<String, String> parameters =
        new LinkedHashMap<>(
            Binder.get(environment)
                .bind("spring.liquibase.parameters", Bindable.mapOf(String.class, String.class))
                .orElse(Map.of()));
    GatehouseMigrations.tableParameters(entities.getObject())
        .forEach(
            (key, table) -> {
              String host = parameters.get(key);
              if (host != null && !host.equalsIgnoreCase(table)) {
                throw new ConfigurationException(
                    "spring.liquibase.parameters."
                        + key
                        + "="
                        + host
                        + " contradicts the entity mapping, which uses table "
                        + table
                        + "; remove the parameter (the starter derives it from the entity)");
              }
              parameters.put(key, table);
            });
    liquibase.setChangeLogParameters(parameters);
    String changelog = classpathLocation(liquibase.getChangeLog());
    if (changelog != null) {
      ClassLoader loader =
          liquibase.getResourceLoader() != null
                  && liquibase.getResourceLoader().getClassLoader() != null
              ? liquibase.getResourceLoader().getClassLoader()
              : Thread.currentThread().getContextClassLoader();
      MigrationClasspathCheck.check(changelog, loader, liquibase.getDataSource()).throwIfProblems();
    }
    return bean;
  }

  /**
   * {@return the classpath path of a Spring resource location, or null when not on the classpath}
   */
  static @Nullable String classpathLocation(String location) {
    if (location == null) {
      return null;
    }
    String path = location;
    if (path.startsWith("classpath:")) {
      path = path.substring("classpath:".length());
    } else if (path.contains(":")) {
      return null; // file: or another scheme: not the classpath
    }
    while (path.startsWith("/")) {
      path = path.substring(1);
    }
    return path;
  }
}
