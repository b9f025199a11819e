package dev.gatehouse.core.flows.security;

import static dev.gatehouse.core.flows.security.RecentAuthTest.CLIENT;
import static dev.gatehouse.core.flows.security.RecentAuthTest.PASSWORD;
import static dev.gatehouse.core.flows.security.RecentAuthTest.aged;
import static dev.gatehouse.core.flows.security.RecentAuthTest.codeIn;
import static dev.gatehouse.core.flows.security.RecentAuthTest.codeOf;
import static dev.gatehouse.core.flows.security.RecentAuthTest.email;
import static dev.gatehouse.core.flows.security.RecentAuthTest.phone;
import static dev.gatehouse.core.flows.security.RecentAuthTest.phoneOnly;
import static dev.gatehouse.core.flows.security.RecentAuthTest.signedIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.account.AccountService;
import dev.gatehouse.core.account.AccountService.CodeSent;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.event.AuthEvent.RequestOrigin;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.testing.OneDatabase;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** Findings 5 (email and phone changes), 4 (notices to the old address) and 6 (look-alikes). */
@OneDatabase("the rules of an email or phone change, one request at a time")
class ContactChangeTest {
  private static final Fixtures FIXTURES = new Fixtures();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  private static VerifiedAccessToken caller(GatehouseFixture g, String email) {
    return g.gatehouse.sessions().verifyAccessToken(signedIn(g, email).accessToken());
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anEmailChangeNeedsTheCodeSentToTheNewAddressAndTellsTheOldOne(StoreKind kind) {
    GatehouseFixture g = new GatehouseFixture(FIXTURES.get(kind));
    AccountService accounts = g.gatehouse.accounts();
    String old = email();
    String next = email();
    VerifiedAccessToken caller = caller(g, old);

    CodeSent sent =
        accounts.requestEmailChange(caller, Reauthentication.recentSignIn(), next, CLIENT);
    assertThat(sent.maskedDestination()).doesNotContain(next);
    String code = codeIn(g.email.lastTo(next).orElseThrow().textBody());
    assertThat(accounts.find(caller.userPublicId()).orElseThrow().email()).isEqualTo(old);
    assertThat(codeOf(() -> accounts.confirmEmailChange(caller, email(), code, CLIENT)))
        .isEqualTo("invalid_code");

    accounts.confirmEmailChange(caller, next, code, CLIENT);
    assertThat(accounts.find(caller.userPublicId()).orElseThrow().email()).isEqualTo(next);
    assertThat(g.email.lastTo(old).orElseThrow().subject()).contains("email address was changed");
    assertThat(g.events)
        .contains(
            new AuthEvent.EmailChanged(
                g.clock.instant(),
                caller.userPublicId(),
                new RequestOrigin("203.0.113.0/24", "Browser/1.0 (test)")));
    accounts.login(LoginRequest.of(next, PASSWORD));
    assertThat(codeOf(() -> accounts.login(LoginRequest.of(old, PASSWORD))))
        .isEqualTo("invalid_credentials");
    // Spent.
    assertThat(codeOf(() -> accounts.confirmEmailChange(caller, next, code, CLIENT)))
        .isEqualTo("invalid_code");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anAddressOfAnotherAccountAnswersTheSameAndOnlyItsProvenOwnerLearnsItIsTaken(StoreKind kind) {
    GatehouseFixture g = new GatehouseFixture(FIXTURES.get(kind));
    AccountService accounts = g.gatehouse.accounts();
    String taken = email();
    UUID other = caller(g, taken).userPublicId();
    VerifiedAccessToken caller = caller(g, email());
    int before = g.email.sent().size();

    CodeSent toTaken =
        accounts.requestEmailChange(caller, Reauthentication.recentSignIn(), taken, CLIENT);
    CodeSent toFree =
        accounts.requestEmailChange(caller, Reauthentication.recentSignIn(), email(), CLIENT);
    assertThat(toTaken.validFor()).isEqualTo(toFree.validFor());
    assertThat(toTaken.channel()).isEqualTo(toFree.channel());
    assertThat(g.email.sent()).hasSize(before + 2);

    accounts.requestEmailChange(caller, Reauthentication.recentSignIn(), taken, CLIENT);
    String code = codeIn(g.email.lastTo(taken).orElseThrow().textBody());
    assertThat(codeOf(() -> accounts.confirmEmailChange(caller, taken, code, CLIENT)))
        .isEqualTo("email_taken");
    assertThat(accounts.find(other).orElseThrow().email()).isEqualTo(taken);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void wrongCodesBurnThePendingChangeAndAnOldSignInMustProveItself(StoreKind kind) {
    GatehouseFixture g = new GatehouseFixture(FIXTURES.get(kind));
    AccountService accounts = g.gatehouse.accounts();
    String mine = email();
    VerifiedAccessToken old =
        g.gatehouse.sessions().verifyAccessToken(aged(g, signedIn(g, mine)).accessToken());
    String next = email();
    assertThat(
            codeOf(
                () ->
                    accounts.requestEmailChange(
                        old, Reauthentication.recentSignIn(), next, CLIENT)))
        .isEqualTo("reauthentication_required");
    accounts.requestEmailChange(old, Reauthentication.password(PASSWORD), next, CLIENT);
    String code = codeIn(g.email.lastTo(next).orElseThrow().textBody());
    String wrong = code.equals("000000") ? "111111" : "000000";
    for (int i = 0; i < 5; i++) {
      assertThat(codeOf(() -> accounts.confirmEmailChange(old, next, wrong, CLIENT)))
          .isEqualTo("invalid_code");
    }
    assertThat(codeOf(() -> accounts.confirmEmailChange(old, next, code, CLIENT)))
        .isEqualTo("code_burned");
    assertThat(accounts.find(old.userPublicId()).orElseThrow().email()).isEqualTo(mine);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aPhoneOnlyAccountChangesItsNumberWithAFreshCodeAndTheOldNumberIsTold(StoreKind kind) {
    GatehouseFixture g = new GatehouseFixture(FIXTURES.get(kind));
    AccountService accounts = g.gatehouse.accounts();
    String oldPhone = phone();
    String newPhone = phone();
    VerifiedAccessToken caller =
        g.gatehouse.sessions().verifyAccessToken(aged(g, phoneOnly(g, oldPhone)).accessToken());
    assertThat(
            codeOf(
                () ->
                    accounts.requestPhoneChange(
                        caller, Reauthentication.recentSignIn(), newPhone, CLIENT)))
        .isEqualTo("reauthentication_required");
    accounts.requestReauthenticationCode(caller);
    String proof = codeIn(g.sms.lastTo(oldPhone).orElseThrow().body());
    accounts.requestPhoneChange(caller, Reauthentication.code(proof), newPhone, CLIENT);
    String code = codeIn(g.sms.lastTo(newPhone).orElseThrow().body());
    accounts.confirmPhoneChange(caller, newPhone, code, CLIENT);

    assertThat(accounts.find(caller.userPublicId()).orElseThrow().phone()).isEqualTo(newPhone);
    assertThat(g.sms.lastTo(oldPhone).orElseThrow().body()).contains("no longer uses this phone");
    assertThat(g.events).anySatisfy(e -> assertThat(e).isInstanceOf(AuthEvent.PhoneChanged.class));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aLookAlikeAddressIsRefusedAtRegistrationAndInAChange(StoreKind kind) {
    GatehouseFixture g = new GatehouseFixture(FIXTURES.get(kind));
    AccountService accounts = g.gatehouse.accounts();
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    String latin = "confuse-x" + suffix + "@example.com";
    String cyrillic = "c\u043enfuse-x" + suffix + "@example.com";
    VerifiedAccessToken caller = caller(g, latin);
    assertThat(
            codeOf(
                () ->
                    accounts.register(
                        RegistrationRequest.builder().email(cyrillic).password(PASSWORD).build())))
        .isEqualTo("invalid_email");
    assertThat(
            codeOf(
                () ->
                    accounts.requestEmailChange(
                        caller, Reauthentication.recentSignIn(), cyrillic, CLIENT)))
        .isEqualTo("invalid_email");
    boolean stored = g.db.store.inTransaction(tx -> tx.users().findByEmail(cyrillic).isPresent());
    assertThat(stored).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aWholeScriptLookAlikeOfAnAsciiAddressIsRefusedAtRegistrationAndInAChange(StoreKind kind) {
    GatehouseFixture g = new GatehouseFixture(FIXTURES.get(kind));
    AccountService accounts = g.gatehouse.accounts();
    String n = Long.toString(UUID.randomUUID().getMostSignificantBits() & Long.MAX_VALUE);
    String latin = "access-" + n + "@example.com";
    // Every letter Cyrillic: no mixed script, and it reads as the Latin address.
    String cyrillic = "\u0430\u0441\u0441\u0435\u0455\u0455-" + n + "@example.com";
    VerifiedAccessToken caller = caller(g, latin);
    VerifiedAccessToken other = caller(g, "other-" + n + "@example.com");
    assertThat(
            codeOf(
                () ->
                    accounts.register(
                        RegistrationRequest.builder().email(cyrillic).password(PASSWORD).build())))
        .isEqualTo("invalid_email");
    assertThat(
            codeOf(
                () ->
                    accounts.requestEmailChange(
                        other, Reauthentication.recentSignIn(), cyrillic, CLIENT)))
        .isEqualTo("invalid_email");
    boolean stored = g.db.store.inTransaction(tx -> tx.users().findByEmail(cyrillic).isPresent());
    assertThat(stored).isFalse();
    assertThat(caller.userPublicId())
        .isEqualTo(
            g.db.store.inTransaction(tx -> tx.users().findByEmail(latin)).orElseThrow().publicId());
  }
}
