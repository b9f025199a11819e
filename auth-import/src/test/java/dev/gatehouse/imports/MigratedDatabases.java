package dev.gatehouse.imports;

import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The migrated target databases behind {@link ImportFixture}, each migrated once in a test JVM and
 * handed to one test at a time: Liquibase's run (its snapshot, lock and some forty changesets) cost
 * most of each test of this module, once per test and database.
 *
 * <p>A database comes back to the next test only as a fresh one would be: with the tables, columns
 * and changesets it had right after its migration (else it is dropped, as a test that added a
 * table, a column or a changelog leaves it), and with every table emptied and its identities
 * restarted ({@code TRUNCATE}). Each run's databases are still its own, made afresh and dropped
 * when the JVM ends.
 */
final class MigratedDatabases {
  private MigratedDatabases() {}

  /** A migrated database and what it looked like right after its migration (null: not known). */
  record Migrated(TestDatabase db, String shape) {}

  private static final Map<DatabaseKind, Deque<Migrated>> SPARE = new EnumMap<>(DatabaseKind.class);

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(MigratedDatabases::dropSpares, "drop-spare-test-databases"));
  }

  /**
   * {@return a migrated database with empty tables, for one test}
   *
   * @param kind the database
   * @param entities the entity classes the changelog's parameters come from
   */
  static Migrated take(DatabaseKind kind, EntityClasses entities) {
    synchronized (SPARE) {
      Deque<Migrated> spare = SPARE.get(kind);
      if (spare != null && !spare.isEmpty()) {
        return spare.pop();
      }
    }
    TestDatabase db = TestDatabase.create(kind);
    try {
      GatehouseMigrations.migrate(db.dataSource(), ImportFixture.HOST_CHANGELOG, entities);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
    String shape;
    try {
      shape = shape(db);
    } catch (SQLException | RuntimeException e) {
      // Not read: the test gets it all the same, and it is dropped after, as before.
      shape = null;
    }
    return new Migrated(db, shape);
  }

  /**
   * Empties the database for the next test when it has the shape it was migrated to; drops it
   * otherwise, or when emptying it fails. Call only when nothing uses it any more.
   *
   * @param m what {@link #take} gave
   */
  static void giveBack(Migrated m) {
    try {
      if (m.shape() != null && shape(m.db()).equals(m.shape())) {
        empty(m.db());
        synchronized (SPARE) {
          SPARE.computeIfAbsent(m.db().kind(), k -> new ArrayDeque<>()).push(m);
        }
        return;
      }
    } catch (SQLException | RuntimeException e) {
      // Not reusable: dropped below, as before.
    }
    m.db().close();
  }

  private static void dropSpares() {
    synchronized (SPARE) {
      SPARE.values().forEach(d -> d.forEach(m -> m.db().close()));
      SPARE.clear();
    }
  }

  /** Its tables' columns and types, and how many changesets ran on it. */
  private static String shape(TestDatabase db) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (Connection c = db.connect()) {
      DatabaseMetaData md = c.getMetaData();
      try (ResultSet rs = md.getColumns(c.getCatalog(), c.getSchema(), "%", "%")) {
        while (rs.next()) {
          columns.add(
              (rs.getString("TABLE_NAME")
                      + "."
                      + rs.getString("COLUMN_NAME")
                      + " "
                      + rs.getString("TYPE_NAME")
                      + "("
                      + rs.getInt("COLUMN_SIZE")
                      + ") "
                      + rs.getString("IS_NULLABLE"))
                  .toLowerCase(Locale.ROOT));
        }
      }
      columns.sort(null);
      // Liquibase names its table in the database's own case (DATABASECHANGELOG on MariaDB, whose
      // table names are case-sensitive).
      String changelog = null;
      try (ResultSet rs =
          md.getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          if (rs.getString("TABLE_NAME").equalsIgnoreCase("databasechangelog")) {
            changelog = rs.getString("TABLE_NAME");
          }
        }
      }
      if (changelog == null) {
        throw new IllegalStateException(db + " has no Liquibase changelog table");
      }
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select count(*) from " + changelog)) {
        rs.next();
        columns.add("changesets " + rs.getLong(1));
      }
    }
    return String.join("\n", columns);
  }

  /** Every table but Liquibase's emptied, identities restarted. */
  private static void empty(TestDatabase db) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rs =
          c.getMetaData().getTables(c.getCatalog(), c.getSchema(), "%", new String[] {"TABLE"})) {
        while (rs.next()) {
          String table = rs.getString("TABLE_NAME");
          if (!table.toLowerCase(Locale.ROOT).startsWith("databasechangelog")) {
            tables.add(table);
          }
        }
      }
      switch (db.kind()) {
        case POSTGRESQL -> {
          // A session a test left in a transaction makes the database not reusable, not a hang.
          s.execute("set lock_timeout = '10s'");
          s.execute("truncate table " + String.join(", ", tables) + " restart identity cascade");
        }
        case MARIADB -> {
          s.execute("set session lock_wait_timeout = 10");
          s.execute("set foreign_key_checks = 0");
          try {
            for (String t : tables) {
              s.execute("truncate table " + t);
            }
          } finally {
            s.execute("set foreign_key_checks = 1");
          }
        }
        case H2 -> {
          s.execute("set referential_integrity false");
          try {
            for (String t : tables) {
              s.execute("truncate table " + t + " restart identity");
            }
          } finally {
            s.execute("set referential_integrity true");
          }
        }
        default -> throw new IllegalArgumentException(db.kind().toString());
      }
    }
  }
}
