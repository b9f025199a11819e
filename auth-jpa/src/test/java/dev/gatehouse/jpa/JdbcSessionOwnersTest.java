package dev.gatehouse.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.entity.AbstractAuthProfile;
import dev.gatehouse.core.entity.AbstractAuthUser;
import dev.gatehouse.core.entity.AuthUserBase;
import dev.gatehouse.core.store.StoreTransaction.SessionOwner;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.testing.DatabaseKind;
import jakarta.persistence.AssociationOverride;
import jakarta.persistence.AttributeOverride;
import jakarta.persistence.AttributeOverrides;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hibernate.annotations.SQLRestriction;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.type.YesNoConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The owner read of every refresh as a plain statement ({@link JdbcSessionOwners}) built from a
 * host's mapping: renamed and quoted tables and columns, a converted flag and a renamed join column
 * read as the JPQL projection reads them, and mappings that add conditions to a query (a
 * restriction on the user or on the profile) keep the JPQL read, restriction included. The mapping
 * is what is checked, so one database (H2) suffices; the default mapping's statement runs in every
 * refresh test on H2, PostgreSQL and MariaDB.
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
    @AttributeOverride(name = "active", column = @Column(name = "is_live", length = 1))
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

  @BeforeAll
  static void start() {
    emf =
        new HibernatePersistenceConfiguration("owners-" + UUID.randomUUID())
            .managedClasses(
                OwnerUser.class,
                OwnerProfile.class,
                ActiveOnlyProfile.class,
                HiddenUser.class,
                HiddenUserProfile.class)
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
    JdbcSessionOwners owners = new JdbcSessionOwners();
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
                    owners.read(
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
  void restrictionsOnTheUserOrTheProfileKeepTheJpqlReadAndApply() {
    JdbcSessionOwners owners = new JdbcSessionOwners();
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
  void pendingChangesToTheUserAreFlushedBeforeThePlainRead() {
    JdbcSessionOwners owners = new JdbcSessionOwners();
    OwnerUser user = user(new OwnerUser(), u -> {});
    Optional<SessionOwner> read =
        inTx(
            em -> {
              OwnerUser managed =
                  em.createQuery("select u from OwnerUser u where u.id = :id", OwnerUser.class)
                      .setParameter("id", user.getId())
                      .getSingleResult();
              managed.setActive(false);
              return owners.read(
                  em,
                  OwnerUser.class,
                  "OwnerUser",
                  OwnerProfile.class,
                  "OwnerProfile",
                  managed.getPublicId(),
                  null);
            });
    assertThat(read).contains(new SessionOwner(false, false, false));
  }

  @Test
  void theLibrarysDefaultMappingTakesThePlainStatement() {
    try (JpaFixture fixture = JpaFixture.create(DatabaseKind.H2)) {
      EntityManager em = fixture.emf.createEntityManager();
      try {
        assertThat(
                new JdbcSessionOwners()
                    .plain(em, fixture.entities.user(), fixture.entities.profile()))
            .isTrue();
      } finally {
        em.close();
      }
    }
  }

  /** The read through {@code owners}, checked against the JPQL read first. */
  private static <U extends AuthUserBase> Optional<SessionOwner> owner(
      JdbcSessionOwners owners, Class<?> profileClass, U user, Long profileId) {
    String userName = user.getClass().getSimpleName();
    String profileName = profileClass.getSimpleName();
    Optional<SessionOwner> read =
        inTx(
            em ->
                owners.read(
                    em,
                    user.getClass(),
                    userName,
                    profileClass,
                    profileName,
                    user.getPublicId(),
                    profileId));
    Optional<SessionOwner> jpql =
        inTx(
            em -> JdbcSessionOwners.jpql(em, userName, profileName, user.getPublicId(), profileId));
    assertThat(read).isEqualTo(jpql);
    return read;
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
}
