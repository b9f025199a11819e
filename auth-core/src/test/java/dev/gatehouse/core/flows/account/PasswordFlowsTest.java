package dev.gatehouse.core.flows.account;

import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.codeOf;
import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.core.flows.account.AccountTests.failures;
import static dev.gatehouse.core.flows.account.AccountTests.register;
import static dev.gatehouse.core.flows.account.AccountTests.tokenIn;
import static dev.gatehouse.core.flows.account.AccountTests.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.account.AccountService;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.config.PasswordSettings;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.testing.OneDatabase;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

@OneDatabase(
    "reset, change and their notices, one request at a time: the tokens and sessions they touch are the store contract's")
class PasswordFlowsTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final String NEW_PASSWORD = "amber-kettle-5520";

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  private static GatehouseFixture gatehouse(StoreKind kind) {
    return new GatehouseFixture(FIXTURES.get(kind));
  }

  private static boolean refreshWorks(GatehouseFixture g, TokenPair tokens) {
    try {
      g.gatehouse.sessions().refresh(tokens.refreshToken(), ClientInfo.web());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void changingThePasswordNeedsTheCurrentOneRevokesSessionsAndKillsResetLinks(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    AccountService accounts = g.gatehouse.accounts();
    String email = email();
    UUID id = confirmed(g, email);
    TokenPair session = accounts.login(LoginRequest.of(email, PASSWORD)).orElseThrow().tokens();
    accounts.requestPasswordReset(email);
    String resetToken = tokenIn(g, email);

    assertThat(codeOf(() -> accounts.changePassword(id, "wrong-current", NEW_PASSWORD)))
        .isEqualTo("invalid_credentials");
    assertThat(failures(g, id)).isEqualTo(1);
    assertThat(codeOf(() -> accounts.changePassword(id, null, NEW_PASSWORD)))
        .isEqualTo("password_required");
    assertThat(codeOf(() -> accounts.changePassword(id, PASSWORD, "short")))
        .isEqualTo("password_too_short");
    assertThat(refreshWorks(g, session)).as("nothing changed yet").isTrue();
    session = accounts.login(LoginRequest.of(email, PASSWORD)).orElseThrow().tokens();

    accounts.changePassword(id, PASSWORD, NEW_PASSWORD);
    assertThat(refreshWorks(g, session)).isFalse();
    assertThat(codeOf(() -> accounts.confirmPasswordReset(resetToken, "other-secret-4481")))
        .isEqualTo("invalid_link");
    assertThat(codeOf(() -> accounts.login(LoginRequest.of(email, PASSWORD))))
        .isEqualTo("invalid_credentials");
    assertThat(accounts.login(LoginRequest.of(email, NEW_PASSWORD))).isNotNull();
    assertThat(g.events).contains(new AuthEvent.PasswordChanged(g.clock.instant(), id));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aResetRequestAnswersTheSameForUnknownAddressesAndLinksToTheFrontend(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    AccountService accounts = g.gatehouse.accounts();
    int sent = g.email.sent().size();
    accounts.requestPasswordReset(email());
    assertThat(g.email.sent()).hasSize(sent);
    String email = email();
    confirmed(g, email);
    accounts.requestPasswordReset(email.toUpperCase());
    assertThat(g.email.lastTo(email).orElseThrow().textBody())
        .contains("https://app.example.test/reset-password?token=");
    assertThat(codeOf(() -> accounts.requestPasswordReset(" "))).isEqualTo("invalid_email");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aResetLinkWorksOnceRevokesSessionsAndClearsTheFailureCount(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    AccountService accounts = g.gatehouse.accounts();
    String email = email();
    UUID id = confirmed(g, email);
    TokenPair session = accounts.login(LoginRequest.of(email, PASSWORD)).orElseThrow().tokens();
    codeOf(() -> accounts.login(LoginRequest.of(email, "wrong-password")));
    accounts.requestPasswordReset(email);
    String token = tokenIn(g, email);
    // A refused new password leaves the link usable.
    assertThat(codeOf(() -> accounts.confirmPasswordReset(token, "password")))
        .isEqualTo("password_too_common");
    accounts.confirmPasswordReset(token, NEW_PASSWORD);
    assertThat(refreshWorks(g, session)).isFalse();
    assertThat(failures(g, id)).isZero();
    assertThat(codeOf(() -> accounts.confirmPasswordReset(token, "third-secret-8812")))
        .isEqualTo("invalid_link");
    assertThat(accounts.login(LoginRequest.of(email, NEW_PASSWORD))).isNotNull();
    assertThat(g.events).contains(new AuthEvent.PasswordReset(g.clock.instant(), id));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aResetLinkExpires(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    String email = email();
    confirmed(g, email);
    g.gatehouse.accounts().requestPasswordReset(email);
    String token = tokenIn(g, email);
    g.clock.advance(g.gatehouse.config().get(PasswordSettings.RESET_TTL));
    assertThat(codeOf(() -> g.gatehouse.accounts().confirmPasswordReset(token, NEW_PASSWORD)))
        .isEqualTo("invalid_link");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aNewerResetLinkKillsTheOlderOne(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    String email = email();
    confirmed(g, email);
    g.gatehouse.accounts().requestPasswordReset(email);
    String older = tokenIn(g, email);
    g.gatehouse.accounts().requestPasswordReset(email);
    String newer = tokenIn(g, email);
    assertThat(codeOf(() -> g.gatehouse.accounts().confirmPasswordReset(older, NEW_PASSWORD)))
        .isEqualTo("invalid_link");
    g.gatehouse.accounts().confirmPasswordReset(newer, NEW_PASSWORD);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aResetLinkDiesWhenThePasswordChangesByAnyOtherPath(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    String email = email();
    UUID id = confirmed(g, email);
    g.gatehouse.accounts().requestPasswordReset(email);
    String token = tokenIn(g, email);
    String current = user(g, email).orElseThrow().passwordHash();
    // Not through AccountService: e.g. an import or the host's own admin code.
    g.db.store.inTransaction(
        tx ->
            tx.users()
                .replacePasswordHash(
                    id,
                    current,
                    g.gatehouse.passwordHashing().hash("set-by-admin-771"),
                    g.clock.instant()));
    assertThat(codeOf(() -> g.gatehouse.accounts().confirmPasswordReset(token, NEW_PASSWORD)))
        .isEqualTo("invalid_link");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aResetOfAnUnconfirmedAccountAlsoConfirmsItsEmail(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    String email = email();
    register(g, email);
    g.gatehouse.accounts().requestPasswordReset(email);
    g.gatehouse.accounts().confirmPasswordReset(tokenIn(g, email), NEW_PASSWORD);
    assertThat(user(g, email).orElseThrow().emailVerified()).isTrue();
  }
}
