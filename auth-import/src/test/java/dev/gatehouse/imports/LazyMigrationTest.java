package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.config.AccountSettings;
import dev.gatehouse.core.config.AccountSettings.LoginIdentifier;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.PhoneSettings;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.imports.api.ImportOptions.VerificationPolicy;
import dev.gatehouse.imports.lazy.JdbcLegacyAuthenticator;
import dev.gatehouse.imports.source.JdbcTableSource.ColumnMapping;
import dev.gatehouse.legacy.LegacyAuthenticator;
import dev.gatehouse.legacy.LegacyCutOver;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Lazy migration from a Django {@code auth_user} table living next to Gatehouse's tables (the
 * common "same database, new tables" rollout), on every enabled database, and from the real Django
 * SQLite sample.
 */
class LazyMigrationTest {
  /** Django 3.2 hashes from the sample database, with their known passwords. */
  static final String ADMIN_HASH =
      "pbkdf2_sha256$260000$irnUjf3UARWJzo9JwqT44U$M/tqed+EQIfwWYYDh0plePb2hYdSXYDxhPDtc7X7XQE=";

  static final String ADMIN_PASSWORD = "Ñandú.Cielo-546";
  static final String GABRIELA_HASH =
      "pbkdf2_sha256$36000$njUXB3WwaAEt$Ty31jxC6TgZkxsbF6xZlt1XwrGCEex59e3bwSDa6e2s=";
  static final String GABRIELA_PASSWORD = "FE4E38AfEwubozO";

