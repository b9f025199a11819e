package dev.gatehouse.core.flows.account;

import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.codeOf;
import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.core.flows.account.AccountTests.race;
import static dev.gatehouse.core.flows.account.AccountTests.register;
import static dev.gatehouse.core.flows.account.AccountTests.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.account.AccountService;
import dev.gatehouse.core.account.AccountService.AccountUpdate;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.config.AccountSettings;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.session.UserView;
import dev.gatehouse.core.store.UserRecord;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

class AccountAdminTest {
  private static final String BOOTSTRAP = "bootstrap-token-0123456789abcdef-0123";

  private static final Fixtures FIXTURES = new Fixtures();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  private GatehouseFixture gatehouse(StoreKind kind) {
    return new GatehouseFixture(
        FIXTURES.get(kind), b -> b.set(AccountSettings.ADMIN_BOOTSTRAP_TOKEN, BOOTSTRAP));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anAccountUpdatesItsLanguageTimeZoneAndUsername(StoreKind kind) {
    {
      GatehouseFixture g = gatehouse(kind);
      AccountService accounts = g.gatehouse.accounts();
      UUID id = confirmed(g, email());
      String name = AccountTests.username();
      UserView a =
          accounts.updateAccount(
              id,
              AccountUpdate.none()
                  .withLanguage("es-mx")
                  .withTimeZone("Europe/Madrid")
                  .withUsername(name));
      assertThat(a.language()).isEqualTo("es-MX");
      assertThat(a.timeZone()).isEqualTo("Europe/Madrid");
      assertThat(a.username()).isEqualTo(name);
      assertThat(accounts.updateAccount(id, AccountUpdate.none().withLanguage("")).language())
          .isNull();
      assertThat(accounts.find(id).orElseThrow().timeZone()).isEqualTo("Europe/Madrid");

      UUID other = confirmed(g, email());
      assertThat(
              codeOf(
                  () ->
                      accounts.updateAccount(
                          other, AccountUpdate.none().withUsername(name.toUpperCase()))))
          .isEqualTo("username_taken");
      assertThat(
              codeOf(
                  () ->
                      accounts.updateAccount(
                          other, AccountUpdate.none().withTimeZone("Nowhere/City"))))
          .isEqualTo("invalid_time_zone");
      assertThat(
              codeOf(
                  () ->
                      accounts.updateAccount(
                          other, AccountUpdate.none().withLanguage("x".repeat(40)))))
          .isEqualTo("invalid_language");
      assertThat(codeOf(() -> accounts.updateAccount(UUID.randomUUID(), AccountUpdate.none())))
          .isEqualTo("account_not_found");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aUsernameCannotBeAnotherAccountsEmailOrPhone(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    AccountService accounts = g.gatehouse.accounts();
    String victimEmail = email();
    confirmed(g, victimEmail);
    String victimPhone =
        "+1415555" + (1000 + (int) (UUID.randomUUID().getLeastSignificantBits() & 0x0FFF) % 9000);
    java.time.Instant now = g.clock.instant();
    g.db.store.inTransaction(
        tx ->
            dev.gatehouse.core.account.AccountFactory.of(g.gatehouse.config())
                .insertUser(
                    tx,
                    dev.gatehouse.core.store.UserRecord.newAccount(now)
                        .phone(victimPhone)
                        .passwordHash("x")
                        .build()));
    String ownEmail = email();
    UUID self = confirmed(g, ownEmail);

    for (String impersonation : java.util.List.of(victimEmail.toUpperCase(), victimPhone)) {
      assertThat(
              codeOf(
                  () ->
                      accounts.updateAccount(
                          self, AccountUpdate.none().withUsername(impersonation))))
          .as(impersonation)
          .isEqualTo("username_taken");
      assertThat(
              codeOf(
                  () ->
                      accounts.register(
                          dev.gatehouse.core.account.RegistrationRequest.builder()
                              .email(email())
                              .username(impersonation)
                              .password(PASSWORD)
                              .build())))
          .as(impersonation)
          .isEqualTo("username_taken");
    }
    assertThat(user(g, ownEmail).orElseThrow().username()).isNull();
    // One's own email is nobody else's.
    assertThat(accounts.updateAccount(self, AccountUpdate.none().withUsername(ownEmail)).username())
        .isEqualTo(ownEmail);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void deletingAnAccountIsSoftNeedsThePasswordAndEndsEverything(StoreKind kind) {
    {
      GatehouseFixture g = gatehouse(kind);
      AccountService accounts = g.gatehouse.accounts();
      String email = email();
      UUID id = confirmed(g, email);
      accounts.login(LoginRequest.of(email, PASSWORD));
      assertThat(codeOf(() -> accounts.deleteAccount(id, null))).isEqualTo("password_required");
      assertThat(codeOf(() -> accounts.deleteAccount(id, "wrong-password")))
          .isEqualTo("invalid_credentials");
      accounts.deleteAccount(id, PASSWORD);
      UserRecord u = user(g, email).orElseThrow();
      assertThat(u.deletedAt()).isEqualTo(g.clock.instant());
      assertThat(g.gatehouse.sessions().listSessions(id, null)).isEmpty();
      assertThat(codeOf(() -> accounts.login(LoginRequest.of(email, PASSWORD))))
          .isEqualTo("invalid_credentials");
      assertThat(accounts.find(id)).isEmpty();
      int sent = g.email.sent().size();
      register(g, email);
      accounts.requestPasswordReset(email);
      assertThat(g.email.sent()).hasSize(sent);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void theFirstSuperuserNeedsTheBootstrapTokenAndOnlyOneIsEverCreated(StoreKind kind)
      throws Exception {
    {
      GatehouseFixture disabled = new GatehouseFixture(FIXTURES.get(kind));
      assertThat(
              codeOf(
                  () ->
                      disabled.gatehouse.accounts().createSuperuser(BOOTSTRAP, email(), PASSWORD)))
          .isEqualTo("bootstrap_disabled");
      GatehouseFixture g = gatehouse(kind);
      AccountService accounts = g.gatehouse.accounts();
      assertThat(codeOf(() -> accounts.createSuperuser(null, email(), PASSWORD)))
          .isEqualTo("invalid_bootstrap_token");
      assertThat(codeOf(() -> accounts.createSuperuser(BOOTSTRAP + "x", email(), PASSWORD)))
          .isEqualTo("invalid_bootstrap_token");
      assertThat(codeOf(() -> accounts.createSuperuser(BOOTSTRAP, email(), "weak")))
          .isEqualTo("password_too_short");

      int created =
          race(
              5,
              () -> {
                try {
                  accounts.createSuperuser(BOOTSTRAP, email(), PASSWORD);
                  return true;
                } catch (RejectedInputException e) {
                  assertThat(e.code()).isEqualTo("superuser_exists");
                  return false;
                }
              });
      assertThat(created).isEqualTo(1);
      long superusers = g.db.store.inTransaction(tx -> tx.users().countSuperusers());
      assertThat(superusers).isEqualTo(1L);
      assertThat(codeOf(() -> accounts.createSuperuser(BOOTSTRAP, email(), PASSWORD)))
          .isEqualTo("superuser_exists");
    }
  }
}
