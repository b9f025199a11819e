package dev.gatehouse.imports.cli;

import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.imports.GatehouseImports;
import dev.gatehouse.jpa.GatehouseMigrations;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The command-line tool's view of the target's schema: whether it has the tables a command needs,
 * and {@code --migrate}. A refusal is an {@link IllegalArgumentException}, bad usage (exit 2).
 */
final class TargetSchema {
  private TargetSchema() {}

  /**
   * Applies the library's changelog and the importer's, with Liquibase's console output sent to its
   * log instead of stdout. On a target that already has the user table, the library's tables are
   * the application's, created by its own Liquibase run (whose changeset checksums differ from a
   * run of the library changelog alone): only the importer's changelog is applied.
   */
  static void migrate(DataSource target, EntityClasses entities, PrintStream err) {
    boolean hostMigrated = userTable(entities).map(t -> tables(target).contains(t)).orElse(false);
    if (hostMigrated) {
      err.println(
          "--migrate: the target has the user table "
              + userTable(entities).orElseThrow()
              + ", so the application migrates Gatehouse's tables; applying only "
              + GatehouseImports.CHANGELOG);
    }
    try {
      liquibase.Scope.child(
          liquibase.Scope.Attr.ui.name(),
          new liquibase.ui.LoggerUIService(),
          () -> {
            if (!hostMigrated) {
              GatehouseMigrations.migrate(target, GatehouseMigrations.LIBRARY_CHANGELOG, entities);
            }
            GatehouseMigrations.migrate(target, GatehouseImports.CHANGELOG, entities);
          });
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("the migration failed: " + e.getMessage(), e);
    }
  }

  /** The lower-case names of the target's tables in its current schema. */
  private static java.util.Set<String> tables(DataSource target) {
    java.util.Set<String> tables = new java.util.HashSet<>();
    try (Connection c = target.getConnection()) {
      DatabaseMetaData md = c.getMetaData();
      try (ResultSet rs = md.getTables(c.getCatalog(), c.getSchema(), "%", null)) {
        while (rs.next()) {
          tables.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot connect to the target database: " + e.getMessage(), e);
    }
    return tables;
  }

  /** The user entity's table as {@code @Table} names it, lower case, unquoted. */
  private static java.util.Optional<String> userTable(EntityClasses entities) {
    jakarta.persistence.Table table =
        entities.user().getAnnotation(jakarta.persistence.Table.class);
    return table == null || table.name().isEmpty()
        ? java.util.Optional.empty()
        : java.util.Optional.of(
            table.name().replace("\"", "").replace("`", "").toLowerCase(Locale.ROOT));
  }

  /**
   * Refuses, before the entity mapping is checked against it, a target without the user table or
   * the importer's tables, with the fix instead of the first missing table's name.
   */
  static void requireTables(DataSource target, EntityClasses entities) {
    java.util.Set<String> tables = tables(target);
    String users = userTable(entities).orElse(null);
    if (users != null && !tables.contains(users)) {
      throw new IllegalArgumentException(
          "the target database has no user table "
              + users
              + " (of "
              + entities.user().getSimpleName()
              + "): if your application maps its own user table (the README's app_user), name"
              + " its entity classes with --entities-jar your-app.jar; to create Gatehouse's"
              + " default tables instead, run with --migrate");
    }
    if (!tables.contains("gh_import_run")) {
      throw new IllegalArgumentException(
          "the target database has no import tables (gh_import_run, …): run with --migrate, or"
              + " include "
              + GatehouseImports.CHANGELOG
              + " in your changelog");
    }
  }
}
