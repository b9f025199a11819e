package dev.gatehouse.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.store.ProfileStore.ProfileRecord;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.examples.app.AppEntities;
import dev.gatehouse.examples.app.User;
import dev.gatehouse.examples.legacy.LegacyEntities;
import dev.gatehouse.examples.legacy.LegacyUser;
import dev.gatehouse.jpa.GatehouseJpa;
import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.jpa.JpaAuthStore;
import dev.gatehouse.jpa.MigrationClasspathCheck;
import dev.gatehouse.jpa.MigrationClasspathCheck.ProblemKind;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The two ways a host adopts Gatehouse, each from an empty database: a fresh host with one-line
 * entities and a column of its own, and a legacy host whose pre-adoption history names a class by
 * its old package (kept loadable by a shim) and whose user table keeps its own key and names.
 */
class SchemaAdoptionTest {

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void freshHostMigratesAndItsEntitiesValidate(DatabaseKind kind) {
    try (TestDatabase db = TestDatabase.create(kind)) {
      EntityClasses entities = AppEntities.classes();
      GatehouseMigrations.migrate(db.dataSource(), AppEntities.CHANGELOG, entities);
      try (EntityManagerFactory emf =
          GatehouseJpa.bootstrap(db.dataSource(), entities, List.of())) {
        // The host's own column lives on the host's entity, which the host writes through JPA.
        EntityManager em = emf.createEntityManager();
        em.getTransaction().begin();
        User u = new User();
        u.setEmail("Stripe@Example.com", "stripe@example.com");
        u.setStripeCustomerId("cus_123");
        u.touch(Instant.parse("2026-01-01T00:00:00Z"));
        em.persist(u);
        em.getTransaction().commit();
        em.close();
        UUID id = u.getPublicId();
        JpaAuthStore store = new JpaAuthStore(emf, entities);
        assertThat(store.inTransaction(tx -> tx.users().findByPublicId(id)).orElseThrow().email())
            .isEqualTo("Stripe@Example.com");
        EntityManager read = emf.createEntityManager();
        assertThat(read.find(User.class, u.getId()).getStripeCustomerId()).isEqualTo("cus_123");
        read.close();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void legacyHostMigratesFromZeroThroughItsHistoryAndTheLibraryChangelog(DatabaseKind kind)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(kind)) {
      MigrationClasspathCheck.check(LegacyEntities.CHANGELOG, getClass().getClassLoader())
          .throwIfProblems();
      EntityClasses entities = LegacyEntities.classes();
      GatehouseMigrations.migrate(
          db.dataSource(), LegacyEntities.CHANGELOG, entities, LegacyEntities.PARAMETERS);
      try (EntityManagerFactory emf =
          GatehouseJpa.bootstrap(db.dataSource(), entities, List.of())) {
        JpaAuthStore store = new JpaAuthStore(emf, entities);
        // The historical custom change ran through the shim and filled the normalised column.
        UserRecord founder =
            store.inTransaction(tx -> tx.users().findByEmail("founder@acme.example")).orElseThrow();
        assertThat(legacyKey(emf, founder.publicId())).isEqualTo("64b7f0c2a1d3e4f5a6b7c8d9");
        assertThat(founder.phone()).isEqualTo("+14155550100");
        // New users get the legacy key shape, and the library's tables reference it.
        String newId =
            store
                .inTransaction(
                    tx -> {
                      Instant at = Instant.parse("2026-01-01T00:00:00Z");
                      UUID created =
                          tx.users()
                              .create(UserRecord.newAccount(at).phone("+14155550111").build())
                              .publicId();
                      tx.profiles().create(ProfileRecord.of(created, "client", at));
                      return created;
                    })
                .toString();
        newId = legacyKey(emf, UUID.fromString(newId));
        assertThat(newId).hasSize(24);
        // A bulk transaction does not flush before queries, so an assigned key waits for the
        // commit:
        // the stores still find the new owners, also among many managed entities.
        Instant at = Instant.parse("2026-01-02T00:00:00Z");
        List<UUID> bulk =
            store.inBulkTransaction(
                tx -> {
                  List<UUID> out = new ArrayList<>();
                  for (int i = 0; i < 40; i++) {
                    UserRecord u =
                        tx.users()
                            .insert(
                                UserRecord.newAccount(at).phone("+1415555" + (2000 + i)).build());
                    tx.profiles()
                        .create(
                            ProfileRecord.of(u.publicId(), "client", at).withDefaultProfile(true));
                    out.add(u.publicId());
                  }
                  return out;
                });
        assertThat(
                store.<Long>inTransaction(
                    tx ->
                        bulk.stream()
                            .filter(u -> tx.profiles().findDefault(u).isPresent())
                            .count()))
            .isEqualTo(40L);
      }
      // Nothing recorded has drifted from the changelog's logical paths.
      assertThat(
              MigrationClasspathCheck.check(
                      LegacyEntities.CHANGELOG, getClass().getClassLoader(), db.dataSource())
                  .ok())
          .isTrue();
    }
  }

  /** The legacy host's own key of a user: a value the library never hands out. */
  private static String legacyKey(EntityManagerFactory emf, UUID publicId) {
    EntityManager em = emf.createEntityManager();
    try {
      return em.createQuery(
              "select u from " + LegacyUser.class.getSimpleName() + " u where u.publicId = :p",
              LegacyUser.class)
          .setParameter("p", publicId.toString())
          .getSingleResult()
          .getId();
    } finally {
      em.close();
    }
  }

  @Test
  void removingTheShimMakesTheCheckFailNamingTheOldPathAndTheShimToAdd() {
    ClassLoader withoutShim =
        new HidingClassLoader(
            getClass().getClassLoader(), "com.acme.accounts.migrations.NormalizeEmails");
    MigrationClasspathCheck.Report report =
        MigrationClasspathCheck.check(LegacyEntities.CHANGELOG, withoutShim);
    assertThat(report.ok()).isFalse();
    assertThat(report.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.kind()).isEqualTo(ProblemKind.MISSING_CLASS);
              assertThat(p.changeSetId()).isEqualTo("acme-0002-lowercase-emails");
              assertThat(p.message())
                  .contains("com.acme.accounts.migrations.NormalizeEmails")
                  .contains("shim")
                  .contains("dev.gatehouse.jpa.changes.BackfillNormalizedEmails");
            });
    // With the shim present, the same tree is clean.
    assertThat(
            MigrationClasspathCheck.check(LegacyEntities.CHANGELOG, getClass().getClassLoader())
                .ok())
        .isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aChangelogWhoseLogicalPathDriftedIsReportedWithThePathToRestore(DatabaseKind kind)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(kind)) {
      GatehouseMigrations.migrate(db.dataSource(), AppEntities.CHANGELOG, AppEntities.classes());
      // Simulate a history recorded under an older path, as if the file had moved.
      try (Connection c = db.connect();
          Statement s = c.createStatement()) {
        s.executeUpdate(
            "UPDATE DATABASECHANGELOG SET FILENAME = 'db/changelog/app-master.xml' WHERE ID = 'app-0001-stripe-customer'");
      }
      MigrationClasspathCheck.Report r =
          MigrationClasspathCheck.check(
              AppEntities.CHANGELOG, getClass().getClassLoader(), db.dataSource());
      assertThat(r.problems())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.kind()).isEqualTo(ProblemKind.LOGICAL_PATH_CHANGED);
                assertThat(p.message())
                    .contains("db/changelog/app-master.xml")
                    .contains("app/app-master.xml")
                    .contains("logicalFilePath");
              });
      try (Connection c = db.connect();
          ResultSet rs =
              c.createStatement().executeQuery("SELECT COUNT(*) FROM DATABASECHANGELOG")) {
        rs.next();
        assertThat(rs.getInt(1)).isPositive();
      }
    }
  }

  /** A class loader that pretends some classes do not exist, standing for a deleted file. */
  static final class HidingClassLoader extends ClassLoader {
    private final List<String> hidden;

    HidingClassLoader(ClassLoader parent, String... hidden) {
      super(parent);
      this.hidden = List.of(hidden);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (hidden.contains(name)) {
        throw new ClassNotFoundException(name);
      }
      return super.loadClass(name, resolve);
    }
  }
}
