package dev.gatehouse.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.examples.HttpClientSupport.Reply;
import dev.gatehouse.testing.MutableClock;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example application with lazy migration from a Django database (its {@code auth_user} with a
 * migration-stamp column): a user that exists only there logs in through {@code /auth/login/basic/}
 * and is moved over; the answers for a wrong password and an unknown user do not differ.
 */
class LazyMigrationHttpTest {
  private static final String LEGACY_URL = "jdbc:h2:mem:lazy-http-legacy;DB_CLOSE_DELAY=-1";
  private static final String APP_URL = "jdbc:h2:mem:lazy-http-app;DB_CLOSE_DELAY=-1";
  private static final String ADMIN_HASH =
      "pbkdf2_sha256$260000$irnUjf3UARWJzo9JwqT44U$M/tqed+EQIfwWYYDh0plePb2hYdSXYDxhPDtc7X7XQE=";
  private static final String ADMIN_PASSWORD = "Ñandú.Cielo-546";
  private static final MutableClock CLOCK = MutableClock.at(Instant.parse("2026-05-01T08:00:00Z"));
  private static ExampleApplication app;
  private static HttpClientSupport http;

  @BeforeAll
  static void start() throws Exception {
    try (Connection c = DriverManager.getConnection(LEGACY_URL, "sa", "");
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
        ExampleApplication.start(
            Map.of(
                "PORT", "0",
                "GATEHOUSE_DB_URL", APP_URL,
                "GATEHOUSE_FRONTEND_URL", "https://app.example.test",
                "GATEHOUSE_PASSWORD_ARGON2_MEMORY_KIB", "7168",
                "GATEHOUSE_PASSWORD_ARGON2_ITERATIONS", "1",
                "GATEHOUSE_LEGACY_DB_URL", LEGACY_URL,
                "GATEHOUSE_LEGACY_DB_USER", "sa",
                "GATEHOUSE_LEGACY_MAPPING", "django",
                "GATEHOUSE_LEGACY_MIGRATED_COLUMN", "gatehouse_migrated_at",
                "GATEHOUSE_LEGACY_ASSUME_VERIFIED", "true"),
            b -> b.clock(CLOCK),
            g -> g.deliveryExecutor(Runnable::run));
    http = new HttpClientSupport(app.port());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static String json(String email, String password) throws Exception {
    return HttpClientSupport.JSON.writeValueAsString(Map.of("email", email, "password", password));
  }

  private static String one(String url, String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  @Test
  void aUserOnlyTheDjangoDatabaseKnowsLogsInOverHttpAndIsMigrated() throws Exception {
    assertThat(
            one(
                APP_URL,
                "select count(*) from app_user where email_normalized = 'admin@example.com'"))
        .isEqualTo("0");

    Reply login = http.post("/auth/login/basic/", json("admin@example.com", ADMIN_PASSWORD));

    assertThat(login.status()).isEqualTo(200);
    String access = login.json().at("/tokens/accessToken").asText();
    assertThat(http.get("/api/hello/", access).status()).isEqualTo(200);
    assertThat(one(APP_URL, "select password_hash from app_user where username = 'admin'"))
        .startsWith("$argon2id$");
    assertThat(one(LEGACY_URL, "select gatehouse_migrated_at from auth_user where id = 1"))
        .isNotNull();
    // From now on the account is local: the same login works and creates nothing new.
    assertThat(http.post("/auth/login/basic/", json("Admin@Example.com", ADMIN_PASSWORD)).status())
        .isEqualTo(200);
    assertThat(one(APP_URL, "select count(*) from app_user where username = 'admin'"))
        .isEqualTo("1");
  }

  @Test
  void aWrongPasswordForALegacyUserAnswersExactlyLikeAnUnknownUser() throws Exception {
    Reply wrong = http.post("/auth/login/basic/", json("bea@example.com", "not-her-password"));
    Reply unknown = http.post("/auth/login/basic/", json("nobody@example.com", "not-her-password"));

    assertThat(wrong.status()).isEqualTo(unknown.status()).isEqualTo(401);
    assertThat(wrong.json()).isEqualTo(unknown.json());
    assertThat(
            one(
                APP_URL,
                "select count(*) from app_user where email_normalized = 'bea@example.com'"))
        .isEqualTo("0");
    assertThat(one(LEGACY_URL, "select gatehouse_migrated_at from auth_user where id = 2"))
        .isNull();
  }
}
