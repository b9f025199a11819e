package dev.gatehouse.core.flows.mfa;

import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.core.flows.account.AccountTests.signedIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.config.SecondFactorSettings;
import dev.gatehouse.core.config.SecondFactorSettings.SecondFactorRequirement;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.Reauthentication.ReauthenticationRequiredException;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.SignInResult.SecondFactorChallenge;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.testing.OneDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The second step fails closed without the module that answers it ({@code auth-mfa}): an account
 * with an enrolled authenticator app, or one the policy requires to enrol, still gets the second
 * step instead of a session, nothing of the core answers it, and an app's code proves no recent
 * authentication.
 */
@OneDatabase(
    "the second step asked for without the module, one request at a time; the factor rows it writes are the store contract's")
class SecondStepWithoutModuleTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final ClientInfo CLIENT =
      new ClientInfo("web", "203.0.113.59", "Browser/1.0", null);

  private GatehouseFixture opened;

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  @AfterEach
  void close() {
    opened.gatehouse.close();
  }

  /** An authenticator app as the module would have stored it, written through the store SPI. */
  private static void enrolled(GatehouseFixture g, UUID user) {
    Instant now = g.clock.instant();
    g.db.store.inTransaction(
        tx -> {
          assertThat(tx.secondFactors().savePendingTotp(user, "sealed-seed", now)).isTrue();
          assertThat(tx.secondFactors().confirmTotp(user, "sealed-seed", 1, now)).isTrue();
          tx.secondFactors().replaceRecoveryCodes(user, List.of("a-recovery-code-hash"), now);
          return null;
        });
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anEnrolledAccountGetsTheSecondStepAndNoSession(StoreKind kind) {
    GatehouseFixture g = opened = new GatehouseFixture(FIXTURES.get(kind));
    String email = email();
    UUID user = confirmed(g, email);
    VerifiedAccessToken caller = signedIn(g, email, CLIENT);
    enrolled(g, user);

    SignInResult result = g.gatehouse.accounts().login(new LoginRequest(email, PASSWORD, CLIENT));

    SecondFactorChallenge challenge = Fixtures.secondStep(result);
    assertThat(challenge.methods()).containsExactly("totp", "recovery_code");
    // Nothing of the core answers it: the service that would is the module's.
    assertThat(g.gatehouse.findFeature(SecondFactorLike.class)).isEmpty();
    assertThatThrownBy(() -> g.gatehouse.feature(SecondFactorLike.class))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(SecondFactorLike.class.getName());
    // An app's code proves nothing without the module, and is not offered.
    assertThatThrownBy(
            () ->
                g.gatehouse
                    .accounts()
                    .deleteAccount(caller, Reauthentication.totp("123456"), CLIENT))
        .isInstanceOfSatisfying(
            ReauthenticationRequiredException.class,
            e -> assertThat(e.methods()).doesNotContain("totp"));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anAccountThePolicyCoversGetsTheEnrolmentStep(StoreKind kind) {
    GatehouseFixture g =
        opened =
            new GatehouseFixture(
                FIXTURES.get(kind),
                b ->
                    b.set(SecondFactorSettings.MFA_REQUIRED, SecondFactorRequirement.EVERYONE)
                        .set(SecondFactorSettings.MFA_ENROLMENT_GRACE, Duration.ZERO));
    String email = email();
    confirmed(g, email);

    SignInResult result = g.gatehouse.accounts().login(new LoginRequest(email, PASSWORD, CLIENT));

    assertThat(result)
        .isInstanceOfSatisfying(
            SignInResult.SecondStepRequired.class,
            s -> assertThat(s.challenge().enrolmentOnly()).isTrue());
  }

  /** Stands for a module's service type that no installed module provides. */
  private interface SecondFactorLike {}
}
