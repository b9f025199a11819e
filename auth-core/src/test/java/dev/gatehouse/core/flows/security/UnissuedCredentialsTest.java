package dev.gatehouse.core.flows.security;

import static dev.gatehouse.core.flows.account.AccountTests.codeOf;
import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.config.OtpSettings;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.testing.InMemoryAuthStore;
import dev.gatehouse.testing.OneDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * No credential is valid that was not issued (issue 54, finding 1, checked for every kind): a
 * well-formed value of each kind that Gatehouse never sent signs nobody in and changes nothing. The
 * sign-in link and its code are in auth-magic-link's {@code MagicLinkTest}; the social link token
 * in auth-social's {@code SocialAccountRulesTest}.
 */
@OneDatabase(
    "credentials that were never issued are refused: a lookup that finds nothing, on any store")
class UnissuedCredentialsTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final ClientInfo CLIENT = ClientInfo.web("203.0.113.44");

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  @Test
  void noOneTimeCodeSignsInOrVerifiesADestinationThatWasSentNone() {
    // Every four-digit code, for sign-in and for proving the address, against an account that
    // asked for nothing. The in-memory store: the rule is the flow's.
    GatehouseFixture g =
        new GatehouseFixture(
            new StoreFixture(new InMemoryAuthStore()),
            b -> b.set(OtpSettings.OTP_LENGTH, 4).set(ThrottleSettings.THROTTLE_ENABLED, false));
    String email = email();
    confirmed(g, email);
    int mails = g.email.sent().size();
    Set<String> answers = new TreeSet<>();
    for (int i = 0; i < 10_000; i++) {
      String code = String.format("%04d", i);
      answers.add(
          codeOf(() -> g.gatehouse.otp().loginWithCode(email, OtpChannel.EMAIL, code, CLIENT)));
      answers.add(
          codeOf(
              () ->
                  g.gatehouse
                      .otp()
                      .verify(email, OtpChannel.EMAIL, OtpPurpose.VERIFY_EMAIL, code)));
    }
    assertThat(answers).containsExactly("invalid_code");
    assertThat(g.email.sent()).hasSize(mails);
    assertThat(g.events).noneMatch(e -> e instanceof AuthEvent.LoggedIn);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void tokensOfTheRightShapeThatWereNeverIssuedAreRefused(StoreKind kind) {
    GatehouseFixture g = new GatehouseFixture(FIXTURES.get(kind));
    String email = email();
    confirmed(g, email);
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String token = SecretHasher.newToken();
      answers.add("confirmation " + codeOf(() -> g.gatehouse.accounts().confirmEmail(token)));
      answers.add(
          "reset "
              + codeOf(
                  () ->
                      g.gatehouse.accounts().confirmPasswordReset(token, "a new long passphrase")));
    }
    assertThat(new TreeSet<>(answers))
        .containsExactly("confirmation invalid_link", "reset invalid_link");
    assertThat(g.events).noneMatch(e -> e instanceof AuthEvent.LoggedIn);
    assertThat(g.events).noneMatch(e -> e instanceof AuthEvent.PasswordChanged);
  }
}
