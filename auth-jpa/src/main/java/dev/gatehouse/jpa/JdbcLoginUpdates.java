package dev.gatehouse.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.FlushModeType;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SessionImplementor;
import org.hibernate.metamodel.mapping.BasicValuedModelPart;
import org.hibernate.metamodel.mapping.JdbcMapping;
import org.hibernate.persister.entity.AbstractEntityPersister;
import org.hibernate.persister.entity.EntityPersister;

/**
 * The last-login updates of every login as plain statements, built once per user class from
 * Hibernate's mapping of it (table and column names, renamed ones included; types and converters
 * bind each value as Hibernate would) and run through the session's own statement pipeline (its
 * statement inspector, SQL logging, statistics and exception conversion see them).
 *
 * <p>Why: Hibernate interprets a JPQL update afresh on every execution (it caches the plans of
 * selects only), and that interpretation was the largest single item of a password login's own CPU
 * beside its hash. The statements here are the ones the JPQL updates translate to, with the same
 * meaning: no version is bumped, a managed user entity is not refreshed.
 *
 * <p>Only for mappings where that holds: one table, no inheritance, version, soft delete,
 * restriction (by annotation or in {@code orm.xml}), filter or tenant column, basic columns without
 * write expressions, no generators, and a factory without interceptor or caches (a JPQL update
 * would invalidate them; a factory-wide statement inspector is left to JPQL too). Otherwise, and
 * when the session has filters enabled, the store keeps its JPQL update.
 */
final class JdbcLoginUpdates {
  private final Map<Class<?>, Optional<Plan>> plans = new ConcurrentHashMap<>();

  /** The two statements and how their values are bound. */
  private record Plan(
      String recordLogin,
      String recordPasswordLogin,
      JdbcMapping time,
      JdbcMapping publicId,
      JdbcMapping active,
      JdbcMapping passwordHash) {}

  /**
   * Sets the last login and modification time of a user, whatever its state.
   *
   * @return the rows changed, or empty when the mapping needs the JPQL update
   */
  Optional<Integer> recordLogin(EntityManager em, Class<?> userClass, UUID publicId, Instant now) {
    return plan(em, userClass)
        .flatMap(
            p ->
                execute(
                    em,
                    p.recordLogin(),
                    new Object[] {now, now, publicId.toString()},
                    new JdbcMapping[] {p.time(), p.time(), p.publicId()}));
  }

  /**
   * Sets the last login and modification time of a user that is live, active and still has {@code
   * passwordHash}.
   *
   * @return the rows changed, or empty when the mapping needs the JPQL update
   */
  Optional<Integer> recordPasswordLogin(
      EntityManager em, Class<?> userClass, UUID publicId, String passwordHash, Instant now) {
    return plan(em, userClass)
        .flatMap(
            p ->
                execute(
                    em,
                    p.recordPasswordLogin(),
                    new Object[] {now, now, publicId.toString(), Boolean.TRUE, passwordHash},
                    new JdbcMapping[] {
                      p.time(), p.time(), p.publicId(), p.active(), p.passwordHash()
                    }));
  }

  private static Optional<Integer> execute(
      EntityManager em, String sql, Object[] values, JdbcMapping[] types) {
    SessionImplementor session = em.unwrap(SessionImplementor.class);
    if (session.getLoadQueryInfluencers().hasEnabledFilters()) {
      return Optional.empty();
    }
    if (em.getFlushMode() == FlushModeType.AUTO
        && session.getPersistenceContextInternal().getNumberOfManagedEntities() > 0) {
      // A JPQL update flushes pending changes first; so does this statement.
      em.flush();
    }
    // Through Hibernate's own statement pipeline, so a session's statement inspector, SQL logging,
    // statistics and exception conversion see this statement as they see a JPQL update's.
    return Optional.of(SessionJdbc.update(session, sql, values, types));
  }

  private Optional<Plan> plan(EntityManager em, Class<?> userClass) {
    return plans.computeIfAbsent(userClass, t -> build(em, t));
  }

  /** Class-level annotations that change what an update may touch. */
  private static final Set<String> RESTRICTING =
      Set.of(
          "org.hibernate.annotations.SQLRestriction",
          "org.hibernate.annotations.Where",
          "org.hibernate.annotations.Filter",
          "org.hibernate.annotations.Filters",
          "org.hibernate.annotations.SoftDelete");

