package dev.gatehouse.jpa;

import dev.gatehouse.core.store.StoreTransaction.SessionOwner;
import jakarta.persistence.EntityManager;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.engine.spi.SharedSessionContractImplementor;
import org.hibernate.generator.internal.TenantIdGeneration;
import org.hibernate.metamodel.mapping.BasicValuedModelPart;
import org.hibernate.metamodel.mapping.ForeignKeyDescriptor;
import org.hibernate.metamodel.mapping.JdbcMapping;
import org.hibernate.metamodel.mapping.internal.ToOneAttributeMapping;
import org.hibernate.persister.entity.AbstractEntityPersister;
import org.hibernate.persister.entity.EntityPersister;
import org.jspecify.annotations.Nullable;

/**
 * The read of a session's owner on every refresh ({@link
 * dev.gatehouse.core.store.StoreTransaction#sessionOwner}) as one plain statement built from
 * Hibernate's mapping of the host's user and profile classes (table and column names, renamed and
 * quoted ones included; the flag read through its type and converter), run through {@link
 * SessionJdbc}. It is the statement the JPQL projection translates to:
 *
 * <pre>
 * select u.active, u.deletedAt, u.staff, u.superuser [, p.id, p.role] from User u
 *   [left join Profile p on p.id = :profile and p.user = u] where u.publicId = :user
 * </pre>
 *
 * <p>Why: Hibernate's handling of that projection (parameter binding, its SQL AST and result
 * handling on every execution) was a sixth of a refresh rotation's JVM samples (issue 19 item 4).
 *
 * <p>Only for mappings where a plain statement means the same: each class on one table with no
 * inheritance, discriminator or soft delete, no restriction (by annotation or in {@code orm.xml}),
 * filter or tenant column, no factory-wide interceptor or statement inspector of the host's; the
 * flags and the public id plain columns; the profile's {@code user} a to-one with its single
 * foreign-key column on the profile's table; the public id and the profile key typed as the values
 * bound ({@code String}, {@code Long}). Otherwise, and when the session has filters enabled, the
 * JPQL read stays. Pending changes of the two entities are flushed first as the JPQL read would
 * (Hibernate's auto-flush for their tables). One instance per store; thread-safe.
 */
final class JdbcSessionOwners {
  private final Map<List<Class<?>>, Optional<Plan>> plans = new ConcurrentHashMap<>();

  /** The two statements and how their values are bound and read. */
  private record Plan(
      String user,
      String withProfile,
      JdbcMapping publicId,
      JdbcMapping active,
      JdbcMapping deleted,
      JdbcMapping staff,
      JdbcMapping superuser,
      JdbcMapping profileId,
      JdbcMapping role,
      Set<String> userSpaces,
      Set<String> bothSpaces) {}

  /**
   * The owner's flags and whether the profile exists and is theirs, by the plain statement when the
   * mapping and the session allow, else by the JPQL read.
   *
   * @param userName the JPQL entity name of {@code userClass}
   * @param profileName the JPQL entity name of {@code profileClass}
   * @param profileId the profile, or {@code null} to read the user only
   * @return empty when no user has the public id
   */
  Optional<SessionOwner> read(
      EntityManager em,
      Class<?> userClass,
      String userName,
      Class<?> profileClass,
      String profileName,
      UUID publicId,
      @Nullable Long profileId) {
    SharedSessionContractImplementor session = em.unwrap(SharedSessionContractImplementor.class);
    Optional<Plan> plan = plan(session, userClass, profileClass);
    if (plan.isEmpty()) {
      return jpql(em, userName, profileName, publicId, profileId);
    }
    Plan p = plan.get();
    boolean joined = profileId != null;
    SessionJdbc.autoFlush(session, joined ? p.bothSpaces() : p.userSpaces());
    return SessionJdbc.first(
        session,
        joined ? p.withProfile() : p.user(),
        joined ? new Object[] {profileId, publicId.toString()} : new Object[] {publicId.toString()},
        joined ? new JdbcMapping[] {p.profileId(), p.publicId()} : new JdbcMapping[] {p.publicId()},
        row -> {
          boolean found = joined && SessionJdbc.read(session, row, 5, p.profileId()) != null;
          String role = found ? (String) SessionJdbc.read(session, row, 6, p.role()) : null;
          return new SessionOwner(
              Boolean.TRUE.equals(SessionJdbc.read(session, row, 1, p.active())),
              SessionJdbc.read(session, row, 2, p.deleted()) != null,
              found,
              Boolean.TRUE.equals(SessionJdbc.read(session, row, 3, p.staff())),
              Boolean.TRUE.equals(SessionJdbc.read(session, row, 4, p.superuser())),
              role);
        });
  }

