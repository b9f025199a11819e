package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.ImportOptions.ConflictPolicy;
import dev.gatehouse.imports.api.ImportOptions.VerificationPolicy;
import dev.gatehouse.imports.source.DjangoDatabaseSource;
import dev.gatehouse.imports.source.LegacyChangeLog;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.sql.Connection;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sync from the legacy system against the real thing (issue 76, item 3): the Django application
 * of the cut-over walk on PostgreSQL, with the change log's triggers created by the module's own
 * statements on its tables. Users change their password, email, phone and activity through Django's
 * own model methods, and one signs up; one pass later Gatehouse signs each in with what they have
 * now (Django's hashes, read as they are), refuses the deactivated one, and has the sign-up.
 */
class DjangoSyncTest {
  private static final ClientInfo CLIENT = ClientInfo.web("192.0.2.30");

  @Test
  void changesMadeThroughDjangoReachGatehouseInOnePass() throws Exception {
    LegacyDjango.requireOnPostgres();
    try (TestDatabase djangoDb = TestDatabase.create(DatabaseKind.POSTGRESQL);
        ImportFixture f = ImportFixture.create(DatabaseKind.POSTGRESQL);
        LegacyDjango django = new LegacyDjango(djangoDb)) {
      django.run("migrate");
      try (Connection c = djangoDb.connect();
          Statement s = c.createStatement()) {
        for (String sql :
            LegacyChangeLog.postgresql(
                "accounts_user",
                List.of("password", "email", "phone", "username", "is_active", "deleted"),
                "accounts_profile")) {
          s.execute(sql);
        }
      }
      django.run("create", "alice", "alice@example.com", "Nopal-Before-1", "+14155550111");
      django.run("create", "bob", "bob@example.com", "Tamal-Before-1", "+14155550112");
      django.run("create", "carol", "carol@example.com", "Elote-Before-1", "+14155550113");
      DjangoDatabaseSource source =
          DjangoDatabaseSource.of(djangoDb.dataSource(), "accounts", ZoneOffset.UTC);
      ImportOptions options =
          ImportOptions.builder("django")
              .conflictPolicy(ConflictPolicy.MERGE)
              // The app's sign-up does not verify: its users are taken as verified, so they sign
              // in.
              .verificationPolicy(VerificationPolicy.ASSUME_VERIFIED)
              .build();
      assertThat(f.importer.run(source, options).created()).isEqualTo(3);
      LegacySync sync =
          LegacySync.builder(f.importer, LegacyChangeLog.of(djangoDb.dataSource()), source, options)
              .build();
      sync.syncOnce();

      // Django serves them: they change what they have there, and Dave signs up.
      django.run("change", "alice", "password", "Nopal-After-2");
      django.run("change", "alice", "email", "alice@new.example.com");
      django.run("change", "bob", "phone", "+14155550122");
      django.run("change", "carol", "is_active", "0");
      django.run("create", "dave", "dave@example.com", "Churro-Django-1", "+14155550114");
      // A legacy sign-in writes last_login only: no change to read.
      django.run("signin", "bob", "Tamal-Before-1");
      assertThat(sync.status().backlog()).as("4 user rows and Dave's profile").isEqualTo(6);

      LegacySync.Report pass = sync.syncOnce();
      assertThat(pass.created()).isEqualTo(1);
      assertThat(pass.updated()).isEqualTo(3);
      assertThat(pass.conflicts()).isZero();
      assertThat(sync.status().backlog()).isZero();

      Gatehouse g =
          Gatehouse.builder(
                  GatehouseConfig.builder()
                      .set(
                          GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
                      .build(),
                  f.store)
              .build();
      try {
        assertThat(signsIn(g, "alice@new.example.com", "Nopal-After-2")).isNull();
        assertThat(signsIn(g, "alice@new.example.com", "Nopal-Before-1"))
            .isEqualTo("invalid_credentials");
        assertThat(g.accounts().findByEmail("bob@example.com").orElseThrow().phone())
            .isEqualTo("+14155550122");
        assertThat(signsIn(g, "carol@example.com", "Elote-Before-1")).isNotNull();
        assertThat(signsIn(g, "dave@example.com", "Churro-Django-1")).isNull();
      } finally {
        g.close();
      }
    }
  }

  /** {@return null when the password signs the user in on Gatehouse, else the error's code} */
  private static String signsIn(Gatehouse g, String email, String password) {
    try {
      g.accounts().login(new LoginRequest(email, password, CLIENT));
      return null;
    } catch (AuthException e) {
      return e.code();
    }
  }
}
