package dev.gatehouse.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.config.AccountSettings;
import dev.gatehouse.core.config.AccountSettings.LoginIdentifier;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.examples.django.DjangoEntities;
import dev.gatehouse.jpa.GatehouseJpa;
import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.jpa.JpaAuthStore;
import dev.gatehouse.jpa.SchemaAdoption;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.MutableClock;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import jakarta.persistence.EntityManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * A Django project adopts Gatehouse on its existing {@code auth_user}: the schema check lists
 * exactly what Django's table lacks, renders the forward changeset that is checked in, finds
 * nothing after it ran, and Django's existing user logs in with the password Django hashed.
 */
class DjangoAdoptionTest {
  static final String ADMIN_PASSWORD = "Ñandú.Cielo-546";

  static String resource(String name) throws Exception {
    try (InputStream in = DjangoAdoptionTest.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void theCheckListsExactlyDjangosMissingColumnsThenNothingAndDjangosUserLogsIn(DatabaseKind kind)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(kind)) {
      EntityClasses entities = DjangoEntities.classes();
      GatehouseMigrations.migrate(db.dataSource(), DjangoEntities.HISTORY, Map.of());

      SchemaAdoption.Report before = SchemaAdoption.check(db.dataSource(), entities);
      assertThat(before.missingColumns())
          .extracting(SchemaAdoption.MissingColumn::column)
          .containsExactly(
              "public_id",
              "email_normalized",
              "phone",
              "username_normalized",
              "is_verified",
              "email_verified",
              "phone_verified",
              "terms_accepted_at",
              "language",
              "time_zone",
              "feature_flags",
              "modified_at",
              "deleted_at");
      assertThat(before.columnsToMakeNullable())
          .extracting(SchemaAdoption.NullableColumn::column)
          .containsExactly("email", "username", "password");
      assertThat(before.unmappedRequiredColumns()).isEmpty();
      assertThat(before.tablesToCreate())
          .containsExactly(
              "gatehouse_profile",
              "gatehouse_device",
              "gatehouse_otp_code",
              "gatehouse_sms_log",
              "gatehouse_email_log");
      // The checked-in forward changeset is exactly what the check renders, on every database.
      String rendered = before.toChangelog("django-host", "django-0002-adopt-gatehouse");
      Path out = Path.of("target", "django-0002-adopt-gatehouse." + kind + ".xml");
      Files.writeString(out, rendered);
      assertThat(rendered).isEqualTo(resource("db/changelog/django/0002-adopt-gatehouse.xml"));

      GatehouseMigrations.migrate(db.dataSource(), DjangoEntities.CHANGELOG, entities);
      SchemaAdoption.Report after = SchemaAdoption.check(db.dataSource(), entities);
      assertThat(after.ok()).as(after.toString()).isTrue();
      assertThat(after.missingColumns()).isEmpty();
      assertThat(after.tablesToCreate()).isEmpty();

      try (EntityManagerFactory emf =
          GatehouseJpa.bootstrap(db.dataSource(), entities, List.of())) {
        JpaAuthStore store = new JpaAuthStore(emf, entities);
        CapturingEmailSender email = new CapturingEmailSender();
        GatehouseConfig config =
            GatehouseConfig.builder()
                .clock(MutableClock.at(Instant.parse("2026-01-05T10:00:00Z")))
                .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
                .set(GatehouseConfig.FRONTEND_URL, URI.create("https://app.example.test"))
                .set(AccountSettings.LOGIN_IDENTIFIER, LoginIdentifier.BOTH)
                .set(AccountSettings.REQUIRE_VERIFIED, false)
                .build();
        Gatehouse g = Gatehouse.builder(config, store).emailSender(email).build();

        // Django's user, by email in another case and by username, with Django's hash.
        g.accounts().login(new LoginRequest("admin@example.com", ADMIN_PASSWORD, ClientInfo.web()));
        g.accounts().login(new LoginRequest("admin", ADMIN_PASSWORD, ClientInfo.web()));
        // A user created by Gatehouse is a valid Django row too (first_name '', bigint id).
        g.accounts()
            .register(
                RegistrationRequest.builder()
                    .email("new.user@example.com")
                    .password("correct horse battery staple")
                    .build());
        TokenPair signedIn =
            g.accounts()
                .login(
                    new LoginRequest(
                        "new.user@example.com", "correct horse battery staple", ClientInfo.web()))
                .orElseThrow()
                .tokens();
        // A refresh reads the owner's flags and profile through the renamed mapping (auth_user's
        // is_active, gatehouse_profile's key to auth_user.id) in one projection query.
        String profile =
            g.sessions().verifyAccessToken(signedIn.accessToken()).profileId().orElseThrow();
        TokenPair refreshed = g.sessions().refresh(signedIn.refreshToken(), ClientInfo.web());
        assertThat(g.sessions().verifyAccessToken(refreshed.accessToken()).profileId())
            .contains(profile);
        TokenPair adminTokens =
            g.accounts()
                .login(new LoginRequest("admin", ADMIN_PASSWORD, ClientInfo.web()))
                .orElseThrow()
                .tokens();
        assertThat(g.sessions().refresh(adminTokens.refreshToken(), null).sessionId())
            .isEqualTo(adminTokens.sessionId());
      }
      try (Connection c = db.connect();
          Statement s = c.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "select username, password, first_name, public_id from auth_user order by id")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("admin");
        assertThat(rs.getString(2)).startsWith("$argon2id$"); // upgraded at login
        assertThat(rs.getString(4)).hasSize(36);
        assertThat(rs.next()).isTrue(); // Django's user without an email, backfilled too
        assertThat(rs.getString(4)).hasSize(36);
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isNull();
        assertThat(rs.getString(3)).isEmpty();
        assertThat(rs.next()).isFalse();
      }
    }
  }
}
