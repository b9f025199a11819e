package dev.gatehouse.jpa;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnitTransactionType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.tool.schema.spi.SchemaManagementException;

/**
 * Bootstraps Hibernate for a host that has no container:
 *
 * <pre>{@code
 * GatehouseMigrations.migrate(dataSource, "db/changelog/master.xml", entities);
 * EntityManagerFactory emf = GatehouseJpa.bootstrap(dataSource, entities, List.of());
 * AuthStore store = new JpaAuthStore(emf, entities);
 * }</pre>
 *
 * <p>A host that already has an {@link EntityManagerFactory} passes it to {@link JpaAuthStore}
 * instead: its unit lists only the host's own entities (the library's tables are not entities).
 *
 * <p>The bootstrap validates the mapping against the database (Hibernate's {@code validate}), so an
 * entity missing a column or a table fails here, at start-up, naming the table and column.
 */
public final class GatehouseJpa {
  private GatehouseJpa() {}

  /**
   * The tables the library owns and reads and writes with plain SQL (not JPA entities), created by
   * {@code dev/gatehouse/jpa/changelog/gatehouse.changelog.xml}: for a health check or a backup
   * list.
   *
   * @return the table names, in the order the changelog creates them
   */
  public static List<String> libraryTables() {
    return List.of(
        "gh_counter",
        "gh_session",
        "gh_refresh_token",
        "gh_action_token",
        "gh_outbox",
        "gh_totp_factor",
        "gh_recovery_code",
        "gh_remembered_device",
        "gh_mfa_policy",
        "gh_audit_event");
  }

  /**
   * Formerly the entity classes the library owned. The library's tables ({@code gh_session}, {@code
   * gh_counter} and the rest) are no longer JPA entities: Gatehouse reads and writes them with
   * plain SQL on the connection of the transaction in force, so a persistence unit lists only the
   * host's own entities.
   *
   * @return an empty list
   * @deprecated nothing needs adding to a persistence unit any more; remove the call
   */
  @Deprecated(since = "0.1.0", forRemoval = true)
  public static List<Class<?>> libraryEntityClasses() {
    return List.of();
  }

  /**
   * Builds an {@link EntityManagerFactory} over {@code dataSource} for the host's entities and the
   * library's own, validating the schema.
   *
   * @param dataSource where the tables live (already migrated)
   * @param entities the host's entity classes
   * @param extraEntities further host entity classes to manage in the same unit (may be empty)
   * @return a new factory, which the caller closes
   * @throws ConfigurationException when the mapping does not fit the schema
   */
  public static EntityManagerFactory bootstrap(
      DataSource dataSource, EntityClasses entities, List<Class<?>> extraEntities) {
    return bootstrap(dataSource, entities, extraEntities, Map.of());
  }