  /** Creates Django's auth_user (plus the migration stamp column) with three users. */
  static void createLegacyTable(TestDatabase db) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute(
          "create table legacy_auth_user (id bigint primary key, password varchar(128) not null,"
              + " last_login timestamp null, is_superuser boolean not null,"
              + " username varchar(150) not null unique, first_name varchar(150) not null,"
              + " last_name varchar(150) not null, email varchar(254) not null,"
              + " is_staff boolean not null, is_active boolean not null,"
              + " date_joined timestamp null, gatehouse_migrated_at timestamp null)");
      try (PreparedStatement ps =
          c.prepareStatement(
              "insert into legacy_auth_user (id, password, is_superuser, username, first_name,"
                  + " last_name, email, is_staff, is_active, date_joined)"
                  + " values (?, ?, false, ?, '', '', ?, false, ?, timestamp '2021-03-04 05:06:07')")) {
        insert(ps, 1, ADMIN_HASH, "admin", "Admin@Example.com", true);
        insert(ps, 5, GABRIELA_HASH, "gabriela_ibanez", "gabriela_ibanez@example.com", true);
        insert(ps, 9, ADMIN_HASH, "gone", "gone@example.com", false);
      }
    }
  }

  private static void insert(
      PreparedStatement ps, long id, String hash, String username, String email, boolean active)
      throws SQLException {
    ps.setLong(1, id);
    ps.setString(2, hash);
    ps.setString(3, username);
    ps.setString(4, email);
    ps.setBoolean(5, active);
    ps.executeUpdate();
  }

  static JdbcLegacyAuthenticator legacy(ImportFixture f) {
    return JdbcLegacyAuthenticator.builder(
            f.db.dataSource(), "legacy_auth_user", ColumnMapping.django())
        .migratedColumn("gatehouse_migrated_at")
        .verificationPolicy(VerificationPolicy.ASSUME_VERIFIED)
        .clock(f.clock)
        .build();
  }

  static Gatehouse gatehouse(
      ImportFixture f, LegacyAuthenticator legacy, CapturingEmailSender email) {
    GatehouseConfig config =
        GatehouseConfig.builder()
            .clock(f.clock)
            .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
            .set(GatehouseConfig.FRONTEND_URL, java.net.URI.create("https://app.example.test"))
            .set(AccountSettings.LOGIN_IDENTIFIER, LoginIdentifier.BOTH)
            .build();
    Gatehouse.Builder b =
        Gatehouse.builder(config, f.store)
            .passwordHashing(f.hashing)
            .emailSender(email)
            // Deliveries right after commit on the test's thread, so the test reads them at once.
            .deliveryExecutor(Runnable::run);
    if (legacy != null) {
      b.install(new LegacyCutOver().lazyMigration(legacy));
    }
    return b.build();
  }

  static LoginRequest login(String identifier, String password) {
    return new LoginRequest(identifier, password, ClientInfo.web("192.0.2.10"));
  }

  static String migratedAt(ImportFixture f, long id) throws SQLException {
    try (Connection c = f.db.connect();
        Statement s = c.createStatement();
        var rs =
            s.executeQuery("select gatehouse_migrated_at from legacy_auth_user where id = " + id)) {
      rs.next();
      return rs.getString(1);
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void aUserKnownOnlyToTheLegacyTableLogsInIsCreatedRehashedAndMarkedMigrated(DatabaseKind kind)
      throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      createLegacyTable(f.db);
      Gatehouse g = gatehouse(f, legacy(f), new CapturingEmailSender());

      long before = f.hashing.hashComputations();
      TokenPair tokens =
          g.accounts().login(login("admin@example.com", ADMIN_PASSWORD)).orElseThrow().tokens();
      // One verification of the Django hash (in place of the dummy) and one re-hash.
      assertThat(f.hashing.hashComputations() - before).isEqualTo(2);

      assertThat(tokens.accessToken()).isNotBlank();
      assertThat(f.count("select count(*) from gh_user")).isEqualTo(1);
      assertThat(f.count("select count(*) from gh_profile where is_default = true")).isEqualTo(1);
      assertThat(f.rows("gh_user").get(0))
          .containsIgnoringCase("email=admin@example.com|")
          .contains("username=admin|")
          .contains("password_hash=$argon2id$")
          .contains("created_at=2021-03-04");
      assertThat(f.count("select count(*) from gh_user where email_verified = true")).isEqualTo(1);
      assertThat(migratedAt(f, 1)).isNotNull();
      assertThat(migratedAt(f, 5)).isNull();

      // Second login: local, one hash, no upgrade, nothing created.
      before = f.hashing.hashComputations();
      g.accounts().login(login("admin", ADMIN_PASSWORD));
      assertThat(f.hashing.hashComputations() - before).isEqualTo(1);
      assertThat(f.count("select count(*) from gh_user")).isEqualTo(1);

      // The legacy row is stamped, so even a Gatehouse instance without the local user's
      // identifier could not migrate it twice.
      assertThat(legacy(f).lookup(identifierOf("admin@example.com"), ADMIN_PASSWORD)).isEmpty();
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void aWrongPasswordOrAnInactiveLegacyUserCreatesNothingAndCostsOneHash(DatabaseKind kind)
      throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      createLegacyTable(f.db);
      Gatehouse g = gatehouse(f, legacy(f), new CapturingEmailSender());

      for (LoginRequest r :
          List.of(
              login("gabriela_ibanez@example.com", "not-the-password"),
              login("gone@example.com", ADMIN_PASSWORD))) {
        long before = f.hashing.hashComputations();
        assertThatThrownBy(() -> g.accounts().login(r))
            .isInstanceOfSatisfying(
                RejectedInputException.class,
                e -> assertThat(e.code()).isEqualTo("invalid_credentials"));
        assertThat(f.hashing.hashComputations() - before).isEqualTo(1);
      }
      assertThat(f.count("select count(*) from gh_user")).isZero();
      assertThat(migratedAt(f, 5)).isNull();
      assertThat(migratedAt(f, 9)).isNull();
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void aUserUnknownToBothAnswersAndCostsExactlyAsWithoutLazyMigration(DatabaseKind kind)
      throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      createLegacyTable(f.db);
      Gatehouse with = gatehouse(f, legacy(f), new CapturingEmailSender());
      Gatehouse without = gatehouse(f, null, new CapturingEmailSender());
      for (String who : List.of("nobody@example.com", "nobody", "Nobody@Example.com")) {
        for (Gatehouse g : List.of(without, with)) {
          f.clock.advance(java.time.Duration.ofHours(2)); // out of any login delay
          long before = f.hashing.hashComputations();
          assertThatThrownBy(() -> g.accounts().login(login(who, "Whatever-123")))
              .isInstanceOfSatisfying(
                  RejectedInputException.class,
                  e -> assertThat(e.code()).isEqualTo("invalid_credentials"));
          assertThat(f.hashing.hashComputations() - before).as(who).isEqualTo(1);
        }
      }
      assertThat(f.count("select count(*) from gh_user")).isZero();
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void aPasswordResetMigratesTheLegacyUserKeepingTheLegacyHashAndSendsTheLink(DatabaseKind kind)
      throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      createLegacyTable(f.db);
      CapturingEmailSender email = new CapturingEmailSender();
      Gatehouse g = gatehouse(f, legacy(f), email);

      g.accounts().requestPasswordReset("gabriela_ibanez@example.com");
      g.accounts().requestPasswordReset("nobody@example.com");

      assertThat(email.sent()).hasSize(1);
      assertThat(email.lastTo("gabriela_ibanez@example.com")).isPresent();
      assertThat(f.rows("gh_user").get(0)).contains("password_hash=" + GABRIELA_HASH + "|");
      assertThat(migratedAt(f, 5)).isNotNull();
      // The old password still works (and is upgraded) until the user follows the link.
      g.accounts().login(login("gabriela_ibanez@example.com", GABRIELA_PASSWORD));
      assertThat(f.rows("gh_user").get(0)).contains("password_hash=$argon2id$");
    }
  }

  @Test
  void everyActiveKnownAccountOfTheDjangoSampleLogsInLazilyStraightFromItsSqliteFile()
      throws Exception {
    try (ImportFixture f = ImportFixture.create(DatabaseKind.H2);
        HikariDataSource sqlite = new HikariDataSource()) {
      sqlite.setJdbcUrl(
          "jdbc:sqlite:file:" + ImportFixture.sample("django/db.sqlite3") + "?mode=ro");
      GatehouseConfig config =
          GatehouseConfig.builder()
              .clock(f.clock)
              .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
              .set(GatehouseConfig.FRONTEND_URL, java.net.URI.create("https://app.example.test"))
              .set(AccountSettings.REQUIRE_VERIFIED, false)
              .set(PhoneSettings.PHONE_DEFAULT_REGION, "MX")
              .build();
      Gatehouse g =
          Gatehouse.builder(config, f.store)
              .passwordHashing(f.hashing)
              .install(
                  new LegacyCutOver()
                      .lazyMigration(JdbcLegacyAuthenticator.django(sqlite, "authentication_user")))
              .build();
      List<List<String>> known =
          VerificationTest.known(ImportFixture.sample("django/known-passwords.csv"));
      int loggedIn = 0;
      int refused = 0;
      for (List<String> row : known.subList(0, 8)) {
        try {
          g.accounts().login(login(row.get(0), row.get(1)));
          loggedIn++;
        } catch (RejectedInputException e) {
          refused++;
        }
      }
      assertThat(refused).isZero();
      assertThat(f.count("select count(*) from gh_user")).isEqualTo(loggedIn);
      assertThat(f.count("select count(*) from gh_user where password_hash like '$argon2id$%'"))
          .isEqualTo(loggedIn);
    }
  }

  static dev.gatehouse.legacy.LegacyAuthenticator.LegacyIdentifier identifierOf(String email) {
    return new dev.gatehouse.legacy.LegacyAuthenticator.LegacyIdentifier(
        dev.gatehouse.core.identity.Identifiers.IdentifierKind.EMAIL, email.toLowerCase(), email);
  }
}
