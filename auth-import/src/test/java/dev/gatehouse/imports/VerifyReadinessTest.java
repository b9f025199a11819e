package dev.gatehouse.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.AccountSettings;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.PhoneSettings;
import dev.gatehouse.core.identity.PhoneNumbers;
import dev.gatehouse.imports.api.ImportOptions.ConflictPolicy;
import dev.gatehouse.imports.internal.HashCheck;
import dev.gatehouse.imports.internal.LoginReplay;
import dev.gatehouse.testing.OneDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Finding 5 of issue 18: verify reports per outcome, does not count unverified accounts as ready,
 * and has a read-only mode that agrees with the real login while writing nothing.
 */
@OneDatabase("what verify reports; it reads through the store contract")
class VerifyReadinessTest {

  @ParameterizedTest
  @ArgumentsSource(EnabledDatabases.class)
  void unverifiedAccountsAreNotReadyAndTheReadOnlyCheckAgreesWithTheLoginWritingNothing(
      DatabaseKind kind) throws Exception {
    try (ImportFixture f = ImportFixture.create(kind)) {
      f.importer.run(
          DjangoImportTest.sqlite(), DjangoImportTest.options(ConflictPolicy.MERGE).build());
      List<List<String>> known =
          VerificationTest.known(ImportFixture.sample("django/known-passwords.csv"));
      PhoneNumbers phones = PhoneNumbers.forRegion("MX");

      List<String> before = f.accountTables();
      LoginReplay readOnly =
          LoginReplay.readOnly(f.store, f.hashing, phones, true, new HashCheck(f.hashing));
      for (List<String> row : known) {
        readOnly.replay(row.get(0), row.get(1));
      }
      assertThat(f.accountTables()).isEqualTo(before);
      assertThat(f.count("select count(*) from gh_session")).isZero();

      // The application reads national numbers in the region the import used (the CLI passes
      // --default-region on to the login path the same way).
      GatehouseConfig config =
          GatehouseConfig.builder()
              .clock(f.clock)
              .set(GatehouseConfig.SECRET_KEY, "test-secret-key-0123456789abcdef-0123456789")
              .set(GatehouseConfig.FRONTEND_URL, java.net.URI.create("https://app.example.test"))
              .set(PhoneSettings.PHONE_DEFAULT_REGION, "MX")
              .build();
      Gatehouse g = Gatehouse.builder(config, f.store).passwordHashing(f.hashing).build();
      LoginReplay login = new LoginReplay(g.accounts(), f.store, phones, new HashCheck(f.hashing));
      long accepted = 0;
      for (List<String> row : known) {
        accepted += login.replay(row.get(0), row.get(1)) ? 1 : 0;
      }

      assertThat(readOnly.outcomes()).as(login.failures().toString()).isEqualTo(login.outcomes());
      assertThat(login.outcomes().get(LoginReplay.Outcome.UNVERIFIED)).isPositive();
      assertThat(accepted).isEqualTo(login.outcomes().get(LoginReplay.Outcome.LOGGED_IN));
      assertThat(accepted + login.outcomes().get(LoginReplay.Outcome.UNVERIFIED))
          .isLessThanOrEqualTo(known.size());
      assertThat(readOnly.replayed()).isEqualTo(known.size());
      assertThat(config.get(AccountSettings.REQUIRE_VERIFIED)).isTrue();
    }
  }
}