  /**
   * As {@link #bootstrap(DataSource, EntityClasses, List)}, with extra Hibernate properties.
   *
   * <p>For a JTA host, pass {@code jakarta.persistence.transactionType=JTA} and a {@code
   * hibernate.transaction.jta.platform}: the unit is then a JTA unit, and {@code dataSource}, which
   * must enlist its connections in the JTA transaction (a JTA-aware pool), is its JTA data source.
   * (Hibernate itself ignores that property on this bootstrap path and would build a resource-local
   * unit.)
   *
   * @param dataSource where the tables live (already migrated)
   * @param entities the host's entity classes
   * @param extraEntities further host entity classes to manage in the same unit
   * @param properties further Hibernate / JPA properties; they override the defaults
   * @return a new factory, which the caller closes
   * @throws ConfigurationException when the mapping does not fit the schema
   */
  public static EntityManagerFactory bootstrap(
      DataSource dataSource,
      EntityClasses entities,
      List<Class<?>> extraEntities,
      Map<String, Object> properties) {
    requireNonNull(dataSource, "dataSource");
    requireNonNull(entities, "entities");
    List<Class<?>> classes = new ArrayList<>(entities.all());
    classes.addAll(extraEntities);
    Map<String, Object> props = new LinkedHashMap<>();
    props.put(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource);
    props.put(AvailableSettings.HBM2DDL_AUTO, "validate");
    // Instants are stored as UTC whatever the JVM's or the server's zone.
    props.put(AvailableSettings.JDBC_TIME_ZONE, "UTC");
    props.put(AvailableSettings.SHOW_SQL, false);
    // Hibernate finds managed classes by name: entities of another class loader than its own (a
    // host jar the import tool opened, a development restart loader) are found through theirs.
    List<ClassLoader> loaders = new ArrayList<>();
    for (Class<?> c : classes) {
      ClassLoader l = c.getClassLoader();
      if (l != null && l != GatehouseJpa.class.getClassLoader() && !loaders.contains(l)) {
        loaders.add(l);
      }
    }
    if (!loaders.isEmpty()) {
      props.put(AvailableSettings.CLASSLOADERS, loaders);
    }
    props.putAll(properties);
    HibernatePersistenceConfiguration cfg = new HibernatePersistenceConfiguration("gatehouse");
    if (isJta(props.get(AvailableSettings.JAKARTA_TRANSACTION_TYPE))) {
      // Hibernate takes a unit's transaction type from the configuration object and ignores the
      // property, so it is set here; the data source then serves as the unit's JTA data source.
      cfg.transactionType(PersistenceUnitTransactionType.JTA);
      props.remove(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource);
      props.putIfAbsent(AvailableSettings.JAKARTA_JTA_DATASOURCE, dataSource);
    }
    cfg.managedClasses(classes);
    props.forEach(cfg::property);
    try {
      return cfg.createEntityManagerFactory();
    } catch (SchemaManagementException e) {
      throw new ConfigurationException(
          "the entity mapping does not fit the database schema: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      SchemaManagementException schema = findCause(e, SchemaManagementException.class);
      if (schema != null) {
        throw new ConfigurationException(
            "the entity mapping does not fit the database schema: " + schema.getMessage(), e);
      }
      throw e;
    }
  }

  /**
   * The transaction manager of a JTA unit (from Hibernate's JTA platform), or {@code null} for a
   * resource-local one. The one place outside Hibernate's public API besides the schema check: the
   * JPA API has no way to reach it.
   */
  static jakarta.transaction.TransactionManager jtaTransactionManager(EntityManagerFactory emf) {
    if (emf.getTransactionType() != PersistenceUnitTransactionType.JTA) {
      return null;
    }
    return emf.unwrap(org.hibernate.engine.spi.SessionFactoryImplementor.class)
        .getServiceRegistry()
        .requireService(org.hibernate.engine.transaction.jta.platform.spi.JtaPlatform.class)
        .retrieveTransactionManager();
  }

  private static boolean isJta(Object transactionType) {
    return transactionType != null && "JTA".equalsIgnoreCase(transactionType.toString().trim());
  }

  private static <T extends Throwable> T findCause(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }

  /**
   * The entity itself when {@code entity} is a lazy proxy of the persistence provider (as a user
   * reached through a device's lazy owner is), initialized if it was not; {@code entity} otherwise.
   * For code that reads an entity's fields reflectively: a proxy's own fields are not the entity's
   * state.
   *
   * @param entity an entity or a proxy of one
   * @return the entity
   */
  public static Object unproxy(Object entity) {
    return org.hibernate.Hibernate.unproxy(entity);
  }

  /**
   * On PostgreSQL 12 and later, asks for custom plans for the rest of the entity manager's current
   * transaction ({@code set local plan_cache_mode = force_custom_plan}); elsewhere does nothing.
   * For transactions that bind hundreds of keys per {@code IN} list: PostgreSQL's cached generic
   * plan for such a statement, made while the tables were small, compares every row with every
   * parameter, whereas a custom plan sees the values (a hashed list on a small table, index lookups
   * on a large one). Runs as a plain JDBC statement, so Hibernate's caches are untouched.
   *
   * @param em an entity manager in a transaction of Gatehouse's own (the setting ends with it)
   */
  public static void preferCustomPlans(jakarta.persistence.EntityManager em) {
    em.unwrap(org.hibernate.Session.class)
        .doWork(
            connection -> {
              java.sql.DatabaseMetaData meta = connection.getMetaData();
              if (meta.getDatabaseProductName().equalsIgnoreCase("PostgreSQL")
                  && meta.getDatabaseMajorVersion() >= 12) {
                try (java.sql.Statement set = connection.createStatement()) {
                  set.execute("set local plan_cache_mode = force_custom_plan");
                }
              }
            });
  }

  /**
   * What Hibernate decided about a host entity that its public API does not show, for {@link
   * HostMapping}: the one read of Hibernate's mapping internals in this module. A fact that cannot
   * be read (another Hibernate version) answers {@code null}, and the host's statements stay JPQL.
   *
   * @param hooks why every statement on host tables must stay Hibernate's (an interceptor or
   *     statement inspector of the host's, multi-tenancy), or {@code null} for none
   * @param writeHooks why writes must stay Hibernate's (a second-level or query cache, insert
   *     listeners beyond Hibernate's own), or {@code null} for none
   * @param restricted whether queries on the entity get a restriction (by annotation or {@code
   *     orm.xml})
   * @param converted the attributes Hibernate writes through a converter, auto-applied ones too
   * @param generated the attributes with a generator of Hibernate's (timestamps, tenant ids)
   * @param callbacks whether the entity has a JPA lifecycle callback, default listeners included
   */
  record HibernateFacts(
      String hooks,
      String writeHooks,
      boolean restricted,
      java.util.Set<String> converted,
      java.util.Set<String> generated,
      boolean callbacks) {}

  /** {@link HibernateFacts} of one entity class, or {@code null} when they cannot be read. */
  static HibernateFacts hibernateFacts(EntityManagerFactory emf, Class<?> type) {
    try {
      var factory = emf.unwrap(org.hibernate.engine.spi.SessionFactoryImplementor.class);
      var persister = factory.getMappingMetamodel().getEntityDescriptor(type);
      java.util.Set<String> converted = new java.util.HashSet<>();
      java.util.Set<String> generated = new java.util.HashSet<>();
      for (int i = 0; i < persister.getNumberOfAttributeMappings(); i++) {
        var a = persister.getAttributeMapping(i);
        if (a.getGenerator() != null) {
          generated.add(a.getAttributeName());
        }
        if (a instanceof org.hibernate.metamodel.mapping.BasicValuedModelPart b
            && b.getJdbcMapping().getValueConverter() != null) {
          converted.add(a.getAttributeName());
        }
      }
      boolean callbacks = false;
      for (var t : org.hibernate.jpa.event.spi.CallbackType.values()) {
        callbacks |= factory.getEventEngine().getCallbackRegistry().hasRegisteredCallbacks(type, t);
      }
      return new HibernateFacts(
          hooks(factory),
          writeHooks(factory),
          persister.hasWhereRestrictions(),
          java.util.Set.copyOf(converted),
          java.util.Set.copyOf(generated),
          callbacks);
    } catch (RuntimeException | LinkageError unreadable) {
      return null;
    }
  }

  private static String hooks(org.hibernate.engine.spi.SessionFactoryImplementor factory) {
    var options = factory.getSessionFactoryOptions();
    if (foreign(options.getInterceptor())) {
      return "the factory has an interceptor of the host's";
    }
    if (foreign(options.getStatementInspector())) {
      return "the factory has a statement inspector of the host's";
    }
    if (options.isMultiTenancyEnabled()) {
      return "the factory is multi-tenant";
    }
    return null;
  }

  private static String writeHooks(org.hibernate.engine.spi.SessionFactoryImplementor factory) {
    var options = factory.getSessionFactoryOptions();
    if (options.isQueryCacheEnabled()
        || (options.isSecondLevelCacheEnabled()
            && !(factory.getCache().getRegionFactory()
                instanceof org.hibernate.cache.internal.NoCachingRegionFactory))) {
      return "the factory has a second-level or query cache";
    }
    var groups = factory.getEventListenerGroups();
    for (var group :
        List.of(
            groups.eventListenerGroup_PRE_INSERT,
            groups.eventListenerGroup_POST_INSERT,
            groups.eventListenerGroup_POST_COMMIT_INSERT)) {
      for (Object listener : group.listeners()) {
        if (!listener.getClass().getName().startsWith("org.hibernate.event.internal.")) {
          return "the factory has an insert listener of the host's ("
              + listener.getClass().getName()
              + ")";
        }
      }
    }
    return null;
  }

  /** A hook of the host's, not one of Hibernate's defaults. */
  private static boolean foreign(Object hook) {
    return hook != null && !hook.getClass().getName().startsWith("org.hibernate.");
  }
}
