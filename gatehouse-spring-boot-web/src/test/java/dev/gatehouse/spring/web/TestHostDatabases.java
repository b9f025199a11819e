package dev.gatehouse.spring.web;

import dev.gatehouse.admin.Administration;
import dev.gatehouse.core.entity.DefaultEntities;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.jpa.GatehouseJpa;
import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.organizations.Organizations;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import jakarta.persistence.EntityManagerFactory;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The migrated databases of {@link TestHost}'s contexts: one per database kind and test JVM, shared
 * by every context on that kind. A fresh database and three Liquibase runs (the library's, the
 * organisations' and the administration's changelogs), and Hibernate's start over it, cost more of
 * the test JVM's CPU than most contract classes' own requests, once per context, and Spring's
 * context cache keeps about forty contexts (one per distinct set of properties) alive at once. The
 * contexts on one database share its entity manager factory too: each has its own store and
 * Gatehouse over it.
 *
 * <p>Sharing is safe because each test works with accounts of its own (a fresh address, {@link
 * ContractTestSupport#newPhone()}) and reads only what it wrote. A class that needs what a database
 * holds for every caller as a fresh one holds it (no superuser yet, for the bootstrap's first; no
 * request from loopback counted yet) asks for a database of its own with {@code
 * test-host.own-database=true}. Every database, shared or own, is dropped when the test JVM ends;
 * no context closes it, as an evicted context's would be in use by the others.
 */
final class TestHostDatabases {
  private static final Map<DatabaseKind, HostDatabase> SHARED = new EnumMap<>(DatabaseKind.class);

  private TestHostDatabases() {}

  /**
   * A migrated database and the entity manager factory over it.
   *
   * @param db the database
   * @param entityManagerFactory Hibernate over it, with Gatehouse's default entities
   */
  record HostDatabase(TestDatabase db, EntityManagerFactory entityManagerFactory) {}

  /**
   * {@return the migrated database a context on {@code kind} works in}
   *
   * @param own a database no other context uses, instead of the kind's shared one
   */
  static synchronized HostDatabase on(DatabaseKind kind, boolean own) {
    return own ? migrated(kind) : SHARED.computeIfAbsent(kind, TestHostDatabases::migrated);
  }

  private static HostDatabase migrated(DatabaseKind kind) {
    TestDatabase db = TestDatabase.create(kind);
    EntityClasses entities = DefaultEntities.classes();
    try {
      GatehouseMigrations.migrate(db.dataSource(), GatehouseMigrations.LIBRARY_CHANGELOG, entities);
      GatehouseMigrations.migrate(db.dataSource(), Organizations.CHANGELOG, entities);
      GatehouseMigrations.migrate(db.dataSource(), Administration.CHANGELOG, entities);
      EntityManagerFactory emf = GatehouseJpa.bootstrap(db.dataSource(), entities, List.of());
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    emf.close();
                    db.close();
                  },
                  "drop-test-host-database"));
      return new HostDatabase(db, emf);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }
}
