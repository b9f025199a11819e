package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.imports.Importer.RunReport;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.lazy.UserTableWriteBack;
import dev.gatehouse.imports.source.JdbcTableSource;
import dev.gatehouse.imports.source.JdbcTableSource.ColumnMapping;
import dev.gatehouse.legacy.LegacyCutOver;
import dev.gatehouse.legacy.LegacySettings;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.MutableClock;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The reversible cut-over from FastAPI-Users (issue 34, item 3), on its {@code user} table on
 * PostgreSQL with the sample's users: a user signed in on FastAPI-Users (a JWT made by PyJWT as its
 * {@code JWTStrategy} makes one) stays signed in after the switch; during the window users
 * register, change and reset passwords, change their email and delete their account; back on
 * FastAPI-Users, passlib's {@code CryptContext} (what its password helper uses) verifies every
 * current password from the table and refuses the old ones, and every email is the current one.
 */
class FastApiUsersCutOverWalkTest {
  private static final String SECRET = "SECRET-fastapi-walk";

  @Test
  void signedInUsersStaySignedInAndGoingBackToFastApiUsersLosesNothing() throws Exception {
    boolean required = "true".equalsIgnoreCase(System.getenv("GATEHOUSE_REQUIRE_DBS"));
    if (!TestDatabase.enabledKinds().contains(DatabaseKind.POSTGRESQL)) {
      Assumptions.assumeFalse(required, "PostgreSQL is required");
      Assumptions.abort("the walk runs on PostgreSQL: GATEHOUSE_TEST_POSTGRES_URL unset");
    }
    LegacyPython.require("jwt", "passlib", "bcrypt");
    try (TestDatabase legacy = TestDatabase.create(DatabaseKind.POSTGRESQL);
        ImportFixture f = ImportFixture.create(DatabaseKind.POSTGRESQL)) {
      try (Connection c = legacy.connect();
          Statement s = c.createStatement()) {
        String sql =
            Files.readString(
                ImportFixture.sample("fastapi-users/users.sql"), StandardCharsets.UTF_8);
        for (String statement : sql.split(";\n")) {
          String body = statement.replaceAll("(?m)^--.*$", "").strip();
          if (!body.isEmpty()) {
            s.execute(body);
          }
        }
      }
      // Peter is signed in on FastAPI-Users.
      String petersToken =
          LegacyPython.output(
              LegacyPython.script("fastapi-users-app/jwt_login.py"),
              "3bd7870d-8ce0-4454-a2c2-cc50de08ed44",
              SECRET);

      RunReport run =
          f.importer.run(
              JdbcTableSource.of(legacy.dataSource(), "\"user\"", ColumnMapping.fastApiUsers()),
              ImportOptions.builder("fastapi").build());
      assertThat(run.status()).isEqualTo("COMPLETED");

      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      CapturingEmailSender mail = new CapturingEmailSender();
      Gatehouse g =
          Gatehouse.builder(
                  GatehouseConfig.builder()
                      .clock(MutableClock.at(now))
                      .set(
                          GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
                      .set(LegacySettings.LEGACY_FASTAPI_USERS_SECRET, SECRET)
                      .set(LegacySettings.LEGACY_FASTAPI_USERS_UNTIL, now.plus(Duration.ofDays(7)))
                      .set(LegacySettings.LEGACY_WRITE_BACK_UNTIL, now.plus(Duration.ofDays(30)))
                      .build(),
                  f.store)
              .legacyAccounts(GatehouseImports.legacyAccounts(f.emf, "fastapi"))
              .install(
                  new LegacyCutOver()
                      .writeBack(UserTableWriteBack.fastApiUsers(legacy.dataSource(), "user")))
              .emailSender(mail)
              .dispatchDeliveries(false)
              .build();
      try {
        TokenPair peter =
            g.sessions().exchangeLegacyToken(petersToken, ClientInfo.web("192.0.2.30"));
        VerifiedAccessToken petersAccess = g.sessions().verifyAccessToken(peter.accessToken());

        g.accounts()
            .register(
                RegistrationRequest.builder()
                    .email("recien@example.com")
                    .password("Llegada-Nueva-2026")
                    .termsAccepted(true)
                    .build());
        g.accounts()
            .changePassword(
                account(g, "grace_smith@example.com"), "Lantern1986!", "Nuevo-Faro-2026");
        g.accounts().requestPasswordReset("sarah1983@example.com");
        g.deliverPending();
        g.accounts()
            .confirmPasswordReset(
                Mailbox.linkToken(mail, "sarah1983@example.com"), "Reset-Orbita-77");
        // His session was carried over, not signed in here: it is no recent sign-in (issue 54,
        // finding 3), so he proves himself with his password.
        assertThatThrownBy(
                () ->
                    g.accounts()
                        .requestEmailChange(
                            petersAccess,
                            Reauthentication.recentSignIn(),
                            "peter.j@new.example.com",
                            ClientInfo.web("192.0.2.30")))
            .isInstanceOf(Reauthentication.ReauthenticationRequiredException.class);
        g.accounts()
            .requestEmailChange(
                petersAccess,
                // As FastAPI-Users hashed it: decomposed (NFD), so the legacy hash verifies.
                Reauthentication.password("Contrasen\u0303a-n\u0303andu\u0301-19"),
                "peter.j@new.example.com",
                ClientInfo.web("192.0.2.30"));
        g.deliverPending();
        g.accounts()
            .confirmEmailChange(
                petersAccess,
                "peter.j@new.example.com",
                Mailbox.code(mail, "peter.j@new.example.com"),
                ClientInfo.web("192.0.2.30"));
        g.accounts().deleteAccount(account(g, "sean.o'brien@example.com"), "Anchor.Sunset-385");
        g.deliverPending();
        assertThat(g.status().writeBackPending()).isZero();
        assertThat(g.status().writeBackFailed()).isZero();
      } finally {
        g.close();
      }

      // Back on FastAPI-Users.
      assertThat(verifies(legacy, "recien@example.com", "Llegada-Nueva-2026")).isTrue();
      assertThat(verifies(legacy, "grace_smith@example.com", "Nuevo-Faro-2026")).isTrue();
      assertThat(verifies(legacy, "grace_smith@example.com", "Lantern1986!")).isFalse();
      assertThat(verifies(legacy, "sarah1983@example.com", "Reset-Orbita-77")).isTrue();
      assertThat(value(legacy, "is_active", "sean.o'brien@example.com")).isEqualTo("f");
      assertThat(value(legacy, "email", "peter.j@new.example.com"))
          .as("Peter's new email is the row's")
          .isEqualTo("peter.j@new.example.com");
      assertThat(value(legacy, "email", "peter_johnson@example.net")).isNull();
    }
  }

  private static boolean verifies(TestDatabase legacy, String email, String password)
      throws Exception {
    String hash = value(legacy, "hashed_password", email);
    assertThat(hash).as(email + " has a row").isNotNull();
    return "true"
        .equals(
            LegacyPython.withInput(
                LegacyPython.script("fastapi-users-app/passlib_verify.py"),
                hash + "\n" + password + "\n"));
  }

  private static String value(TestDatabase legacy, String column, String email) throws Exception {
    try (Connection c = legacy.connect();
        PreparedStatement ps =
            c.prepareStatement("select " + column + " from \"user\" where email = ?")) {
      ps.setString(1, email);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static UUID account(Gatehouse g, String email) {
    return g.accounts().findByEmail(email).orElseThrow().id();
  }
}
