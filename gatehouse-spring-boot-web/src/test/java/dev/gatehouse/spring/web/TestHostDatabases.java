package dev.gatehouse.spring.web;

import dev.gatehouse.admin.Administration;
import dev.gatehouse.core.entity.DefaultEntities;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.organizations.Organizations;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.util.EnumMap;
import java.util.Map;

/**
 * The migrated databases of {@link TestHost}'s contexts: one per database kind and test JVM, shared
 * by every context on that kind. A fresh database and three Liquibase runs (the library's, the
 * organisations' and the administration's changelogs) cost more of the test JVM's CPU than most
 * contract classes' own requests, once per context, and Spring's context cache keeps about forty
 * contexts (one per distinct set of properties) alive at once.
 *
 * <p>Sharing is safe because each test works with accounts of its own (a fresh address, {@link
 * ContractTestSupport#newPhone()}) and reads only what it wrote. A class that needs what a database
 * holds for every caller as a fresh one holds it (no superuser yet, for the bootstrap's first; no
 * request from loopback counted yet) asks for a database of its own with {@code
 * gatehouse.test.own-database=true}. Every database, shared or own, is dropped when the test JVM
 * ends; no context closes it, as an evicted context's would be in use by the others.
 */
final class TestHostDatabases {
  private static final Map<DatabaseKind, TestDatabase> SHARED = new EnumMap<>(DatabaseKind.class);

  private TestHostDatabases() {}

  /**
   * {@return the migrated database a context on {@code kind} works in}
   *
   * @param own a database no other context uses, instead of the kind's shared one
   */
  static synchronized TestDatabase on(DatabaseKind kind, boolean own) {
    return own ? migrated(kind) : SHARED.computeIfAbsent(kind, TestHostDatabases::migrated);
  }

  private static TestDatabase migrated(DatabaseKind kind) {
    TestDatabase db = TestDatabase.create(kind);
    Runtime.getRuntime().addShutdownHook(new Thread(db::close, "drop-test-host-database"));
    EntityClasses entities = DefaultEntities.classes();
    GatehouseMigrations.migrate(db.dataSource(), GatehouseMigrations.LIBRARY_CHANGELOG, entities);
    GatehouseMigrations.migrate(db.dataSource(), Organizations.CHANGELOG, entities);
    GatehouseMigrations.migrate(db.dataSource(), Administration.CHANGELOG, entities);
    return db;
  }
}
