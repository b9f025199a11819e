package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.imports.lazy.JdbcLegacyAuthenticator;
import dev.gatehouse.imports.source.JdbcTableSource.ColumnMapping;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Finding 10 of issue 18: lazy migration against FastAPI-Users' default table, named {@code user}
 * (a reserved word), configured as the guide says ({@code GATEHOUSE_LEGACY_TABLE=user}), and a
 * legacy table of the wrong shape refused at start-up.
 */
class LazyMigrationReservedTableTest {
  static final String BCRYPT = "$2b$10$9G9TrBJ5KmaM9i3BqI2TB.ptaNWKnreO/GP6XypxUXkVpWTfvVCse";

  static void createUserTable(ImportFixture f, DatabaseKind kind, boolean withPassword)
      throws Exception {
    String q = kind == DatabaseKind.MARIADB ? "`" : "\"";
    String id = kind == DatabaseKind.MARIADB ? "char(36)" : "uuid";
    try (Connection c = f.db.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "create table "
              + q
              + "user"
              + q
              + " (id "
              + id
              + " primary key, email varchar(320) not null,"
              + (withPassword ? " hashed_password varchar(1024) not null," : "")
              + " is_active boolean not null, is_superuser boolean not null,"
              + " is_verified boolean not null)");
      if (withPassword) {
        s.execute(
            "insert into "
                + q
                + "user"
                + q
                + " (id, email, hashed_password, is_active, is_superuser, is_verified) values"
                + " ('bcefc4c7-1698-401e-bda9-ca5895113f34', 'mmartinez@example.com', '"
                + BCRYPT
                + "', true, false, true)");
      }
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void aUserOfTheReservedWordTableLogsInAndIsMigrated(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      createUserTable(f, kind, true);
      JdbcLegacyAuthenticator legacy =
          JdbcLegacyAuthenticator.builder(f.db.dataSource(), "user", ColumnMapping.fastApiUsers())
              .build();
      Gatehouse g = LazyMigrationTest.gatehouse(f, legacy, new CapturingEmailSender());

      g.accounts().login(LazyMigrationTest.login("MMartinez@example.com", "Sunset931 "));

      assertThat(
              f.count(
                  "select count(*) from gh_user where email = 'mmartinez@example.com'"
                      + " and password_hash not like '$2b$%'"))
          .isEqualTo(1);
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void aLegacyTableOfTheWrongShapeIsRefusedAtStartUpNamingWhatIsMissing(DatabaseKind kind)
      throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      createUserTable(f, kind, false);
      assertThatThrownBy(
              () ->
                  JdbcLegacyAuthenticator.builder(
                          f.db.dataSource(), "user", ColumnMapping.fastApiUsers())
                      .build())
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("hashed_password");
      assertThatThrownBy(
              () ->
                  JdbcLegacyAuthenticator.builder(
                          f.db.dataSource(), "no_such_users", ColumnMapping.fastApiUsers())
                      .build())
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("no_such_users");
      assertThatThrownBy(
              () ->
                  JdbcLegacyAuthenticator.builder(
                          f.db.dataSource(), "user", ColumnMapping.fastApiUsers())
                      .migratedColumn("gatehouse_migrated_at")
                      .build())
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("gatehouse_migrated_at");
    }
  }
}
