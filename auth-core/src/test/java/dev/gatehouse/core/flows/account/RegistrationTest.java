package dev.gatehouse.core.flows.account;

import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.codeOf;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.core.flows.account.AccountTests.register;
import static dev.gatehouse.core.flows.account.AccountTests.tokenIn;
import static dev.gatehouse.core.flows.account.AccountTests.user;
import static dev.gatehouse.core.flows.account.AccountTests.userId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.account.AccountService;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.config.AccountSettings;
import dev.gatehouse.core.config.AccountSettings.LoginIdentifier;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.store.ActionTokenStore;
import dev.gatehouse.core.store.UserRecord;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

class RegistrationTest {
  private static final Fixtures FIXTURES = new Fixtures();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  private static GatehouseFixture gatehouse(StoreKind kind) {
    return new GatehouseFixture(FIXTURES.get(kind));
  }

  private static GatehouseFixture gatehouse(
      StoreKind kind, UnaryOperator<GatehouseConfig.Builder> tweak) {
    return new GatehouseFixture(FIXTURES.get(kind), tweak);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void registrationCreatesAnUnverifiedUserWithADefaultProfileAndEmailsAFrontendLink(StoreKind kind)
      throws java.sql.SQLException {
    GatehouseFixture g = gatehouse(kind);
    String email = email();
    g.gatehouse
        .accounts()
        .register(
            RegistrationRequest.builder()
                .email("  " + email.toUpperCase().replace("EXAMPLE.TEST", "Example.TEST") + " ")
                .password(PASSWORD)
                .language("es-MX")
                .timeZone("America/Mexico_City")
                .build());
    UserRecord u = user(g, email).orElseThrow();
    assertThat(u.emailCanonical()).isEqualTo(email);
    assertThat(u.verified()).isFalse();
    assertThat(u.emailVerified()).isFalse();
    assertThat(u.passwordHash()).startsWith("$argon2id$");
    assertThat(u.language()).isEqualTo("es-MX");
    assertThat(u.timeZone()).isEqualTo("America/Mexico_City");
    List<Boolean> defaults =
        g.db.store.inTransaction(
            tx ->
                tx.profiles().list(tx.users().findByEmail(email).get().publicId()).stream()
                    .map(p -> p.defaultProfile())
                    .toList());
    assertThat(defaults).containsExactly(true);
    String body = g.email.lastTo(email).orElseThrow().textBody();
    assertThat(body).contains("https://app.example.test/confirm-email?token=");
    String token = tokenIn(g, email);
    // Only the keyed hash is stored: the token itself finds nothing (the rows as stored are
    // checked in auth-jpa's StoredSecretsTest).
    Optional<ActionTokenStore.ActionToken> byToken =
        g.db.store.inTransaction(
            tx ->
                tx.actionTokens()
                    .findUsable(AccountService.PURPOSE_CONFIRMATION, token, g.clock.instant()));
    assertThat(byToken).isEmpty();
    assertThat(g.events).contains(new AuthEvent.Registered(g.clock.instant(), u.publicId()));
  }

  /**
   * A new account's public id is random (version 4) unless the host asks for time-ordered ids,
   * which are version 7 of the clock's millisecond (issue 79): an account's creation time is then
   * in its id, which the host chooses to show.
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aNewAccountsPublicIdIsRandomUnlessTheHostAsksForTimeOrderedOnes(StoreKind kind) {
    for (boolean ordered : new boolean[] {false, true}) {
      GatehouseFixture g =
          gatehouse(kind, b -> b.set(AccountSettings.TIME_ORDERED_PUBLIC_IDS, ordered));
      String email = email();
      g.gatehouse
          .accounts()
          .register(RegistrationRequest.builder().email(email).password(PASSWORD).build());
      UUID id = user(g, email).orElseThrow().publicId();
      assertThat(id.version()).isEqualTo(ordered ? 7 : 4);
      if (ordered) {
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(g.clock.instant().toEpochMilli());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aConfirmationLinkVerifiesTheAccountOnceOnly(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    String email = email();
    register(g, email);
    String token = tokenIn(g, email);
    g.gatehouse.accounts().confirmEmail(token);
    UserRecord u = user(g, email).orElseThrow();
    assertThat(u.verified()).isTrue();
    assertThat(u.emailVerified()).isTrue();
    assertThat(g.events).contains(new AuthEvent.EmailVerified(g.clock.instant(), u.publicId()));
    assertThat(codeOf(() -> g.gatehouse.accounts().confirmEmail(token))).isEqualTo("invalid_link");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void confirmingWithTheReturningFormAnswersTheConfirmedAccountsId(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    String email = email();
    register(g, email);
    UUID confirmed = g.gatehouse.accounts().confirmEmailReturningId(tokenIn(g, email));
    UserRecord u = user(g, email).orElseThrow();
    assertThat(confirmed).isEqualTo(u.publicId());
    assertThat(u.emailVerified()).isTrue();
    assertThat(g.events).contains(new AuthEvent.EmailVerified(g.clock.instant(), u.publicId()));
    assertThat(codeOf(() -> g.gatehouse.accounts().confirmEmailReturningId("x".repeat(43))))
        .isEqualTo("invalid_link");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aConfirmationLinkExpiresAfterItsTtl(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    String email = email();
    register(g, email);
    String token = tokenIn(g, email);
    g.clock.advance(g.gatehouse.config().get(AccountSettings.CONFIRMATION_TTL));
    assertThat(codeOf(() -> g.gatehouse.accounts().confirmEmail(token))).isEqualTo("invalid_link");
    assertThat(user(g, email).orElseThrow().verified()).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void malformedAndForeignTokensAreInvalidTokens(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    AccountService accounts = g.gatehouse.accounts();
    for (String bad : new String[] {null, "", "   ", "x".repeat(129), "abc def", "ünïcode"}) {
      assertThat(codeOf(() -> accounts.confirmEmail(bad))).isEqualTo("invalid_link");
    }
    String email = email();
    register(g, email);
    accounts.requestPasswordReset(email);
    // A reset token is not a confirmation token.
    assertThat(codeOf(() -> accounts.confirmEmail(tokenIn(g, email)))).isEqualTo("invalid_link");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void resendKillsTheOlderLinkAndAnswersTheSameForUnknownAddresses(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    String email = email();
    register(g, email);
    String first = tokenIn(g, email);
    g.gatehouse.accounts().resendConfirmation(email.toUpperCase());
    String second = tokenIn(g, email);
    assertThat(second).isNotEqualTo(first);
    assertThat(codeOf(() -> g.gatehouse.accounts().confirmEmail(first))).isEqualTo("invalid_link");
    g.gatehouse.accounts().confirmEmail(second);

    int sent = g.email.sent().size();
    g.gatehouse.accounts().resendConfirmation(email()); // unknown
    g.gatehouse.accounts().resendConfirmation(email); // already confirmed
    assertThat(g.email.sent()).hasSize(sent);
    assertThat(codeOf(() -> g.gatehouse.accounts().resendConfirmation("not-an-email")))
        .isEqualTo("invalid_email");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void registeringAnExistingEmailAnswersLikeANewOneAndCostsTheSame(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    AccountService accounts = g.gatehouse.accounts();
    String email = email();
    long before = g.gatehouse.passwordHashing().hashComputations();
    register(g, email);
    long newCost = g.gatehouse.passwordHashing().hashComputations() - before;
    UUID id = userId(g, email);
    g.gatehouse.accounts().confirmEmail(tokenIn(g, email));
    int sent = g.email.sent().size();

    before = g.gatehouse.passwordHashing().hashComputations();
    accounts.register(
        RegistrationRequest.builder()
            .email(email.toUpperCase())
            .password("another-secret-9917")
            .build());
    long existingCost = g.gatehouse.passwordHashing().hashComputations() - before;

    assertThat(existingCost).isEqualTo(newCost).isEqualTo(1);
    assertThat(g.email.sent()).as("nothing sent to a confirmed account").hasSize(sent);
    assertThat(user(g, email).orElseThrow().publicId()).isEqualTo(id);
    assertThat(g.events).filteredOn(e -> e instanceof AuthEvent.Registered).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void registeringAnExistingUnconfirmedEmailSendsAFreshLinkInstead(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    String email = email();
    register(g, email);
    String first = tokenIn(g, email);
    register(g, email);
    String second = tokenIn(g, email);
    assertThat(second).isNotEqualTo(first);
    g.gatehouse.accounts().confirmEmail(second);
    assertThat(user(g, email).orElseThrow().verified()).isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void badInputIsRefusedWithAStableCodeAndWritesNothing(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind, b -> b.set(AccountSettings.TERMS_REQUIRED, true));
    AccountService accounts = g.gatehouse.accounts();
    String email = email();
    String local = email.substring(0, email.indexOf('@'));
    record Case(String code, RegistrationRequest.Builder request) {}
    List<Case> cases =
        List.of(
            new Case("invalid_email", RegistrationRequest.builder().password(PASSWORD)),
            new Case(
                "invalid_email", RegistrationRequest.builder().email("   ").password(PASSWORD)),
            new Case(
                "invalid_email",
                RegistrationRequest.builder()
                    .email("a".repeat(250) + "@x.test")
                    .password(PASSWORD)),
            new Case(
                "invalid_email",
                RegistrationRequest.builder().email("no-at-sign").password(PASSWORD)),
            new Case("password_required", RegistrationRequest.builder().email(email)),
            new Case("password_required", RegistrationRequest.builder().email(email).password("")),
            new Case(
                "password_too_short", RegistrationRequest.builder().email(email).password("Ab1!")),
            new Case(
                "password_too_long",
                RegistrationRequest.builder().email(email).password("x".repeat(2000))),
            new Case(
                "password_too_common",
                RegistrationRequest.builder().email(email).password("password123")),
            new Case(
                "password_similar_to_account",
                RegistrationRequest.builder().email(email).password(local + "-2024!")),
            new Case(
                "invalid_registration",
                RegistrationRequest.builder()
                    .email(email)
                    .phone("+14155550123")
                    .password(PASSWORD)),
            new Case(
                "invalid_username",
                RegistrationRequest.builder().email(email).username("a b").password(PASSWORD)),
            new Case(
                "invalid_language",
                RegistrationRequest.builder().email(email).language("!!").password(PASSWORD)),
            new Case(
                "invalid_time_zone",
                RegistrationRequest.builder()
                    .email(email)
                    .timeZone("Mars/Base")
                    .password(PASSWORD)));
    for (Case c : cases) {
      assertThat(codeOf(() -> accounts.register(c.request().termsAccepted(true).build())))
          .as(c.code())
          .isEqualTo(c.code());
    }
    assertThat(
            codeOf(
                () ->
                    accounts.register(
                        RegistrationRequest.builder().email(email).password(PASSWORD).build())))
        .isEqualTo("terms_required");
    assertThat(user(g, email)).isEmpty();
    assertThat(g.email.lastTo(email)).isEmpty();

    accounts.register(
        RegistrationRequest.builder().email(email).password(PASSWORD).termsAccepted(true).build());
    assertThat(user(g, email).orElseThrow().termsAcceptedAt()).isEqualTo(g.clock.instant());
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aTakenUsernameIsReportedWhateverTheEmail(StoreKind kind) {
    GatehouseFixture g =
        gatehouse(kind, b -> b.set(AccountSettings.LOGIN_IDENTIFIER, LoginIdentifier.USERNAME));
    AccountService accounts = g.gatehouse.accounts();
    String name = AccountTests.username();
    String owner = email();
    assertThat(
            codeOf(
                () ->
                    accounts.register(
                        RegistrationRequest.builder().email(owner).password(PASSWORD).build())))
        .isEqualTo("username_required");
    accounts.register(
        RegistrationRequest.builder().email(owner).username(name).password(PASSWORD).build());
    assertThat(user(g, owner).orElseThrow().usernameCanonical()).isEqualTo(name);
    // Same answer for a new email and for the owner's own email: the email is not revealed.
    for (String email : List.of(email(), owner)) {
      assertThat(
              codeOf(
                  () ->
                      accounts.register(
                          RegistrationRequest.builder()
                              .email(email)
                              .username(name.toUpperCase())
                              .password(PASSWORD)
                              .build())))
          .isEqualTo("username_taken");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void phoneSignUpStoresE164AndADuplicateAnswersTheSame(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    String national = String.format("415555%04d", (int) (Math.random() * 10000));
    String e164 = "+1" + national;
    RegistrationRequest request =
        RegistrationRequest.builder()
            .phone("+1 (" + national.substring(0, 3) + ") " + national.substring(3))
            .password(PASSWORD)
            .build();
    int sent = g.email.sent().size();
    g.gatehouse.accounts().register(request);
    UserRecord u = g.db.store.inTransaction(tx -> tx.users().findByPhone(e164)).orElseThrow();
    assertThat(u.email()).isNull();
    assertThat(u.phoneVerified()).isFalse();
    g.gatehouse.accounts().register(request);
    assertThat(g.email.sent()).hasSize(sent);

    GatehouseFixture noPhone = gatehouse(kind, b -> b.set(AccountSettings.LOGIN_BY_PHONE, false));
    assertThat(codeOf(() -> noPhone.gatehouse.accounts().register(request)))
        .isEqualTo("invalid_registration");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void confirmationEmailsToOneAddressAreCappedPerHour(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind, b -> b.set(ThrottleSettings.OTP_MAX_PER_DESTINATION, 2));
    String email = email();
    register(g, email);
    g.gatehouse.accounts().resendConfirmation(email);
    g.gatehouse.accounts().resendConfirmation(email);
    assertThat(g.email.sent()).filteredOn(m -> m.to().equals(email)).hasSize(2);
    g.clock.advance(Duration.ofHours(1));
    g.gatehouse.accounts().resendConfirmation(email);
    assertThat(g.email.sent()).filteredOn(m -> m.to().equals(email)).hasSize(3);
  }
}