  private static Optional<Plan> build(EntityManager em, Class<?> type) {
    SessionFactoryImplementor factory =
        em.getEntityManagerFactory().unwrap(SessionFactoryImplementor.class);
    Optional<AbstractEntityPersister> plain = unrestricted(factory, type);
    if (plain.isEmpty() || JdbcEntityInserts.writesThroughHooksOrCaches(factory)) {
      return Optional.empty();
    }
    AbstractEntityPersister mapped = plain.get();
    EntityPersister persister = mapped;
    for (int i = 0; i < persister.getNumberOfAttributeMappings(); i++) {
      if (persister.getAttributeMapping(i).getGenerator() != null) {
        // An update timestamp or a tenant id: Hibernate may treat such columns in updates.
        return Optional.empty();
      }
    }
    Optional<BasicValuedModelPart> lastLogin = SessionJdbc.column(persister, "lastLoginAt");
    Optional<BasicValuedModelPart> modified = SessionJdbc.column(persister, "modifiedAt");
    Optional<BasicValuedModelPart> publicId = SessionJdbc.column(persister, "publicId");
    Optional<BasicValuedModelPart> deleted = SessionJdbc.column(persister, "deletedAt");
    Optional<BasicValuedModelPart> active = SessionJdbc.column(persister, "active");
    Optional<BasicValuedModelPart> hash = SessionJdbc.column(persister, "passwordHash");
    if (lastLogin.isEmpty()
        || modified.isEmpty()
        || publicId.isEmpty()
        || deleted.isEmpty()
        || active.isEmpty()
        || hash.isEmpty()
        || !lastLogin.get().isUpdateable()
        || !modified.get().isUpdateable()
        || lastLogin.get().getJdbcMapping() != modified.get().getJdbcMapping()) {
      return Optional.empty();
    }
    String table = mapped.getTableNames()[0];
    String set =
        "update "
            + table
            + " set "
            + lastLogin.get().getSelectionExpression()
            + " = ?, "
            + modified.get().getSelectionExpression()
            + " = ? where "
            + publicId.get().getSelectionExpression()
            + " = ?";
    String conditional =
        set
            + " and "
            + deleted.get().getSelectionExpression()
            + " is null and "
            + active.get().getSelectionExpression()
            + " = ? and "
            + hash.get().getSelectionExpression()
            + " = ?";
    return Optional.of(
        new Plan(
            set,
            conditional,
            lastLogin.get().getJdbcMapping(),
            publicId.get().getJdbcMapping(),
            active.get().getJdbcMapping(),
            hash.get().getJdbcMapping()));
  }

  /**
   * The persister of a class that a plain statement on its table sees as a JPQL statement on the
   * entity does, as far as the class and the factory go: one table, no inheritance, version or soft
   * delete ({@link JdbcEntityInserts#plainSingleTable}), no restriction by annotation or in {@code
   * orm.xml}, no filter declared on it, no multi-tenancy, and no factory-wide interceptor or
   * statement inspector of the host's ({@link JdbcEntityInserts#hostHooks}). Shared by every plain
   * statement on a host's entity, so they follow one rule.
   */
  static Optional<AbstractEntityPersister> unrestricted(
      SessionFactoryImplementor factory, Class<?> type) {
    Optional<AbstractEntityPersister> plain = JdbcEntityInserts.plainSingleTable(factory, type);
    if (plain.isEmpty()
        || plain.get().hasWhereRestrictions()
        || factory.getSessionFactoryOptions().isMultiTenancyEnabled()
        || annotated(type)
        || JdbcEntityInserts.hostHooks(factory)) {
      return Optional.empty();
    }
    return plain;
  }

  /** A restriction, filter or soft delete declared on the class or a superclass. */
  static boolean annotated(Class<?> type) {
    for (Class<?> k = type; k != null && k != Object.class; k = k.getSuperclass()) {
      for (java.lang.annotation.Annotation a : k.getDeclaredAnnotations()) {
        if (RESTRICTING.contains(a.annotationType().getName())) {
          return true;
        }
      }
    }
    return false;
  }
}
