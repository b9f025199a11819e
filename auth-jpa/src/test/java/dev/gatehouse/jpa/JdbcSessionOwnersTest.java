package dev.gatehouse.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.entity.AbstractAuthProfile;
import dev.gatehouse.core.entity.AbstractAuthUser;
import dev.gatehouse.core.entity.AuthUserBase;
import dev.gatehouse.core.store.StoreTransaction.SessionOwner;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import jakarta.persistence.AssociationOverride;
import jakarta.persistence.AttributeOverride;
import jakarta.persistence.AttributeOverrides;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hibernate.Interceptor;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.annotations.Filter;
import org.hibernate.annotations.FilterDef;
import org.hibernate.annotations.NotFound;
import org.hibernate.annotations.NotFoundAction;
import org.hibernate.annotations.SQLRestriction;
import org.hibernate.annotations.TenantId;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.resource.jdbc.spi.StatementInspector;
import org.hibernate.type.YesNoConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The owner read of every refresh as a plain statement ({@link HostMapping}, {@link
 * HostStatements}) built from a host's mapping: renamed and quoted tables and columns, a converted
 * flag and a renamed join column read as the JPQL projection reads them, and mappings that add
 * conditions to a query (a restriction on the user or on the profile, in annotations or in {@code
 * orm.xml}) keep the JPQL read, restriction included; so do a filter enabled on the session, a
 * factory-wide hook of the host's, a profile user Hibernate ignores when missing, a public id of
 * another type and a tenant column. Pending changes to the user or the profile are flushed before
 * the plain read. The same read folded into a refresh's statements ({@link HostMapping#ownerJoin})
 * answers what the owner's own read answers. The mapping is what is checked, so one database (H2)
 * suffices; the default mapping's statement runs in every refresh test on H2, PostgreSQL and
 * MariaDB.
 */
class JdbcSessionOwnersTest {
  private static EntityManagerFactory emf;
  private static final Instant NOW = Instant.parse("2026-11-23T10:15:30Z");

  /** A host's user table: renamed and quoted columns, the flag stored as {@code Y}/{@code N}. */
  @Entity(name = "OwnerUser")
  @Table(name = "\"owner user\"")
  @AttributeOverrides({
    @AttributeOverride(name = "publicId", column = @Column(name = "\"pub id\"", length = 36)),
    @AttributeOverride(name = "deletedAt", column = @Column(name = "\"gone at\"")),
    @AttributeOverride(name = "active", column = @Column(name = "is_live", length = 1)),
    @AttributeOverride(name = "staff", column = @Column(name = "\"staff flag\""))
  })
  @Convert(attributeName = "active", converter = YesNoConverter.class)
  static class OwnerUser extends AbstractAuthUser {}

  /** Its profiles: renamed key and quoted join column. */
  @Entity(name = "OwnerProfile")
  @Table(name = "\"owner profile\"")
  @AttributeOverride(name = "id", column = @Column(name = "\"profile key\""))
  @AssociationOverride(name = "user", joinColumns = @JoinColumn(name = "\"owner key\""))
  static class OwnerProfile extends AbstractAuthProfile<OwnerUser> {}

  /** Profiles a restriction hides when inactive. */
  @Entity(name = "ActiveOnlyProfile")
  @Table(name = "active_only_profile")
  @SQLRestriction("is_active = true")
  static class ActiveOnlyProfile extends AbstractAuthProfile<OwnerUser> {}

  /** Users a restriction hides without an email. */
  @Entity(name = "HiddenUser")
  @Table(name = "hidden_user")
  @SQLRestriction("email is not null")
  static class HiddenUser extends AbstractAuthUser {}

  @Entity(name = "HiddenUserProfile")
  @Table(name = "hidden_user_profile")
  static class HiddenUserProfile extends AbstractAuthProfile<HiddenUser> {}

  /** Users restricted in {@code session-owners-orm.xml} only: hidden without an email. */
  @Entity(name = "XmlRestrictedUser")
  static class XmlRestrictedUser extends AbstractAuthUser {}

