package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.AccountSettings;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.password.PasswordHashingOptions;
import dev.gatehouse.imports.api.ImportOptions;
import dev.gatehouse.imports.api.LegacySource;
import dev.gatehouse.imports.internal.CsvReader;
import dev.gatehouse.imports.internal.HashCheck;
import dev.gatehouse.imports.internal.LoginReplay;
import dev.gatehouse.imports.source.CsvSource;
import dev.gatehouse.imports.source.JdbcTableSource.ColumnMapping;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerificationTest {
  final PasswordHashing hashing = PasswordHashing.create(PasswordHashingOptions.defaults());

  /** (login, password, user_id) rows of a known-passwords file. */
  static List<List<String>> known(Path file) throws Exception {
    List<List<String>> rows = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CsvReader csv = new CsvReader(r)) {
      csv.next(); // header
      for (List<String> row = csv.next(); row != null; row = csv.next()) {
        rows.add(row);
      }
    }
    return rows;
  }

  static Map<String, String> hashesById(LegacySource source) {
    Map<String, String> m = new HashMap<>();
    try (LegacySource.RecordStream s = source.open()) {
      s.forEachRemaining(r -> m.put(r.user().legacyId(), r.user().passwordHash()));
    }
    return m;
  }

  @Test
  void theDjangoHashDumpMatchesEveryKnownPassword() throws Exception {
    Map<String, String> hashes = hashesById(DjangoImportTest.sqlite());
    HashCheck check = new HashCheck(hashing);
    for (List<String> row : known(ImportFixture.sample("django/known-passwords.csv"))) {
      check.add(row.get(1), hashes.get(row.get(3)));
    }
    assertThat(check.result().checked()).isEqualTo(29);
    assertThat(check.result().matched()).as(check.result().summary()).isEqualTo(29);
  }

  @Test
  void theFastApiUsersHashDumpMatchesEveryKnownPassword() throws Exception {
    Map<String, String> hashes =
        hashesById(
            CsvSource.of(
                ImportFixture.sample("fastapi-users/users.csv"), ColumnMapping.fastApiUsers()));
    HashCheck check = new HashCheck(hashing);
    for (List<String> row : known(ImportFixture.sample("fastapi-users/known-passwords.csv"))) {
      check.add(row.get(1), hashes.get(row.get(3)));
    }
    assertThat(check.result().checked()).isEqualTo(24);
    assertThat(check.result().matchRate()).as(check.result().summary()).isEqualTo(1.0);
  }

  @Test
  void aWrongPasswordOrAPepperedDumpShowsUpPerFormat() throws Exception {
    Map<String, String> hashes = hashesById(DjangoImportTest.sqlite());
    HashCheck check = new HashCheck(hashing);
    for (List<String> row : known(ImportFixture.sample("django/known-passwords.csv"))) {
      check.add(row.get(1) + "pepper", hashes.get(row.get(3)));
    }
    assertThat(check.result().matched()).isZero();
    assertThat(check.result().formats()).containsKey("pbkdf2_sha256 i=260000");
  }

  @Test
  void knownFastApiUsersLogInThroughTheRealLoginAfterImport() throws Exception {
    try (ImportFixture f = ImportFixture.create(DatabaseKind.H2)) {
      f.importer.run(
          CsvSource.of(
              ImportFixture.sample("fastapi-users/users.csv"), ColumnMapping.fastApiUsers()),
          ImportOptions.builder("fastapi").build());
      GatehouseConfig config =
          GatehouseConfig.builder()
              .clock(f.clock)
              .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
              .set(GatehouseConfig.FRONTEND_URL, java.net.URI.create("https://app.example.test"))
              .set(AccountSettings.REQUIRE_VERIFIED, false)
              .build();
      Gatehouse gatehouse = Gatehouse.builder(config, f.store).build();
      HashCheck tally = new HashCheck(hashing);
      LoginReplay replay =
          new LoginReplay(
              gatehouse.accounts(),
              f.store,
              dev.gatehouse.core.identity.PhoneNumbers.forRegion("US"),
              tally);
      List<String> refused = new ArrayList<>();
      for (List<String> row : known(ImportFixture.sample("fastapi-users/known-passwords.csv"))) {
        if (!replay.replay(row.get(0), row.get(1))) {
          refused.add(row.get(0));
        }
      }
      assertThat(tally.result().checked()).isEqualTo(24);
      // Every known password logs in after the import, including one typed with a decomposed
      // (NFD) accent whose legacy hash was made from those exact bytes: login retries the password
      // as typed. Only inactive accounts are refused, like any failed login.
      Map<String, Boolean> active = new HashMap<>();
      try (LegacySource.RecordStream s =
          CsvSource.of(
                  ImportFixture.sample("fastapi-users/users.csv"), ColumnMapping.fastApiUsers())
              .open()) {
        s.forEachRemaining(r -> active.put(r.user().legacyId(), r.user().active()));
      }
      List<String> inactive = new ArrayList<>();
      boolean sawNonNfkc = false;
      for (List<String> row : known(ImportFixture.sample("fastapi-users/known-passwords.csv"))) {
        sawNonNfkc |= !Normalizer.normalize(row.get(1), Normalizer.Form.NFKC).equals(row.get(1));
        if (!active.get(row.get(3))) {
          inactive.add(row.get(0));
        }
      }
      assertThat(sawNonNfkc).as("the sample has a non-NFKC password").isTrue();
      assertThat(refused)
          .as(replay.failures().toString())
          .containsExactlyInAnyOrderElementsOf(inactive);
    }
  }
}
