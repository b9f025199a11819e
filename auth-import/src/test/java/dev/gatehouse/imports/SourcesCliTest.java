package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.imports.ImportCliTest.Result;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands of docs/MIGRATION.md for Auth0, Supabase and Keycloak, run as written. */
class SourcesCliTest {
  @TempDir Path dir;

  static List<String> target(ImportFixture f) {
    return List.of(
        "--target-url",
        f.db.jdbcUrl(),
        "--target-user",
        f.db.user(),
        "--target-password",
        f.db.password());
  }

  /** plan, run and verify with the given source options; returns the run's output. */
  String planRunVerify(ImportFixture f, List<String> source, Path known, int users)
      throws Exception {
    return planRunVerify(f, source, known, users, List.of());
  }

  /** As above, with options every command gets (e.g. {@code --config}). */
  String planRunVerify(
      ImportFixture f, List<String> source, Path known, int users, List<String> common)
      throws Exception {
    Result plan = ImportCliTest.cli(ImportCliTest.args("plan", source, target(f), common));
    assertThat(plan.status()).as(plan.out() + plan.err()).isZero();
    assertThat(plan.out()).contains("records: " + users).contains("PASSED");
    assertThat(f.count("select count(*) from gh_user")).isZero();

    Result run = ImportCliTest.cli(ImportCliTest.args("run", source, target(f), common));
    assertThat(run.status()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("COMPLETED");
    assertThat(f.count("select count(*) from gh_user")).isPositive();

    Result verify =
        ImportCliTest.cli(
            ImportCliTest.args("verify", List.of("--known", known.toString()), target(f), common));
    assertThat(verify.status()).as(verify.out() + verify.err()).isZero();
    return run.out();
  }

  /**
   * A copy of a known-passwords file without the rows that contain any of the given texts: the
   * logins {@code verify} rightly refuses (inactive, or unverified under the default {@code
   * require-verified}), which would make it fail.
   */
  Path knownWithout(Path known, String... refused) throws Exception {
    Path copy = dir.resolve("known-ready.csv");
    Files.write(
        copy,
        Files.readAllLines(known, StandardCharsets.UTF_8).stream()
            .filter(l -> List.of(refused).stream().noneMatch(l::contains))
            .toList(),
        StandardCharsets.UTF_8);
    return copy;
  }

  @Test
  void auth0() throws Exception {
    // The blocked user's login is refused, as it should be: leave it out of the replay.
    Path known = knownWithout(ImportFixture.sample("auth0/known-passwords.csv"), "jon.berg9@");
    try (ImportFixture f = ImportFixture.create(DatabaseKind.H2)) {
      planRunVerify(
          f,
          List.of(
              "--source-type", "auth0",
              "--source", ImportFixture.sample("auth0/users.ndjson").toString(),
              "--password-hashes", ImportFixture.sample("auth0/password-hashes.ndjson").toString(),
              "--source-name", "auth0",
              "--conflict", "merge"),
          known,
          Auth0ImportTest.USERS);
    }
  }

  @Test
  void supabase() throws Exception {
    try (TestDatabase legacy = SupabaseImportTest.supabase(DatabaseKind.H2);
        ImportFixture f = ImportFixture.create(DatabaseKind.H2)) {
      planRunVerify(
          f,
          List.of(
              "--source-type", "supabase",
              "--source", legacy.jdbcUrl(),
              "--source-user", legacy.user(),
              "--source-password", legacy.password(),
              "--table", "users",
              "--source-name", "supabase",
              "--conflict", "merge"),
          ImportFixture.sample("supabase/known-passwords.csv"),
          SupabaseImportTest.USERS);
      // Banned until 2124 by the real clock too.
      assertThat(f.count("select count(*) from gh_user where is_active = false")).isEqualTo(1);
    }
  }

  @Test
  void keycloak() throws Exception {
    Path config = dir.resolve("gatehouse.properties");
    Files.writeString(config, "gatehouse.login.identifier=BOTH\n", StandardCharsets.UTF_8);
    try (ImportFixture f = ImportFixture.create(DatabaseKind.H2)) {
      planRunVerify(
          f,
          List.of(
              "--source-type", "keycloak",
              "--source", ImportFixture.sample("keycloak/realm-export.json").toString(),
              "--source-name", "keycloak",
              "--conflict", "merge"),
          // Their email is unverified: verify counts them UNVERIFIED, not ready.
          knownWithout(
              ImportFixture.sample("keycloak/known-passwords.csv"),
              "\"iris.meyer8\"",
              "\"maja.nowak28@"),
          KeycloakImportTest.USERS,
          List.of("--config", config.toString()));
    }
  }

  @Test
  void keycloak26Export() throws Exception {
    Path config = dir.resolve("gatehouse.properties");
    Files.writeString(config, "gatehouse.login.identifier=BOTH\n", StandardCharsets.UTF_8);
    List<String> common = List.of("--config", config.toString());
    Path known = KeycloakImportTest.realKnownPasswords();
    try (ImportFixture f = ImportFixture.create(DatabaseKind.H2)) {
      planRunVerify(
          f,
          List.of(
              "--source-type", "keycloak",
              "--source", ImportFixture.sample("keycloak/realm-export-keycloak-26.json").toString(),
              "--source-name", "keycloak",
              "--conflict", "merge"),
          knownWithout(
              known,
              "\"frank.disabled\"",
              "\"bruno.costa@",
              "\"heidi.unverified@",
              "\"judy.noemail\""),
          KeycloakImportTest.REAL_USERS,
          common);
      // All known rows: the disabled user and the three without a verified email are not ready.
      Result all =
          ImportCliTest.cli(
              ImportCliTest.args(
                  "verify",
                  List.of("--read-only", "--known", known.toString()),
                  target(f),
                  common));
      assertThat(all.status()).isNotZero();
      assertThat(all.out() + all.err())
          .contains("LOGGED_IN=4")
          .contains("UNVERIFIED=3")
          .contains("INACTIVE=1")
          .doesNotContain("WRONG_PASSWORD");
    }
  }
}