  @Entity(name = "XmlRestrictedUserProfile")
  @Table(name = "xml_restricted_owner_profile")
  static class XmlRestrictedUserProfile extends AbstractAuthProfile<XmlRestrictedUser> {}

  /** Profiles whose missing user Hibernate ignores ({@code @NotFound}). */
  @Entity(name = "NotFoundProfile")
  @Table(name = "not_found_profile")
  static class NotFoundProfile {
    @Id @GeneratedValue Long id;

    @ManyToOne
    @NotFound(action = NotFoundAction.IGNORE)
    @JoinColumn(name = "user_id")
    OwnerUser user;
  }

  /** A host entity with a filter a session may enable; no class of the read declares it. */
  @Entity(name = "HostNote")
  @Table(name = "host_note")
  @FilterDef(name = "hostRule", defaultCondition = "active = true")
  @Filter(name = "hostRule")
  static class HostNote {
    @Id @GeneratedValue Long id;
    boolean active;
  }

  /** A user whose public id is a {@link UUID}, not the {@code String} the statement binds. */
  @Entity(name = "UuidUser")
  @Table(name = "uuid_user")
  static class UuidUser {
    @Id @GeneratedValue Long id;
    UUID publicId;
    boolean active;
    Instant deletedAt;
  }

  @Entity(name = "UuidUserProfile")
  @Table(name = "uuid_user_profile")
  static class UuidUserProfile {
    @Id @GeneratedValue Long id;

    @ManyToOne
    @JoinColumn(name = "user_id")
    UuidUser user;
  }

  /** A user with a tenant column, in a factory of its own (see the tenant test). */
  @Entity(name = "TenantUser")
  @Table(name = "tenant_user")
  static class TenantUser extends AbstractAuthUser {
    @TenantId
    @Column(name = "tenant", length = 20)
    String tenant;
  }

  @Entity(name = "TenantUserProfile")
  @Table(name = "tenant_user_profile")
  static class TenantUserProfile extends AbstractAuthProfile<TenantUser> {}

  /** A factory-wide statement inspector of a host's; it changes nothing. */
  public static final class HostInspector implements StatementInspector {
    @Override
    public String inspect(String sql) {
      return sql;
    }
  }

