package dev.gatehouse.jpa;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.jpa.fixture.JpaFixtures;
import dev.gatehouse.testing.AuthStoreContract;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;

/**
 * The JPA store passes the store contract of {@code auth-testing} on every enabled database (with
 * {@code GATEHOUSE_REQUIRE_DBS=true} a missing one fails instead of skipping).
 */
class JpaStoreContractTest {
  private static final JpaFixtures FIXTURES = new JpaFixtures();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  private static AuthStore storeOn(DatabaseKind kind) {
    assumeTrue(TestDatabase.enabledKinds().contains(kind), kind + " is not configured");
    return FIXTURES.get(kind).store;
  }

  @Nested
  class OnH2 extends AuthStoreContract {
    @Override
    public AuthStore store() {
      return storeOn(DatabaseKind.H2);
    }
  }

  @Nested
  class OnPostgreSql extends AuthStoreContract {
    @Override
    public AuthStore store() {
      return storeOn(DatabaseKind.POSTGRESQL);
    }
  }

  @Nested
  class OnMariaDb extends AuthStoreContract {
    @Override
    public AuthStore store() {
      return storeOn(DatabaseKind.MARIADB);
    }
  }
}