  /** Whether {@link #read} takes the plain statement for these classes in this session. */
  boolean plain(EntityManager em, Class<?> userClass, Class<?> profileClass) {
    return plan(em.unwrap(SharedSessionContractImplementor.class), userClass, profileClass)
        .isPresent();
  }

  private Optional<Plan> plan(
      SharedSessionContractImplementor session, Class<?> userClass, Class<?> profileClass) {
    if (session.getLoadQueryInfluencers().hasEnabledFilters()) {
      return Optional.empty();
    }
    return plans.computeIfAbsent(
        List.of(userClass, profileClass),
        k -> build(session.getFactory(), userClass, profileClass));
  }

  /**
   * One JPQL read of the user with its profile left-joined by key, selecting only the four flags
   * and the profile's key and role: the mapping's business whatever it is.
   */
  static Optional<SessionOwner> jpql(
      EntityManager em, String userName, String profileName, UUID publicId, Long profileId) {
    List<Object[]> rows;
    if (profileId == null) {
      rows =
          em.createQuery(
                  "select u.active, u.deletedAt, u.staff, u.superuser from "
                      + userName
                      + " u where u.publicId = :u",
                  Object[].class)
              .setParameter("u", publicId.toString())
              .getResultList();
    } else {
      rows =
          em.createQuery(
                  "select u.active, u.deletedAt, u.staff, u.superuser, p.id, p.role from "
                      + userName
                      + " u left join "
                      + profileName
                      + " p on p.id = :p and p.user = u where u.publicId = :u",
                  Object[].class)
              .setParameter("p", profileId)
              .setParameter("u", publicId.toString())
              .getResultList();
    }
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Object[] row = rows.get(0);
    boolean found = row.length > 4 && row[4] != null;
    return Optional.of(
        new SessionOwner(
            Boolean.TRUE.equals(row[0]),
            row[1] != null,
            found,
            Boolean.TRUE.equals(row[2]),
            Boolean.TRUE.equals(row[3]),
            found ? (String) row[5] : null));
  }