  @BeforeAll
  static void start() {
    emf =
        new HibernatePersistenceConfiguration("owners-" + UUID.randomUUID())
            .managedClasses(
                OwnerUser.class,
                OwnerProfile.class,
                ActiveOnlyProfile.class,
                HiddenUser.class,
                HiddenUserProfile.class,
                XmlRestrictedUser.class,
                XmlRestrictedUserProfile.class,
                NotFoundProfile.class,
                UuidUser.class,
                UuidUserProfile.class,
                HostNote.class)
            .mappingFile("session-owners-orm.xml")
            .jdbcUrl("jdbc:h2:mem:owners-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
            .property("hibernate.hbm2ddl.auto", "create")
            .createEntityManagerFactory();
  }

  @AfterAll
  static void stop() {
    emf.close();
  }

  @Test
  void thePlainStatementReadsRenamedQuotedAndConvertedColumnsAsTheJpqlReadDoes() {
    Owners owners = new Owners();
    OwnerUser live = user(new OwnerUser(), u -> {});
    OwnerUser inactive = user(new OwnerUser(), u -> u.setActive(false));
    OwnerUser deleted = user(new OwnerUser(), u -> u.setDeletedAt(NOW));
    long own = profile(new OwnerProfile(), live, true);
    long others = profile(new OwnerProfile(), inactive, true);
    assertThat(
            JdbcSessionOwnersTest.<Boolean>inTx(
                em -> owners.plain(em, OwnerUser.class, OwnerProfile.class)))
        .isTrue();

    assertThat(owner(owners, OwnerProfile.class, live, null))
        .contains(new SessionOwner(true, false, false));
    assertThat(owner(owners, OwnerProfile.class, live, own))
        .contains(new SessionOwner(true, false, true));
    assertThat(owner(owners, OwnerProfile.class, live, others))
        .contains(new SessionOwner(true, false, false));
    assertThat(owner(owners, OwnerProfile.class, live, others + own + 1000))
        .contains(new SessionOwner(true, false, false));
    assertThat(owner(owners, OwnerProfile.class, inactive, others))
        .contains(new SessionOwner(false, false, true));
    assertThat(owner(owners, OwnerProfile.class, deleted, null))
        .contains(new SessionOwner(true, true, false));
    assertThat(
            JdbcSessionOwnersTest.<Optional<SessionOwner>>inTx(
                em ->
                    HostPaths.owner(
                        em,
                        OwnerUser.class,
                        "OwnerUser",
                        OwnerProfile.class,
                        "OwnerProfile",
                        UUID.randomUUID(),
                        own)))
        .isEmpty();
  }

  @Test
  void theOwnerFoldedIntoARefreshsStatementReadsWhatTheOwnerReadReads() {
    OwnerUser live = user(new OwnerUser(), u -> u.setStaff(true));
    OwnerUser inactive = user(new OwnerUser(), u -> u.setActive(false));
    OwnerUser deleted = user(new OwnerUser(), u -> u.setDeletedAt(NOW));
    OwnerUser superuser = user(new OwnerUser(), u -> u.setSuperuser(true));
    long own = profile(new OwnerProfile(), live, true);
    long others = profile(new OwnerProfile(), inactive, true);
    long superusers = profile(new OwnerProfile(), superuser, true);
    for (OwnerUser u : java.util.List.of(live, inactive, deleted, superuser)) {
      for (Long p : java.util.Arrays.asList(null, own, others, superusers, own + 1000)) {
        Optional<SessionOwner> read =
            inTx(
                em ->
                    HostPaths.owner(
                        em,
                        OwnerUser.class,
                        "OwnerUser",
                        OwnerProfile.class,
                        "OwnerProfile",
                        u.getPublicId(),
                        p));
        assertThat(
                JdbcSessionOwnersTest.<Optional<SessionOwner>>inTx(
                    em ->
                        HostPaths.foldedOwner(
                            em, OwnerUser.class, OwnerProfile.class, u.getPublicId(), p)))
            .as("user %s, profile %s", u.getPublicId(), p)
            .isEqualTo(read)
            .isPresent();
      }
    }
    // An owner no user has: one that may not sign in, as the refresh treats a missing owner.
    assertThat(
            JdbcSessionOwnersTest.<Optional<SessionOwner>>inTx(
                em ->
                    HostPaths.foldedOwner(
                        em, OwnerUser.class, OwnerProfile.class, UUID.randomUUID(), own)))
        .contains(new SessionOwner(false, false, false));
    // A restricted mapping leaves the owner to its own (JPQL) read.
    assertThat(
            JdbcSessionOwnersTest.<Optional<SessionOwner>>inTx(
                em ->
                    HostPaths.foldedOwner(
                        em, HiddenUser.class, HiddenUserProfile.class, live.getPublicId(), null)))
        .isEmpty();
  }

  @Test
  void theRolesFactsComeFromRenamedColumnsInTheSameRead() {
    Owners owners = new Owners();
    OwnerUser staff = user(new OwnerUser(), u -> u.setStaff(true));
    OwnerUser superuser = user(new OwnerUser(), u -> u.setSuperuser(true));
    long staffProfile = profile(new OwnerProfile(), staff, true);
    long otherProfile = profile(new OwnerProfile(), superuser, true);
    Function<Long, Optional<SessionOwner>> staffRead =
        profileId ->
            inTx(
                em ->
                    HostPaths.owner(
                        em,
                        OwnerUser.class,
                        "OwnerUser",
                        OwnerProfile.class,
                        "OwnerProfile",
                        staff.getPublicId(),
                        profileId));

    assertThat(staffRead.apply(staffProfile))
        .contains(new SessionOwner(true, false, true, true, false, "member"));
    // Another account's profile lends no role.
    assertThat(staffRead.apply(otherProfile))
        .contains(new SessionOwner(true, false, false, true, false, null));
    assertThat(staffRead.apply(null))
        .contains(new SessionOwner(true, false, false, true, false, null));
    assertThat(
            JdbcSessionOwnersTest.<Optional<SessionOwner>>inTx(
                em ->
                    JpaStoreTransaction.ownerByJpql(
                        em, "OwnerUser", "OwnerProfile", superuser.getPublicId(), otherProfile)))
        .contains(new SessionOwner(true, false, true, false, true, "member"));
  }

  @Test
  void restrictionsOnTheUserOrTheProfileKeepTheJpqlReadAndApply() {
    Owners owners = new Owners();
    assertThat(
            JdbcSessionOwnersTest.<Boolean>inTx(
                em -> owners.plain(em, HiddenUser.class, HiddenUserProfile.class)))
        .isFalse();
    assertThat(
            JdbcSessionOwnersTest.<Boolean>inTx(
                em -> owners.plain(em, OwnerUser.class, ActiveOnlyProfile.class)))
        .isFalse();

    HiddenUser hidden = user(new HiddenUser(), u -> {});
    HiddenUser shown = user(new HiddenUser(), u -> u.setEmail("a@example.com", "a@example.com"));
    assertThat(owner(owners, HiddenUserProfile.class, hidden, null)).isEmpty();
    assertThat(owner(owners, HiddenUserProfile.class, shown, null))
        .contains(new SessionOwner(true, false, false));

    OwnerUser user = user(new OwnerUser(), u -> {});
    long hiddenProfile = profile(new ActiveOnlyProfile(), user, false);
    long shownProfile = profile(new ActiveOnlyProfile(), user, true);
    assertThat(owner(owners, ActiveOnlyProfile.class, user, hiddenProfile))
        .contains(new SessionOwner(true, false, false));
    assertThat(owner(owners, ActiveOnlyProfile.class, user, shownProfile))
        .contains(new SessionOwner(true, false, true));
  }

  @Test
  void everyStatementsPathIsReportedWithItsReason() {
    Map<String, String> restricted =
        JdbcSessionOwnersTest.<Map<String, String>>inTx(
            em -> HostPaths.mapping(em, HiddenUser.class, HiddenUserProfile.class).describe());
    assertThat(restricted)
        .containsOnlyKeys("last-login", "password-login", "session-owner", "user-insert")
        .allSatisfy(
            (statement, path) -> assertThat(path).startsWith("JPQL: ").contains("SQLRestriction"));
    Map<String, String> xml =
        JdbcSessionOwnersTest.<Map<String, String>>inTx(
            em ->
                HostPaths.mapping(em, XmlRestrictedUser.class, XmlRestrictedUserProfile.class)
                    .describe());
    assertThat(xml.get("session-owner")).startsWith("JPQL: ").contains("orm.xml");
    Map<String, String> renamed =
        JdbcSessionOwnersTest.<Map<String, String>>inTx(
            em -> HostPaths.mapping(em, OwnerUser.class, OwnerProfile.class).describe());
    assertThat(renamed.get("session-owner"))
        .isEqualTo("plain SQL on \"owner user\" and \"owner profile\"");
    assertThat(renamed.get("last-login"))
        .isEqualTo("plain SQL on \"owner user\" and gh_user_sign_in");
  }

  @Test
  void aRestrictionDeclaredOnlyInOrmXmlKeepsTheJpqlReadAndApplies() {
    Owners owners = new Owners();
    assertThat(
            JdbcSessionOwnersTest.<Boolean>inTx(
                em -> owners.plain(em, XmlRestrictedUser.class, XmlRestrictedUserProfile.class)))
        .isFalse();
    XmlRestrictedUser hidden = user(new XmlRestrictedUser(), u -> {});
    XmlRestrictedUser shown =
        user(new XmlRestrictedUser(), u -> u.setEmail("x@example.com", "x@example.com"));
    assertThat(owner(owners, XmlRestrictedUserProfile.class, hidden, null)).isEmpty();
    assertThat(owner(owners, XmlRestrictedUserProfile.class, shown, null))
        .contains(new SessionOwner(true, false, false));
  }

  @Test
  void aFilterEnabledOnTheSessionKeepsTheJpqlRead() {
    Owners owners = new Owners();
    assertThat(
            JdbcSessionOwnersTest.<Boolean>inTx(
                em -> {
                  em.unwrap(Session.class).enableFilter("hostRule");
                  return owners.plain(em, OwnerUser.class, OwnerProfile.class);
                }))
        .isFalse();
    // The same mapping without the filter takes the plain statement.
    assertThat(
            JdbcSessionOwnersTest.<Boolean>inTx(
                em -> owners.plain(em, OwnerUser.class, OwnerProfile.class)))
        .isTrue();
  }

  @Test
  void aProfileUserHibernateIgnoresWhenMissingKeepsTheJpqlRead() {
    assertThat(
            JdbcSessionOwnersTest.<Boolean>inTx(
                em -> new Owners().plain(em, OwnerUser.class, NotFoundProfile.class)))
        .isFalse();
  }

  @Test
  void aPublicIdNotTypedAsTheBoundStringKeepsTheJpqlRead() {
    assertThat(
            JdbcSessionOwnersTest.<Boolean>inTx(
                em -> new Owners().plain(em, UuidUser.class, UuidUserProfile.class)))
        .isFalse();
  }

  @Test
  void aTenantColumnKeepsTheJpqlRead() {
    try (EntityManagerFactory tenants =
        new HibernatePersistenceConfiguration("owner-tenants-" + UUID.randomUUID())
            .managedClasses(TenantUser.class, TenantUserProfile.class)
            .jdbcUrl("jdbc:h2:mem:owner-tenants-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
            .property("hibernate.hbm2ddl.auto", "create")
            .createEntityManagerFactory()) {
      // Hibernate turns the factory multi-tenant and each session's tenant filter on; the tenant
      // column is a third guard. Any one of them keeps the JPQL read.
      EntityManager em =
          tenants
              .unwrap(SessionFactory.class)
              .withOptions()
              .tenantIdentifier((Object) "tenant-a")
              .openSession();
      try {
        assertThat(new Owners().plain(em, TenantUser.class, TenantUserProfile.class)).isFalse();
      } finally {
        em.close();
      }
    }
  }

  @Test
  void aFactoryWideStatementInspectorOrInterceptorOfTheHostsKeepsTheJpqlRead() {
    Map<String, Object> hooks =
        Map.of(
            "hibernate.session_factory.statement_inspector",
            new HostInspector(),
            "hibernate.session_factory.interceptor",
            new Interceptor() {});
    Map<String, Boolean> plain = new TreeMap<>();
    hooks.forEach(
        (property, hook) -> {
          try (EntityManagerFactory hooked =
              new HibernatePersistenceConfiguration("owner-hooks-" + UUID.randomUUID())
                  .managedClasses(OwnerUser.class, OwnerProfile.class)
                  .jdbcUrl("jdbc:h2:mem:owner-hooks-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
                  .property("hibernate.hbm2ddl.auto", "create")
                  .property(property, hook)
                  .createEntityManagerFactory()) {
            EntityManager em = hooked.createEntityManager();
            try {
              plain.put(property, new Owners().plain(em, OwnerUser.class, OwnerProfile.class));
            } finally {
              em.close();
            }
          }
        });
    assertThat(plain)
        .containsOnlyKeys(hooks.keySet())
        .allSatisfy((property, isPlain) -> assertThat(isPlain).as(property).isFalse());
  }

  @Test
  void aProfileMovedToAnotherUserWithoutAFlushIsNotTheFormerOwnersAsInJpql() {
    Owners owners = new Owners();
    OwnerUser former = user(new OwnerUser(), u -> {});
    OwnerUser next = user(new OwnerUser(), u -> {});
    long moved = profile(new OwnerProfile(), former, true);
    Function<BiFunction<EntityManager, Long, Optional<SessionOwner>>, Optional<SessionOwner>>
        afterTheMove =
            read ->
                inTx(
                    em -> {
                      OwnerProfile p = em.find(OwnerProfile.class, moved);
                      p.setUser(em.find(OwnerUser.class, next.getId()));
                      return read.apply(em, moved);
                    });
    assertThat(
            JdbcSessionOwnersTest.<Boolean>inTx(
                em -> owners.plain(em, OwnerUser.class, OwnerProfile.class)))
        .isTrue();

    Optional<SessionOwner> plain =
        afterTheMove.apply(
            (em, profileId) ->
                HostPaths.owner(
                    em,
                    OwnerUser.class,
                    "OwnerUser",
                    OwnerProfile.class,
                    "OwnerProfile",
                    former.getPublicId(),
                    profileId));
    Optional<SessionOwner> jpql =
        afterTheMove.apply(
            (em, profileId) ->
                JpaStoreTransaction.ownerByJpql(
                    em, "OwnerUser", "OwnerProfile", former.getPublicId(), profileId));

    assertThat(plain).isEqualTo(jpql);
    assertThat(plain.map(JdbcSessionOwnersTest::flags))
        .contains(new SessionOwner(true, false, false));
  }

  @Test
  void pendingChangesToTheUserAreFlushedBeforeThePlainRead() {
    Owners owners = new Owners();
    OwnerUser user = user(new OwnerUser(), u -> {});
    Optional<SessionOwner> read =
        inTx(
            em -> {
              OwnerUser managed =
                  em.createQuery("select u from OwnerUser u where u.id = :id", OwnerUser.class)
                      .setParameter("id", user.getId())
                      .getSingleResult();
              managed.setActive(false);
              return HostPaths.owner(
                  em,
                  OwnerUser.class,
                  "OwnerUser",
                  OwnerProfile.class,
                  "OwnerProfile",
                  managed.getPublicId(),
                  null);
            });
    assertThat(read.map(JdbcSessionOwnersTest::flags))
        .contains(new SessionOwner(false, false, false));
  }

  @Test
  void theLibrarysDefaultMappingTakesThePlainStatement() {
    try (JpaFixture fixture = JpaFixture.create(DatabaseKind.H2)) {
      EntityManager em = fixture.emf.createEntityManager();
      try {
        assertThat(new Owners().plain(em, fixture.entities.user(), fixture.entities.profile()))
            .isTrue();
      } finally {
        em.close();
      }
    }
  }

  /** The read through {@code owners}, checked against the JPQL read first. */
  private static <U extends AuthUserBase> Optional<SessionOwner> owner(
      Owners owners, Class<?> profileClass, U user, Long profileId) {
    String userName = user.getClass().getSimpleName();
    String profileName = profileClass.getSimpleName();
    Optional<SessionOwner> read =
        inTx(
            em ->
                HostPaths.owner(
                    em,
                    user.getClass(),
                    userName,
                    profileClass,
                    profileName,
                    user.getPublicId(),
                    profileId));
    Optional<SessionOwner> jpql =
        inTx(
            em ->
                JpaStoreTransaction.ownerByJpql(
                    em, userName, profileName, user.getPublicId(), profileId));
    assertThat(read).isEqualTo(jpql);
    return read.map(JdbcSessionOwnersTest::flags);
  }

  /** The three states the refresh decides on, without the roles facts (tested on their own). */
  private static SessionOwner flags(SessionOwner o) {
    return new SessionOwner(o.active(), o.deleted(), o.profileFound());
  }

  private static <U extends AuthUserBase> U user(U u, Consumer<U> shape) {
    u.setPublicId(UUID.randomUUID());
    u.setActive(true);
    u.touch(NOW);
    shape.accept(u);
    inTx(
        em -> {
          em.persist(u);
          return null;
        });
    return u;
  }

  private static <U extends AuthUserBase> long profile(
      AbstractAuthProfile<U> p, U user, boolean active) {
    p.setUser(user);
    p.setRole("member");
    p.setActive(active);
    p.touch(NOW);
    return inTx(
        em -> {
          p.setUser(em.merge(user));
          em.persist(p);
          em.flush();
          return p.getId();
        });
  }

  private static <T> T inTx(Function<EntityManager, T> work) {
    EntityManager em = emf.createEntityManager();
    try {
      em.getTransaction().begin();
      T result = work.apply(em);
      em.getTransaction().commit();
      return result;
    } finally {
      em.close();
    }
  }

  /** The owner read of a user and a profile class, plain where the mapping allows. */
  static final class Owners {
    boolean plain(EntityManager em, Class<?> user, Class<?> profile) {
      return HostPaths.statements(em, user, profile).plainIn(HostMapping.Statement.SESSION_OWNER);
    }
  }
}
