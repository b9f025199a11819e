package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.password.PasswordHashing.PasswordVerification;
import dev.gatehouse.core.password.PasswordHashingOptions;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.ImportOptions.ConflictPolicy;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.api.LegacySource.LegacyRecord;
import dev.gatehouse.imports.api.LegacyUser;
import dev.gatehouse.imports.internal.HashCheck;
import dev.gatehouse.imports.source.KeycloakRealmSource;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Imports of two Keycloak exports: {@code realm-export-keycloak-26.json}, exported by a real
 * Keycloak 26.4.5 ({@code export-with-keycloak.sh}), and {@code realm-export.json}, written by
 * {@code generate.py} for what a fresh Keycloak 26 realm cannot hold: an LDAP-federated user, a
 * client's service account, a TOTP credential beside the password, the older pbkdf2-sha256 defaults
 * (27,500 iterations, 512-bit key) and directories of export files.
 */
@OneDatabase(
    "how a Keycloak export maps; the import's writes on each database are DjangoImportTest's")
class KeycloakImportTest {
  /** 34 users in the generated export; the service account is left out. */
  static final int USERS = 33;

  /** The users of the real Keycloak 26 export. */
  static final int REAL_USERS = 10;

  static final PasswordHashing HASHING = PasswordHashing.create(PasswordHashingOptions.defaults());

  static LegacySource source() {
    return KeycloakRealmSource.of(ImportFixture.sample("keycloak/realm-export.json"));
  }

  /** The export a real Keycloak 26.4.5 wrote ({@code kc.sh export --users same_file}). */
  static LegacySource realExport() {
    return KeycloakRealmSource.of(ImportFixture.sample("keycloak/realm-export-keycloak-26.json"));
  }

  static Path realKnownPasswords() {
    return ImportFixture.sample("keycloak/known-passwords-keycloak-26.csv");
  }

  static ImportOptions.Builder options() {
    return ImportOptions.builder("keycloak").batchSize(10).conflictPolicy(ConflictPolicy.MERGE);
  }

