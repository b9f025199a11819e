package dev.gatehouse.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.config.SecondFactorSettings;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.jpa.fixture.JpaFixtures;
import dev.gatehouse.mfa.SecondFactorService.SecondFactorProof;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The second factors' rows as the JPA store writes them hold secrets only as keyed hashes (as
 * auth-jpa's {@code StoredSecretsTest} reads the core's): read from the tables.
 */
class SecondFactorStoredSecretsTest {
  private static final JpaFixtures FIXTURES = new JpaFixtures();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aRememberedDeviceTokenIsStoredOnlyAsItsKeyedHash(DatabaseKind kind) throws Exception {
    JpaFixture db = FIXTURES.get(kind);
    GatehouseFixture g =
        new GatehouseFixture(
            db,
            b -> b.set(SecondFactorSettings.MFA_REMEMBER_DEVICE, Duration.ofDays(30)),
            MfaAccount::installed);
    try {
      MfaAccount a = new MfaAccount(g).withTotp();
      String device =
          g.gatehouse
              .feature(SecondFactorService.class)
              .completeLogin(
                  a.challenge().token(),
                  SecondFactorProof.totp(a.currentCode()),
                  MfaAccount.CLIENT,
                  true)
              .rememberedDevice();
      assertThat(device).isNotBlank();
      String where = " from gh_remembered_device where user_public_id = ?";
      assertThat(db.column("select token_hash" + where, a.id().toString()))
          .singleElement()
          .satisfies(h -> assertThat(h).hasSize(64).doesNotContain(device));
      assertThat(db.column("select label" + where, a.id().toString()))
          .singleElement()
          .satisfies(l -> assertThat(l).doesNotContain(device));
    } finally {
      g.gatehouse.close();
    }
  }
}
