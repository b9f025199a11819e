import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.core.entity.DefaultEntities;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase;
import java.sql.Connection;
import liquibase.util.LiquibaseUtil;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Runs the library changelog twice on fresh databases with whatever Liquibase is on the path. */
public class Liquibase5Check {
  public static void main(String[] args) throws Exception {
    String liquibase = LiquibaseUtil.getBuildVersion();
    if (!liquibase.startsWith("5.")) {
      throw new IllegalStateException("expected Liquibase 5 on the classpath, found " + liquibase);
    }
    List<DatabaseKind> kinds = new ArrayList<>(List.of(DatabaseKind.H2));
    if (System.getenv("GATEHOUSE_TEST_POSTGRES_URL") != null) kinds.add(DatabaseKind.POSTGRESQL);
    if (System.getenv("GATEHOUSE_TEST_MARIADB_URL") != null) kinds.add(DatabaseKind.MARIADB);
    for (DatabaseKind kind : kinds) {
      try (TestDatabase db = TestDatabase.create(kind)) {
        for (int run = 1; run <= 2; run++) {
          GatehouseMigrations.migrate(
              db.dataSource(), GatehouseMigrations.LIBRARY_CHANGELOG, DefaultEntities.classes());
        }
        try (Connection c = db.dataSource().getConnection();
            Statement s = c.createStatement();
            ResultSet r = s.executeQuery("select count(*) from DATABASECHANGELOG")) {
          r.next();
          System.out.printf(
              "liquibase %s on %s: %d changesets applied, second run a no-op%n",
              liquibase, kind, r.getLong(1));
        }
      }
    }
  }
}
