package dev.gatehouse.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.entity.AbstractAuthUser;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import jakarta.persistence.AttributeOverride;
import jakarta.persistence.AttributeOverrides;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.hibernate.annotations.SQLRestriction;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.type.YesNoConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The last-login statements {@link HostMapping} builds from a host's user mapping: renamed and
 * quoted columns and converters bind as Hibernate would, the conditional update changes a row only
 * while the account is live, active and has the same hash, and mappings whose updates Hibernate
 * shapes (a restriction, a version) are left to the JPQL update. The mapping is what is checked, so
 * one database (H2) suffices; the default mapping's statements run in every login test on H2,
 * PostgreSQL and MariaDB.
 */
class JdbcLoginUpdatesTest {
  private static EntityManagerFactory emf;
  private static final Instant NOW = Instant.parse("2026-11-23T10:15:30Z");

  /** A host's table: renamed and quoted columns, and a flag stored as {@code Y}/{@code N}. */
  @Entity(name = "RenamedUser")
  @Table(name = "\"renamed user\"")
  @AttributeOverrides({
    @AttributeOverride(name = "passwordHash", column = @Column(name = "pw", length = 512)),
    @AttributeOverride(name = "lastLoginAt", column = @Column(name = "\"last seen\"")),
    @AttributeOverride(name = "active", column = @Column(name = "is_live", length = 1))
  })
  @Convert(attributeName = "active", converter = YesNoConverter.class)
  static class RenamedUser extends AbstractAuthUser {}

  /** Rows a restriction hides must not be updated by a statement that does not know it. */
  @Entity(name = "RestrictedUser")
  @Table(name = "restricted_user")
  @SQLRestriction("email is not null")
  static class RestrictedUser extends AbstractAuthUser {}

  /** Restricted in {@code login-updates-orm.xml} only. */
  @Entity(name = "XmlRestrictedUser")
  static class XmlRestrictedUser extends AbstractAuthUser {}

  @Entity(name = "VersionedUser")
  @Table(name = "versioned_user")
  static class VersionedUser extends AbstractAuthUser {
    @Version long version;
  }