  @Test
  void everyKnownPasswordMatchesItsConvertedCredential() throws Exception {
    Map<String, String> hashes = VerificationTest.hashesById(source());
    HashCheck check = new HashCheck(HASHING);
    for (List<String> row :
        VerificationTest.known(ImportFixture.sample("keycloak/known-passwords.csv"))) {
      check.add(row.get(1), hashes.get(row.get(2)));
      assertThat(HASHING.verify(row.get(1) + "x", hashes.get(row.get(2))))
          .isEqualTo(PasswordVerification.NO_MATCH);
    }
    assertThat(check.result().checked()).isEqualTo(7);
    assertThat(check.result().matched()).as(check.result().summary()).isEqualTo(7);
    assertThat(check.result().formats())
        .containsOnlyKeys("pbkdf2-sha256", "pbkdf2-sha512", "pbkdf2", "argon2id m=7168,t=5,p=1");
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
            assertThat(plan.hashFormats())
                .containsOnly(
                    Map.entry("pbkdf2-sha256", 12L),
                    Map.entry("pbkdf2-sha512", 7L),
                    Map.entry("argon2id m=7168,t=5,p=1", 6L),
                    Map.entry("pbkdf2", 6L),
                    Map.entry("unusable", 2L)); // the temporary password and the LDAP user
            assertThat(plan.unsupportedHashes()).isEmpty();
            assertThat(List.of(run.created(), run.updated(), run.skipped(), run.quarantined()))
                .isEqualTo(List.of((long) USERS, 0L, 0L, 0L));
            assertThat(f.count("select count(*) from gh_user where is_active = false"))
                .isEqualTo(2);
            assertThat(
                    f.count(
                        "select count(*) from gh_user where email is not null and email_verified = false"))
                .isEqualTo(6);
            assertThat(f.count("select count(*) from gh_user where phone like '+4930%'"))
                .isEqualTo(6);
            assertThat(f.count("select count(*) from gh_user where phone_verified = true"))
                .isEqualTo(3);
            assertThat(f.count("select count(*) from gh_user where language = 'de'")).isEqualTo(5);
            assertThat(f.count("select count(*) from gh_user where username is not null"))
                .isEqualTo(USERS);
            assertThat(
                    f.count(
                        "select count(*) from gh_user where username = 'service-account-backend'"))
                .isZero();
            assertThat(
                    f.count(
                        "select count(*) from gh_user where password_hash is null"
                            + " and username in ('eva.novak20', 'ldap.user')"))
                .isEqualTo(2);
          });
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void aRunThatDiesMidwayResumes(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      SourceScenarios.resumesAfterInterruption(f, source(), options().build(), 25);
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void knownPasswordsLogInByUsernameOrEmailAndAreUpgraded(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      f.importer.run(source(), options().build());
      SourceScenarios.replayKnownLogins(
          f, f.hashing, ImportFixture.sample("keycloak/known-passwords.csv"), List.of());
    }
  }

  @Test
  void aDirectoryOfExportFilesIsReadInNameOrder(@TempDir Path dir) throws Exception {
    String realm =
        Files.readString(
            ImportFixture.sample("keycloak/realm-export.json"), StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("gatehouse-sample-realm.json"), "{\"realm\":\"gatehouse-sample\"}");
    Files.writeString(dir.resolve("gatehouse-sample-users-0.json"), realm);
    Files.writeString(dir.resolve("gatehouse-sample-users-1.json"), realm);
    Files.writeString(dir.resolve("notes.txt"), "not an export");
    try (ImportFixture f = ImportFixture.create(DatabaseKind.H2)) {
      PlanReport plan = f.importer.plan(KeycloakRealmSource.of(dir), options().build());
      assertThat(plan.records()).isEqualTo(2L * USERS);
      // The second file repeats the first one's users: the plan skips them as already imported.
      assertThat(plan.create()).isEqualTo(USERS);
      assertThat(plan.skip()).isEqualTo(USERS);
    }
  }

  @Test
  void aMalformedCredentialIsAReportedRowNotAFailure(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("realm.json");
    Files.writeString(
        file,
        "{\"realm\":\"r\",\"users\":[{\"id\":\"u1\",\"username\":\"a\",\"email\":\"a@example.org\","
            + "\"credentials\":[{\"type\":\"password\",\"secretData\":\"{not json\","
            + "\"credentialData\":\"{}\"}]},"
            + "{\"id\":\"u2\",\"username\":\"b\",\"credentials\":[{\"type\":\"password\","
            + "\"secretData\":\"{\\\"value\\\":\\\"%%%\\\",\\\"salt\\\":\\\"AAAA\\\"}\","
            + "\"credentialData\":\"{\\\"algorithm\\\":\\\"pbkdf2-sha256\\\",\\\"hashIterations\\\":1}\"}]},"
            + "{\"id\":\"u3\",\"username\":\"c\",\"credentials\":[{\"type\":\"password\","
            + "\"secretData\":\"{\\\"value\\\":\\\"AAAA\\\",\\\"salt\\\":\\\"AAAA\\\"}\","
            + "\"credentialData\":\"{\\\"algorithm\\\":\\\"md5-crypt\\\",\\\"hashIterations\\\":1}\"}]}]}",
        StandardCharsets.UTF_8);
    try (LegacySource.RecordStream s = KeycloakRealmSource.of(file).open()) {
      LegacyRecord bad = s.next();
      assertThat(bad.readable()).isFalse();
      assertThat(bad.legacyId()).isEqualTo("u1");
      assertThat(bad.error()).contains("secretData").doesNotContain("not json");
      LegacyRecord badBase64 = s.next();
      assertThat(badBase64.readable()).isFalse();
      assertThat(badBase64.error()).contains("not base64").doesNotContain("%%%");
      LegacyRecord unknown = s.next();
      assertThat(unknown.user().passwordHash()).startsWith("keycloak_md5_crypt$");
      assertThat(s.hasNext()).isFalse();
    }
  }

  @Test
  void everyKnownPasswordOfTheRealExportMatchesItsConvertedCredential() throws Exception {
    Map<String, String> hashes = VerificationTest.hashesById(realExport());
    HashCheck check = new HashCheck(HASHING);
    for (List<String> row : VerificationTest.known(realKnownPasswords())) {
      check.add(row.get(1), hashes.get(row.get(2)));
      assertThat(HASHING.verify(row.get(1) + "x", hashes.get(row.get(2))))
          .isEqualTo(PasswordVerification.NO_MATCH);
    }
    assertThat(check.result().checked()).isEqualTo(8);
    assertThat(check.result().matched()).as(check.result().summary()).isEqualTo(8);
    assertThat(check.result().formats())
        .containsOnlyKeys("pbkdf2-sha256", "pbkdf2-sha512", "pbkdf2", "argon2id m=7168,t=5,p=1");
  }

  @Test
  void theRealExportKeepsWhatKeycloakKnewOfEachUser() throws Exception {
    Map<String, LegacyUser> byUsername = new HashMap<>();
    try (LegacySource.RecordStream s = realExport().open()) {
      while (s.hasNext()) {
        LegacyUser u = s.next().user();
        byUsername.put(u.username(), u);
      }
    }
    assertThat(byUsername).hasSize(REAL_USERS);
    LegacyUser alice = byUsername.get("alice.weber");
    assertThat(alice.createdAt()).isEqualTo(Instant.ofEpochMilli(1795366785640L));
    assertThat(alice.phone()).isEqualTo("+49 30 1234567");
    assertThat(alice.phoneVerified()).isTrue();
    assertThat(alice.language()).isEqualTo("de");
    assertThat(alice.emailVerified()).isTrue();
    assertThat(alice.passwordHash()).startsWith("$argon2id$v=19$m=7168,t=5,p=1$");
    assertThat(byUsername.get("carol.sha512").passwordHash()).startsWith("$pbkdf2-sha512$210000$");
    assertThat(byUsername.get("dave.sha256").passwordHash()).startsWith("$pbkdf2-sha256$600000$");
    assertThat(byUsername.get("erin.sha1").passwordHash()).startsWith("$pbkdf2$1300000$");
    assertThat(byUsername.get("carol.sha512").phoneVerified()).isNull();
    assertThat(byUsername.get("bruno.costa").emailVerified()).isFalse();
    assertThat(byUsername.get("heidi.unverified").emailVerified()).isFalse();
    assertThat(byUsername.get("frank.disabled").active()).isFalse();
    // A temporary password (UPDATE_PASSWORD) is not imported; a user without one has none.
    assertThat(byUsername.get("grace.temporary").passwordHash()).isNull();
    assertThat(byUsername.get("ivan.nopassword").passwordHash()).isNull();
    assertThat(byUsername.get("judy.noemail").email()).isNull();
    assertThat(byUsername.get("judy.noemail").emailVerified()).isNull();
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void theRealExportPlansRunsRerunsAndRollsBack(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      SourceScenarios.planRunRerunRollback(
          f,
          realExport(),
          options().build(),
          (plan, run) -> {
            assertThat(plan.records()).isEqualTo(REAL_USERS);
            assertThat(plan.hashFormats())
                .containsOnly(
                    Map.entry("argon2id m=7168,t=5,p=1", 5L),
                    Map.entry("pbkdf2-sha512", 1L),
                    Map.entry("pbkdf2-sha256", 1L),
                    Map.entry("pbkdf2", 1L),
                    Map.entry("unusable", 2L)); // the temporary password and the user without
            assertThat(plan.unsupportedHashes()).isEmpty();
            assertThat(List.of(run.created(), run.updated(), run.skipped(), run.quarantined()))
                .isEqualTo(List.of((long) REAL_USERS, 0L, 0L, 0L));
            assertThat(f.count("select count(*) from gh_user where is_active = false"))
                .isEqualTo(1);
            assertThat(
                    f.count(
                        "select count(*) from gh_user where email is not null and email_verified = false"))
                .isEqualTo(2);
            assertThat(f.count("select count(*) from gh_user where email is null")).isEqualTo(1);
            assertThat(f.count("select count(*) from gh_user where phone = '+49301234567'"))
                .isEqualTo(1);
            assertThat(f.count("select count(*) from gh_user where phone = '+14155550134'"))
                .isEqualTo(1);
            assertThat(f.count("select count(*) from gh_user where phone_verified = true"))
                .isEqualTo(1);
            assertThat(f.count("select count(*) from gh_user where language = 'de'")).isEqualTo(1);
            assertThat(f.count("select count(*) from gh_user where language = 'en'")).isEqualTo(1);
            assertThat(
                    f.count(
                        "select count(*) from gh_user where password_hash is null"
                            + " and username in ('grace.temporary', 'ivan.nopassword')"))
                .isEqualTo(2);
          });
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void aRunOfTheRealExportThatDiesMidwayResumes(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      SourceScenarios.resumesAfterInterruption(f, realExport(), options().batchSize(3).build(), 7);
    }
  }

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void knownPasswordsOfTheRealExportLogInAndAreUpgraded(DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      f.importer.run(realExport(), options().build());
      // The disabled user's password is right, and still refused.
      SourceScenarios.replayKnownLogins(
          f, f.hashing, realKnownPasswords(), List.of("frank.disabled"));
    }
  }

  @Test
  void aKeycloak7CredentialWithHashedSaltedValueVerifies(@TempDir Path dir) throws Exception {
    // Keycloak 7 and older put the hash on the credential itself; the bytes are dave.sha256's,
    // as Keycloak 26 computed them for "admin admin admin".
    Path file = dir.resolve("realm.json");
    Files.writeString(
        file,
        "{\"realm\":\"old\",\"users\":[{\"id\":\"k7\",\"username\":\"dave\","
            + "\"credentials\":[{\"type\":\"password\","
            + "\"hashedSaltedValue\":\"rfO+S0jK3z1kW9n51IB52SIWAO2Je8LX1GHXAuooah0=\","
            + "\"salt\":\"jQF0QeYDi3Ccf0r4Zj+uGA==\",\"hashIterations\":600000,"
            + "\"algorithm\":\"pbkdf2-sha256\",\"digits\":0,\"period\":0,\"config\":{}}]}]}",
        StandardCharsets.UTF_8);
    String hash = VerificationTest.hashesById(KeycloakRealmSource.of(file)).get("k7");
    assertThat(hash).startsWith("$pbkdf2-sha256$600000$");
    assertThat(HASHING.verify("admin admin admin", hash).matched()).isTrue();
    assertThat(HASHING.verify("admin admin admin!", hash)).isEqualTo(PasswordVerification.NO_MATCH);
  }
}
