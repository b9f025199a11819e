package dev.gatehouse.passkeys;

import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.codeOf;
import static dev.gatehouse.passkeys.PasskeyTest.CLIENT;
import static dev.gatehouse.passkeys.PasskeyTest.ORIGIN;
import static dev.gatehouse.passkeys.PasskeyTest.RP_ID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.entity.DefaultEntities;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.passkeys.PasskeyTest.Account;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** Passkeys on a JPA store whose host declared no passkey entity. */
class PasskeyEntityTest {
  /**
   * A host without a passkey entity hands no options to a browser (issue 36, finding 10): every
   * ceremony is refused as not configured before a challenge is issued, where it used to end in a
   * refusal only after the person had used their authenticator.
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void withoutAPasskeyEntityNoCeremonyStarts(DatabaseKind kind) {
    EntityClasses withoutPasskeys =
        EntityClasses.builder()
            .user(DefaultEntities.User.class)
            .profile(DefaultEntities.Profile.class)
            .device(DefaultEntities.Device.class)
            .otpCode(DefaultEntities.OtpCode.class)
            .smsLog(DefaultEntities.SmsLog.class)
            .emailLog(DefaultEntities.EmailLog.class)
            .build();
    try (JpaFixture db = JpaFixture.create(kind, withoutPasskeys)) {
      GatehouseFixture g =
          new GatehouseFixture(
              db,
              b ->
                  b.set(PasskeySettings.PASSKEY_RP_ID, RP_ID)
                      .set(TokenSettings.RECENT_AUTH_WINDOW, Duration.ofMinutes(1))
                      .set(PasskeySettings.PASSKEY_ORIGINS, List.of(ORIGIN)),
              // The verifier is installed, so what refuses is the missing entity.
              w -> w.install(new WebAuthn4jPasskeys()));
      try (g.gatehouse) {
        Account a = new Account(g);
        assertThat(codeOf(a::begin)).isEqualTo("invalid_configuration");
        assertThat(codeOf(() -> g.gatehouse.feature(PasskeyService.class).beginSignIn()))
            .isEqualTo("invalid_configuration");
        // A password login of the same account is untouched.
        assertThat(g.gatehouse.accounts().login(new LoginRequest(a.email, PASSWORD, CLIENT)))
            .isNotNull();
      }
    }
  }
}