  @BeforeAll
  static void start() {
    emf =
        new HibernatePersistenceConfiguration("logins-" + UUID.randomUUID())
            .managedClasses(
                RenamedUser.class,
                RestrictedUser.class,
                XmlRestrictedUser.class,
                VersionedUser.class)
            .mappingFile("login-updates-orm.xml")
            .jdbcUrl("jdbc:h2:mem:logins-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
            .property("hibernate.hbm2ddl.auto", "create")
            .createEntityManagerFactory();
    // The library's table the login statements write beside the host's (changeset 0018).
    inTx(
        em ->
            em.createNativeQuery(
                    "create table gh_user_sign_in (user_public_id varchar(36) primary key,"
                        + " last_login_at timestamp(6) with time zone not null)")
                .executeUpdate());
  }

  @AfterAll
  static void stop() {
    emf.close();
  }

  @Test
  void theConditionalUpdateWritesRenamedColumnsThroughTheirConverterOnlyForAnUnchangedAccount() {
    LoginUpdates updates = new LoginUpdates();
    UUID live = user(u -> u);
    UUID otherHash = user(u -> u);
    UUID inactive =
        user(
            u -> {
              u.setActive(false);
              return u;
            });
    UUID deleted =
        user(
            u -> {
              u.setDeletedAt(NOW.minusSeconds(60));
              return u;
            });

    assertThat(rows(em -> updates.recordPasswordLogin(em, RenamedUser.class, live, "h1", NOW)))
        .contains(1);
    assertThat(rows(em -> updates.recordPasswordLogin(em, RenamedUser.class, otherHash, "h2", NOW)))
        .contains(0);
    assertThat(rows(em -> updates.recordPasswordLogin(em, RenamedUser.class, inactive, "h1", NOW)))
        .contains(0);
    assertThat(rows(em -> updates.recordPasswordLogin(em, RenamedUser.class, deleted, "h1", NOW)))
        .contains(0);

    assertThat(lastLogin(live)).isEqualTo(NOW);
    assertThat(signInRow(live)).contains(NOW);
    assertThat(signInRow(otherHash)).isEmpty();
    assertThat(signInRow(inactive)).isEmpty();
    assertThat(lastLogin(otherHash)).isNull();
    assertThat(lastLogin(inactive)).isNull();
    assertThat(lastLogin(deleted)).isNull();
    Object flag =
        inTx(
            em ->
                em.createNativeQuery("select is_live from \"renamed user\" where public_id = ?")
                    .setParameter(1, live.toString())
                    .getSingleResult());
    assertThat(String.valueOf(flag)).isEqualTo("Y");
  }

  @Test
  void theUnconditionalUpdateRecordsAnyAccountsLogin() {
    LoginUpdates updates = new LoginUpdates();
    UUID inactive =
        user(
            u -> {
              u.setActive(false);
              return u;
            });
    assertThat(rows(em -> updates.recordLogin(em, RenamedUser.class, inactive, NOW))).contains(1);
    assertThat(rows(em -> updates.recordLogin(em, RenamedUser.class, UUID.randomUUID(), NOW)))
        .contains(0);
    assertThat(lastLogin(inactive)).isEqualTo(NOW);
  }

  @Test
  void mappingsWhoseUpdatesHibernateShapesKeepTheJpqlUpdate() {
    LoginUpdates updates = new LoginUpdates();
    UUID any = UUID.randomUUID();
    assertThat(rows(em -> updates.recordPasswordLogin(em, RestrictedUser.class, any, "h", NOW)))
        .isEmpty();
    assertThat(rows(em -> updates.recordLogin(em, VersionedUser.class, any, NOW))).isEmpty();
    assertThat(rows(em -> updates.recordLogin(em, XmlRestrictedUser.class, any, NOW))).isEmpty();
    assertThat(rows(em -> updates.recordLogin(em, String.class, any, NOW))).isEmpty();
  }

  @Test
  void theLibrarysDefaultUserTakesTheStatements() {
    try (JpaFixture fixture = JpaFixture.create(DatabaseKind.H2)) {
      EntityManager em = fixture.emf.createEntityManager();
      try {
        em.getTransaction().begin();
        assertThat(
                new LoginUpdates().recordLogin(em, fixture.entities.user(), UUID.randomUUID(), NOW))
            .contains(0);
        em.getTransaction().rollback();
      } finally {
        em.close();
      }
    }
  }

  private static UUID user(Function<RenamedUser, RenamedUser> shape) {
    RenamedUser u = new RenamedUser();
    UUID id = UUID.randomUUID();
    u.setPublicId(id);
    u.setPasswordHash("h1");
    u.setActive(true);
    u.touch(NOW.minus(1, ChronoUnit.DAYS));
    RenamedUser shaped = shape.apply(u);
    inTx(
        em -> {
          em.persist(shaped);
          return null;
        });
    return id;
  }

  private static Instant lastLogin(UUID publicId) {
    return inTx(
        em ->
            em.createQuery(
                    "select u.lastLoginAt from RenamedUser u where u.publicId = :p", Instant.class)
                .setParameter("p", publicId.toString())
                .getSingleResult());
  }

  /** The user's row of {@link SignInTimes}, written with its last login. */
  private static Optional<Instant> signInRow(UUID publicId) {
    return inTx(
        em ->
            em.createNativeQuery(
                    "select last_login_at from gh_user_sign_in where user_public_id = ?",
                    java.time.OffsetDateTime.class)
                .setParameter(1, publicId.toString())
                .getResultStream()
                .findFirst()
                .map(t -> ((java.time.OffsetDateTime) t).toInstant()));
  }

  private static Optional<Integer> rows(Function<EntityManager, Optional<Integer>> update) {
    return inTx(update);
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

  /** The last-login statements of a user class, plain where the mapping allows. */
  static final class LoginUpdates {
    Optional<Integer> recordLogin(EntityManager em, Class<?> user, UUID id, Instant now) {
      return HostPaths.recordLogin(em, user, id, now);
    }

    Optional<Integer> recordPasswordLogin(
        EntityManager em, Class<?> user, UUID id, String hash, Instant now) {
      return HostPaths.recordPasswordLogin(em, user, id, hash, now);
    }
  }
}
