package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.ImportOptions.ConflictPolicy;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.source.Auth0Source;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

@OneDatabase(
    "how an Auth0 export maps; the import's writes on each database are DjangoImportTest's")
class Auth0ImportTest {
  static final int USERS = 40;

  static LegacySource source() {
    return Auth0Source.of(
        ImportFixture.sample("auth0/users.ndjson"),
        ImportFixture.sample("auth0/password-hashes.ndjson"));
  }

  static ImportOptions.Builder options() {
    return ImportOptions.builder("auth0").batchSize(8).conflictPolicy(ConflictPolicy.MERGE);
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void planRunRerunAndRollback(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      SourceScenarios.planRunRerunRollback(
          f,
          source(),
          options().build(),
          (plan, run) -> {
            assertThat(plan.records()).isEqualTo(USERS);
            // 35 database users with their joined bcrypt hash; 3 Google and 2 SMS users have none.
            assertThat(plan.hashFormats())
                .containsOnly(
                    java.util.Map.entry("bcrypt cost=10", 35L),
                    java.util.Map.entry("unusable", 5L));
            assertThat(plan.unsupportedHashes()).isEmpty();
            assertThat(plan.inactive()).isEqualTo(3);
            // The Google user with the mailbox of database user 16 (unverified there) merges.
            assertThat(run.updated()).isEqualTo(1);
            assertThat(run.created()).isEqualTo(USERS - 1);
            assertThat(f.count("select count(*) from gh_user where is_active = false"))
                .isEqualTo(3);
            assertThat(SourceScenarios.flag(f, "auth0|5f69ed800b1a5bce901ba045", "is_active"))
                .isFalse();
            // A custom-id user (alt_id in the hash export) got its hash.
            assertThat(SourceScenarios.storedHash(f, "auth0|legacy-12")).startsWith("$2b$10$");
            // Social and SMS users have no password.
            assertThat(
                    f.count(
                        "select count(*) from gh_user where password_hash is null"
                            + " and (email like '%@example.com' or phone like '+1415555%')"))
                .isEqualTo(4);
            // Unverified emails stay unverified; users 4, 10, 22, 28 and 34 (16 was merged and
            // verified by the Google sign-in of the same mailbox).
            assertThat(
                    f.count(
                        "select count(*) from gh_user where email is not null and email_verified = false"))
                .isEqualTo(5);
            // Phones are E.164 and keep their verification.
            assertThat(f.count("select count(*) from gh_user where phone like '+1415555%'"))
                .isEqualTo(2);
            assertThat(
                    f.count(
                        "select count(*) from gh_user where phone like '+1415555%' and phone_verified = true"))
                .isEqualTo(2);
            assertThat(f.count("select count(*) from gh_user where phone like '+44%'"))
                .isEqualTo(4);
            assertThat(
                    f.count(
                        "select count(*) from gh_user where phone like '+44%' and phone_verified = false"))
                .isEqualTo(4);
            // The upper-case email was imported case-insensitively.
            assertThat(
                    f.count(
                        "select count(*) from gh_user where email_normalized = 'dev.patel3@example.com'"))
                .isEqualTo(1);
          });
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void aRunThatDiesMidwayResumes(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      SourceScenarios.resumesAfterInterruption(f, source(), options().build(), 21);
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void knownPasswordsLogInAndAreUpgraded(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      f.importer.run(source(), options().build());
      SourceScenarios.replayKnownLogins(
          f,
          f.hashing,
          ImportFixture.sample("auth0/known-passwords.csv"),
          List.of("jon.berg9@example.com")); // blocked in Auth0
    }
  }

  @Test
  void aGzippedUserExportWithoutTheHashExportImportsPasswordlessUsers(@TempDir Path dir)
      throws Exception {
    Path gz = dir.resolve("users.json.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(ImportFixture.sample("auth0/users.ndjson"), out);
    }
    try (ImportFixture f = ImportFixture.create(DatabaseKind.H2)) {
      PlanReport plan = f.importer.plan(Auth0Source.of(gz, null), options().build());
      assertThat(plan.records()).isEqualTo(USERS);
      assertThat(plan.hashFormats()).containsOnly(java.util.Map.entry("unusable", (long) USERS));
    }
  }
}
