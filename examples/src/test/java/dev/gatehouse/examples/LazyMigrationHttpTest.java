package dev.gatehouse.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.examples.HttpClientSupport.Reply;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The example application with lazy migration from a Django database (its {@code auth_user} with a
 * migration-stamp column): a user that exists only there logs in through {@code /auth/login/basic/}
 * and is moved over; the answers for a wrong password and an unknown user do not differ.
 */
@OneDatabase(
    "the HTTP side of a lazy migration; the first sign-ins racing are LazyMigrationTest's, on every database")
@ParameterizedClass(name = "{0}")
@ArgumentsSource(EnabledDatabases.class)
class LazyMigrationHttpTest {
  @Parameter DatabaseKind kind;

  private static String legacyUrl;
  private static final String ADMIN_HASH =
      "pbkdf2_sha256$260000$irnUjf3UARWJzo9JwqT44U$M/tqed+EQIfwWYYDh0plePb2hYdSXYDxhPDtc7X7XQE=";
  private static final String ADMIN_PASSWORD = "Ñandú.Cielo-546";
  private static RunningExample app;
  private static HttpClientSupport http;

  @BeforeParameterizedClassInvocation
  static void start(DatabaseKind kind) throws Exception {
    // The old application's database stays on H2; the new one is each database in turn.
    legacyUrl = "jdbc:h2:mem:lazy-http-legacy-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    try (Connection c = DriverManager.getConnection(legacyUrl, "sa", "");
        Statement s = c.createStatement()) {
      s.execute(
          "create table auth_user (id bigint primary key, password varchar(128) not null,"
              + " last_login timestamp null, is_superuser boolean not null,"
              + " username varchar(150) not null unique, first_name varchar(150) not null,"
              + " last_name varchar(150) not null, email varchar(254) not null,"
              + " is_staff boolean not null, is_active boolean not null,"
              + " date_joined timestamp not null, gatehouse_migrated_at timestamp null)");
      s.execute(
          "insert into auth_user values (1, '"
              + ADMIN_HASH
              + "', null, true, 'admin', 'Ada', 'Admin', 'Admin@Example.com', true, true,"
              + " timestamp '2021-03-04 05:06:07', null)");
      s.execute(
          "insert into auth_user values (2, '"
              + ADMIN_HASH
              + "', null, false, 'bea', '', '', 'bea@example.com', false, true,"
              + " timestamp '2021-03-04 05:06:07', null)");
    }
    app =
        RunningExample.start(
            kind,
            Map.of(
                "gatehouse.frontend-url", "https://app.example.test",
                // The host's own variables, as the process environment would hold them.
                "GATEHOUSE_LEGACY_DB_URL", legacyUrl,
                "GATEHOUSE_LEGACY_DB_USER", "sa",
                "GATEHOUSE_LEGACY_MAPPING", "django",
                "GATEHOUSE_LEGACY_MIGRATED_COLUMN", "gatehouse_migrated_at",
                "GATEHOUSE_LEGACY_ASSUME_VERIFIED", "true"),
            RunningExample.TestClock.class);
    http = app.http();
  }

  @AfterParameterizedClassInvocation
  static void stop() throws SQLException {
    app.close();
    try (Connection c = DriverManager.getConnection(legacyUrl, "sa", "");
        Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    }
  }

  private static String json(String email, String password) throws Exception {
    return HttpClientSupport.JSON.writeValueAsString(Map.of("email", email, "password", password));
  }

  private static String inLegacy(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(legacyUrl, "sa", "")) {
      return one(c, sql);
    }
  }

  private static String inApp(String sql) throws SQLException {
    try (Connection c = app.database().connect()) {
      return one(c, sql);
    }
  }

  private static String one(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  @Test
  void aUserOnlyTheDjangoDatabaseKnowsLogsInOverHttpAndIsMigrated() throws Exception {
    assertThat(inApp("select count(*) from app_user where email_normalized = 'admin@example.com'"))
        .isEqualTo("0");

    Reply login = http.post("/auth/login/basic/", json("admin@example.com", ADMIN_PASSWORD));

    assertThat(login.status()).isEqualTo(200);
    String access = login.text("access");
    assertThat(http.get("/api/hello/", access).status()).isEqualTo(200);
    assertThat(inApp("select password_hash from app_user where username = 'admin'"))
        .startsWith("$argon2id$");
    assertThat(inLegacy("select gatehouse_migrated_at from auth_user where id = 1")).isNotNull();
    // From now on the account is local: the same login works and creates nothing new.
    assertThat(http.post("/auth/login/basic/", json("Admin@Example.com", ADMIN_PASSWORD)).status())
        .isEqualTo(200);
    assertThat(inApp("select count(*) from app_user where username = 'admin'")).isEqualTo("1");
  }

  @Test
  void aWrongPasswordForALegacyUserAnswersExactlyLikeAnUnknownUser() throws Exception {
    Reply wrong = http.post("/auth/login/basic/", json("bea@example.com", "not-her-password"));
    Reply unknown = http.post("/auth/login/basic/", json("nobody@example.com", "not-her-password"));

    assertThat(wrong.status()).isEqualTo(unknown.status()).isEqualTo(400);
    assertThat(wrong.json()).isEqualTo(unknown.json());
    assertThat(inApp("select count(*) from app_user where email_normalized = 'bea@example.com'"))
        .isEqualTo("0");
    assertThat(inLegacy("select gatehouse_migrated_at from auth_user where id = 2")).isNull();
  }
}
