package dev.gatehouse.imports;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.entity.DefaultEntities;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.password.PasswordHashingOptions;
import dev.gatehouse.jpa.GatehouseJpa;
import dev.gatehouse.jpa.JpaAuthStore;
import dev.gatehouse.jpa.fixture.MigratedDatabases;
import dev.gatehouse.testing.MutableClock;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import jakarta.persistence.EntityManagerFactory;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A migrated target database with empty tables and an importer over it ({@link MigratedDatabases}:
 * migrated once per JVM, emptied between tests); closing closes its entity manager factory, so
 * nothing a test left running reaches the next test's rows, and hands the database back.
 */
final class ImportFixture implements AutoCloseable {
  final TestDatabase db;
  final EntityClasses entities = DefaultEntities.classes();
  final EntityManagerFactory emf;
  final JpaAuthStore store;
  final MutableClock clock = MutableClock.at(java.time.Instant.parse("2026-01-05T10:00:00Z"));
  final GatehouseConfig config;
  final PasswordHashing hashing = PasswordHashing.create(PasswordHashingOptions.defaults());
  final Importer importer;

  /**
   * A host's master changelog with the library's and the importer's changelogs included: one
   * Liquibase run, as a host migrates.
   */
  static final String HOST_CHANGELOG = "host-with-import.changelog.xml";

  private final MigratedDatabases.Migrated migrated;

  private ImportFixture(MigratedDatabases.Migrated migrated) {
    this.migrated = migrated;
    this.db = migrated.db();
    this.emf = GatehouseJpa.bootstrap(db.dataSource(), entities, List.of());
    this.store = new JpaAuthStore(emf, entities);
    this.config =
        GatehouseConfig.builder()
            .clock(clock)
            .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
            .set(GatehouseConfig.FRONTEND_URL, java.net.URI.create("https://app.example.test"))
            .build();
    this.importer =
        Importer.builder()
            .dataSource(db.dataSource())
            .entityManagerFactory(emf)
            .entities(entities)
            .config(config)
            .hashing(hashing)
            .clock(clock)
            .build();
  }

  static ImportFixture create(DatabaseKind kind) {
    MigratedDatabases.Migrated migrated =
        MigratedDatabases.take(kind, List.of(HOST_CHANGELOG), DefaultEntities.classes());
    try {
      return new ImportFixture(migrated);
    } catch (RuntimeException e) {
      migrated.db().close();
      throw e;
    }
  }

  static Path sample(String name) {
    try {
      return Path.of(ImportFixture.class.getResource("/legacy-samples/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every row of a table as text, ordered by all columns, for exact before/after comparisons. */
  List<String> rows(String table) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select * from " + table)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          b.append(md.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT)).append('=');
          b.append(rs.getString(i)).append('|');
        }
        out.add(b.toString());
      }
    }
    out.sort(null);
    return out;
  }

  /** The user, profile and device tables. */
  List<String> accountTables() throws SQLException {
    List<String> all = new ArrayList<>();
    // gh_user_sign_in: the record of each account's last sign-in, which a rollback restores too.
    for (String t : List.of("gh_user", "gh_profile", "gh_device", "gh_user_sign_in")) {
      all.add("## " + t);
      all.addAll(rows(t));
    }
    return all;
  }

  /** The first column of every row of a query, as text. */
  List<String> rowsOf(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  long count(String sql) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Override
  public void close() {
    try {
      emf.close();
    } finally {
      MigratedDatabases.giveBack(migrated);
    }
  }

  @Override
  public String toString() {
    return db.toString();
  }
}
