package dev.gatehouse.jpa;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.jpa.fixture.JpaFixtures;
import dev.gatehouse.testing.ModuleTablesContract;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The JPA store keeps a module's tables as {@link ModuleTablesContract} says, on every enabled
 * database, its table made by a module's changelog run after the library's ({@code
 * module-tables-contract.changelog.xml}) in each run's fresh database.
 */
class JpaModuleTablesContractTest {
  private static final String CHANGELOG = "dev/gatehouse/jpa/module-tables-contract.changelog.xml";
  private static final JpaFixtures FIXTURES = new JpaFixtures();
  private static final Set<DatabaseKind> MIGRATED = EnumSet.noneOf(DatabaseKind.class);

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  private static synchronized AuthStore storeOn(DatabaseKind kind) {
    assumeTrue(TestDatabase.enabledKinds().contains(kind), kind + " is not configured");
    JpaFixture db = FIXTURES.get(kind);
    if (MIGRATED.add(kind)) {
      GatehouseMigrations.migrate(db.db.dataSource(), CHANGELOG, db.entities);
    }
    return db.store;
  }

  @Test
  void aTableTheDatabaseLacksIsAConfigurationErrorNamingTheTable() {
    AuthStore store = storeOn(DatabaseKind.H2);
    ConfigurationException e =
        assertThrows(
            ConfigurationException.class,
            () ->
                store.inTransaction(
                    tx -> tx.moduleTables().rows("module_never_made").find(Map.of())));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("module_never_made"));
  }

  /**
   * A table of that name in another schema of the same PostgreSQL database (another application's,
   * or another tenant's) is not the module's: the store neither has it nor writes to it.
   */
  @Test
  void aTableInAnotherSchemaOfTheDatabaseIsNotTheModules() throws java.sql.SQLException {
    AuthStore store = storeOn(DatabaseKind.POSTGRESQL);
    JpaFixture db = FIXTURES.get(DatabaseKind.POSTGRESQL);
    String elsewhere = "gh_elsewhere_" + Long.toHexString(System.nanoTime());
    try (java.sql.Connection c = db.db.connect();
        java.sql.Statement s = c.createStatement()) {
      s.execute("create schema " + elsewhere);
      try {
        s.execute("create table " + elsewhere + ".module_only_elsewhere (id varchar(36))");
        boolean had = store.inTransaction(tx -> tx.moduleTables().has("module_only_elsewhere"));
        org.junit.jupiter.api.Assertions.assertFalse(had);
        assertThrows(
            ConfigurationException.class,
            () ->
                store.inTransaction(
                    tx -> tx.moduleTables().rows("module_only_elsewhere").find(Map.of())));
      } finally {
        s.execute("drop schema " + elsewhere + " cascade");
      }
    }
  }

  @Nested
  class OnH2 extends ModuleTablesContract {
    @Override
    public AuthStore store() {
      return storeOn(DatabaseKind.H2);
    }
  }

  @Nested
  class OnPostgreSql extends ModuleTablesContract {
    @Override
    public AuthStore store() {
      return storeOn(DatabaseKind.POSTGRESQL);
    }
  }

  @Nested
  class OnMariaDb extends ModuleTablesContract {
    @Override
    public AuthStore store() {
      return storeOn(DatabaseKind.MARIADB);
    }
  }
}
