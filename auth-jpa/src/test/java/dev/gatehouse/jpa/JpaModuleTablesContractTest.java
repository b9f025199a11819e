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