  private static Optional<Plan> build(
      SessionFactoryImplementor factory, Class<?> userClass, Class<?> profileClass) {
    Optional<AbstractEntityPersister> users = plain(factory, userClass);
    Optional<AbstractEntityPersister> profiles = plain(factory, profileClass);
    if (users.isEmpty() || profiles.isEmpty()) {
      return Optional.empty();
    }
    EntityPersister user = users.get();
    EntityPersister profile = profiles.get();
    String userTable = users.get().getTableNames()[0];
    String profileTable = profiles.get().getTableNames()[0];
    Optional<BasicValuedModelPart> publicId = SessionJdbc.column(user, "publicId");
    Optional<BasicValuedModelPart> active = SessionJdbc.column(user, "active");
    Optional<BasicValuedModelPart> deleted = SessionJdbc.column(user, "deletedAt");
    Optional<BasicValuedModelPart> staff = SessionJdbc.column(user, "staff");
    Optional<BasicValuedModelPart> superuser = SessionJdbc.column(user, "superuser");
    Optional<BasicValuedModelPart> role = SessionJdbc.column(profile, "role");
    if (publicId.isEmpty()
        || active.isEmpty()
        || deleted.isEmpty()
        || staff.isEmpty()
        || superuser.isEmpty()
        || role.isEmpty()
        || role.get().getJavaType().getJavaTypeClass() != String.class
        || publicId.get().getJavaType().getJavaTypeClass() != String.class
        || !(profile.getIdentifierMapping() instanceof BasicValuedModelPart profileKey)
        || !SessionJdbc.plain(profileKey)
        || profileKey.getJavaType().getJavaTypeClass() != Long.class
        || !(profile.findAttributeMapping("user") instanceof ToOneAttributeMapping owner)
        || owner.hasNotFoundAction()
        || owner.getSideNature() != ForeignKeyDescriptor.Nature.KEY
        || !owner.getEntityMappingType().getEntityName().equals(user.getEntityName())) {
      return Optional.empty();
    }
    ForeignKeyDescriptor fk = owner.getForeignKeyDescriptor();
    if (!(fk.getKeyPart() instanceof BasicValuedModelPart key)
        || !(fk.getTargetPart() instanceof BasicValuedModelPart target)
        || !SessionJdbc.plain(key)
        || !SessionJdbc.plain(target)
        || !fk.getKeyTable().equals(profileTable)
        || !fk.getTargetTable().equals(userTable)) {
      return Optional.empty();
    }
    String flags =
        "select u."
            + active.get().getSelectionExpression()
            + ", u."
            + deleted.get().getSelectionExpression()
            + ", u."
            + staff.get().getSelectionExpression()
            + ", u."
            + superuser.get().getSelectionExpression();
    String where = " where u." + publicId.get().getSelectionExpression() + " = ?";
    String withProfile =
        flags
            + ", p."
            + profileKey.getSelectionExpression()
            + ", p."
            + role.get().getSelectionExpression()
            + " from "
            + userTable
            + " u left join "
            + profileTable
            + " p on p."
            + profileKey.getSelectionExpression()
            + " = ? and p."
            + key.getSelectionExpression()
            + " = u."
            + target.getSelectionExpression()
            + where;
    Set<String> userSpaces = new LinkedHashSet<>();
    user.visitQuerySpaces(userSpaces::add);
    Set<String> bothSpaces = new LinkedHashSet<>(userSpaces);
    profile.visitQuerySpaces(bothSpaces::add);
    return Optional.of(
        new Plan(
            flags + " from " + userTable + " u" + where,
            withProfile,
            publicId.get().getJdbcMapping(),
            active.get().getJdbcMapping(),
            deleted.get().getJdbcMapping(),
            staff.get().getJdbcMapping(),
            superuser.get().getJdbcMapping(),
            profileKey.getJdbcMapping(),
            role.get().getJdbcMapping(),
            Set.copyOf(userSpaces),
            Set.copyOf(bothSpaces)));
  }

  /**
   * The persister of a class a plain read sees as JPQL does: one table, nothing that adds a
   * condition to a query (a restriction, a tenant column) or hides rows (soft delete), and no
   * factory-wide hook of the host's that expects Hibernate's statements on these tables (the same
   * rule as the last-login updates: {@link JdbcLoginUpdates#unrestricted}).
   */
  private static Optional<AbstractEntityPersister> plain(
      SessionFactoryImplementor factory, Class<?> type) {
    Optional<AbstractEntityPersister> plain = JdbcLoginUpdates.unrestricted(factory, type);
    if (plain.isEmpty()) {
      return Optional.empty();
    }
    EntityPersister persister = plain.get();
    for (int i = 0; i < persister.getNumberOfAttributeMappings(); i++) {
      if (persister.getAttributeMapping(i).getGenerator() instanceof TenantIdGeneration) {
        return Optional.empty();
      }
    }
    return plain;
  }
}
