package dev.gatehouse.core.flows.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.account.AccountService;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.config.AuditSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.event.AuthEvent.RequestOrigin;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.DeviceService.DeviceInfo;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.Reauthentication.ReauthenticationRequiredException;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.testing.OneDatabase;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Finding 2 (access tokens outlive their session; a phone-only account is deleted with no proof)
 * and finding 7 (events carry the client and an account-deleted event exists).
 */
@OneDatabase(
    "when a destructive operation needs a recent sign-in or fresh proof, one request at a time")
class RecentAuthTest {
  static final String PASSWORD = "violet-orbit-7731";
  private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]+)");
  // Unique per JVM: the counter is the low digits, the start time the high ones.
  private static final AtomicLong PHONES = new AtomicLong(System.nanoTime() % 9000L * 100L);
  private static final Fixtures FIXTURES = new Fixtures();
  static final ClientInfo CLIENT =
      new ClientInfo("web", "203.0.113.57", "Browser/1.0 (test)", null);

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  static String email() {
    return "ra" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
  }

  /** A valid UK mobile number no other call of this JVM returns. */
  static String phone() {
    return String.format("+447400%06d", PHONES.incrementAndGet() % 1_000_000L);
  }

  static String codeOf(ThrowingCallable call) {
    try {
      call.call();
    } catch (AuthException e) {
      return e.code();
    } catch (Throwable t) {
      throw new AssertionError("expected an AuthException, got " + t, t);
    }
    throw new AssertionError("expected an AuthException, nothing was thrown");
  }

  static String codeIn(String text) {
    Matcher m = Pattern.compile("(?<!\\d)\\d{6}(?!\\d)").matcher(text);
    assertThat(m.find()).as("code in message").isTrue();
    return m.group();
  }

  /** A confirmed password account, signed in: its token pair. */
  static TokenPair signedIn(GatehouseFixture g, String email) {
    AccountService accounts = g.gatehouse.accounts();
    accounts.register(RegistrationRequest.builder().email(email).password(PASSWORD).build());
    Matcher m = TOKEN.matcher(g.email.lastTo(email).orElseThrow().textBody());
    assertThat(m.find()).isTrue();
    accounts.confirmEmail(m.group(1));
    return accounts.login(new LoginRequest(email, PASSWORD, CLIENT)).orElseThrow().tokens();
  }

  /** A phone-only account (signed up by SMS code), signed in: its token pair. */
  static TokenPair phoneOnly(GatehouseFixture g, String phone) {
    g.gatehouse.otp().request(OtpRequest.of(phone, OtpChannel.SMS, OtpPurpose.LOGIN));
    String code = codeIn(g.sms.lastTo(phone).orElseThrow().body());
    return g.gatehouse
        .otp()
        .loginWithCode(phone, OtpChannel.SMS, code, CLIENT)
        .orElseThrow()
        .tokens();
  }

  VerifiedAccessToken verify(GatehouseFixture g, TokenPair p) {
    return g.gatehouse.sessions().verifyAccessToken(p.accessToken());
  }

  /** Moves past the recent-auth window and refreshes: a valid token whose sign-in is old. */
  static TokenPair aged(GatehouseFixture g, TokenPair p) {
    g.clock.advance(Duration.ofMinutes(6));
    return g.gatehouse.sessions().refresh(p.refreshToken(), CLIENT);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void deletionNeedsARecentSignInOrAFreshPasswordAndPublishesAccountDeletedWithTheOrigin(
      StoreKind kind) {
    GatehouseFixture g = new GatehouseFixture(FIXTURES.get(kind));
    AccountService accounts = g.gatehouse.accounts();
    String email = email();
    TokenPair old = aged(g, signedIn(g, email));
    VerifiedAccessToken caller = verify(g, old);

    assertThatThrownBy(
            () -> accounts.deleteAccount(caller, Reauthentication.recentSignIn(), CLIENT))
        .isInstanceOfSatisfying(
            ReauthenticationRequiredException.class,
            e -> {
              assertThat(e.code()).isEqualTo("reauthentication_required");
              assertThat(e.methods()).containsExactly("password", "code");
            });
    assertThat(
            codeOf(
                () ->
                    accounts.deleteAccount(
                        caller, Reauthentication.password("wrong-password-1"), CLIENT)))
        .isEqualTo("invalid_credentials");
    assertThat(accounts.find(caller.userPublicId())).isPresent();

    accounts.deleteAccount(caller, Reauthentication.password(PASSWORD), CLIENT);
    assertThat(accounts.find(caller.userPublicId())).isEmpty();
    assertThat(g.events)
        .contains(
            new AuthEvent.AccountDeleted(
                g.clock.instant(),
                caller.userPublicId(),
                new RequestOrigin("203.0.113.0/24", "Browser/1.0 (test)")));
  }

  /**
   * The core checks a passkey proof only through a check a module registered ({@code
   * auth-passkeys}): without one, it is no proof and is never offered.
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void withoutThePasskeyModuleAPasskeyProvesNothingAndIsNotOffered(StoreKind kind) {
    GatehouseFixture g = new GatehouseFixture(FIXTURES.get(kind));
    AccountService accounts = g.gatehouse.accounts();
    VerifiedAccessToken caller = verify(g, aged(g, signedIn(g, email())));

    assertThatThrownBy(() -> accounts.deleteAccount(caller, Reauthentication.passkey("{}"), CLIENT))
        .isInstanceOfSatisfying(
            ReauthenticationRequiredException.class,
            e -> assertThat(e.methods()).containsExactly("password", "code"));
    assertThat(accounts.find(caller.userPublicId())).isPresent();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aRecentSignInDeletesWithoutAPasswordButNotFromAnEndedSession(StoreKind kind) {
    GatehouseFixture g = new GatehouseFixture(FIXTURES.get(kind));
    AccountService accounts = g.gatehouse.accounts();
    TokenPair fresh = signedIn(g, email());
    VerifiedAccessToken caller = verify(g, fresh);
    g.gatehouse.sessions().logout(caller.userPublicId(), caller.sessionId());
    // The token still verifies statelessly, but its session is over.
    assertThatThrownBy(
            () -> accounts.deleteAccount(caller, Reauthentication.recentSignIn(), CLIENT))
        .isInstanceOfSatisfying(
            InvalidTokenException.class,
            e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.SESSION_ENDED));
    assertThat(accounts.find(caller.userPublicId())).isPresent();

    TokenPair again =
        accounts.login(new LoginRequest(email(g, caller), PASSWORD, CLIENT)).orElseThrow().tokens();
    accounts.deleteAccount(verify(g, again), Reauthentication.recentSignIn(), CLIENT);
    assertThat(accounts.find(caller.userPublicId())).isEmpty();
  }

  private static String email(GatehouseFixture g, VerifiedAccessToken caller) {
    return g.gatehouse.accounts().find(caller.userPublicId()).orElseThrow().email();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aPhoneOnlyAccountIsNeverDeletedWithoutProofAndProvesItselfWithAFreshCode(StoreKind kind) {
    GatehouseFixture g = new GatehouseFixture(FIXTURES.get(kind));
    AccountService accounts = g.gatehouse.accounts();
    String phone = phone();
    TokenPair old = aged(g, phoneOnly(g, phone));
    VerifiedAccessToken caller = verify(g, old);
    UUID id = caller.userPublicId();

    // Before the fix, the password-or-nothing form deleted a phone-only account with no proof.
    assertThat(codeOf(() -> accounts.deleteAccount(id, null)))
        .isEqualTo("reauthentication_required");
    assertThatThrownBy(
            () -> accounts.deleteAccount(caller, Reauthentication.recentSignIn(), CLIENT))
        .isInstanceOfSatisfying(
            ReauthenticationRequiredException.class,
            e -> assertThat(e.methods()).containsExactly("code"));
    assertThat(
            codeOf(
                () -> accounts.deleteAccount(caller, Reauthentication.password(PASSWORD), CLIENT)))
        .isEqualTo("reauthentication_required");
    assertThat(accounts.find(id)).isPresent();

    // A login code does not prove presence for this purpose.
    g.clock.advance(Duration.ofMinutes(2));
    g.gatehouse.otp().request(OtpRequest.of(phone, OtpChannel.SMS, OtpPurpose.LOGIN));
    String loginCode = codeIn(g.sms.lastTo(phone).orElseThrow().body());
    assertThat(codeOf(() -> accounts.deleteAccount(caller, Reauthentication.code(loginCode), null)))
        .isEqualTo("invalid_code");

    assertThat(accounts.requestReauthenticationCode(caller).channel()).isEqualTo("sms");
    String code = codeIn(g.sms.lastTo(phone).orElseThrow().body());
    accounts.deleteAccount(caller, Reauthentication.code(code), CLIENT);
    assertThat(accounts.find(id)).isEmpty();
    assertThat(codeOf(() -> g.gatehouse.sessions().verifyLiveAccessToken(old.accessToken())))
        .isEqualTo("invalid_token");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aPasswordChangeNeedsRecentAuthEndsEverySessionAndNotifiesTheOwner(StoreKind kind) {
    GatehouseFixture g = new GatehouseFixture(FIXTURES.get(kind));
    AccountService accounts = g.gatehouse.accounts();
    String email = email();
    TokenPair old = aged(g, signedIn(g, email));
    VerifiedAccessToken caller = verify(g, old);
    String newPassword = "amber-canyon-4410";

    assertThat(
            codeOf(
                () ->
                    accounts.changePassword(
                        caller, Reauthentication.recentSignIn(), newPassword, CLIENT)))
        .isEqualTo("reauthentication_required");
    int sent = g.email.sent().size();
    accounts.changePassword(caller, Reauthentication.password(PASSWORD), newPassword, CLIENT);

    EmailMessage notice = g.email.lastTo(email).orElseThrow();
    assertThat(g.email.sent()).hasSize(sent + 1);
    assertThat(notice.subject()).contains("password was changed");
    assertThat(g.events)
        .contains(
            new AuthEvent.PasswordChanged(
                g.clock.instant(),
                caller.userPublicId(),
                new RequestOrigin("203.0.113.0/24", "Browser/1.0 (test)")));
    assertThat(codeOf(() -> g.gatehouse.sessions().verifyLiveAccessToken(old.accessToken())))
        .isEqualTo("invalid_token");
    accounts.login(LoginRequest.of(email, newPassword));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void passwordResetAndTheOldChangeFormNotifyTheOwnerToo(StoreKind kind) {
    GatehouseFixture g = new GatehouseFixture(FIXTURES.get(kind));
    AccountService accounts = g.gatehouse.accounts();
    String email = email();
    VerifiedAccessToken caller = verify(g, signedIn(g, email));
    accounts.changePassword(caller.userPublicId(), PASSWORD, "amber-canyon-4410");
    assertThat(g.email.lastTo(email).orElseThrow().subject()).contains("password was changed");

    accounts.requestPasswordReset(email);
    Matcher m = TOKEN.matcher(g.email.lastTo(email).orElseThrow().textBody());
    assertThat(m.find()).isTrue();
    accounts.confirmPasswordReset(m.group(1), "silver-harbor-2290");
    EmailMessage notice = g.email.lastTo(email).orElseThrow();
    assertThat(notice.subject()).contains("password was changed");
    assertThat(notice.textBody()).doesNotContain("token=").doesNotContain("silver-harbor");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void loginEventsCarryTheCoarseIpOrTheFullOneWhenConfigured(StoreKind kind) {
    GatehouseFixture coarse = new GatehouseFixture(FIXTURES.get(kind));
    signedIn(coarse, email());
    assertThat(coarse.events)
        .filteredOn(AuthEvent.LoggedIn.class::isInstance)
        .singleElement()
        .extracting(AuthEvent::origin)
        .isEqualTo(new RequestOrigin("203.0.113.0/24", "Browser/1.0 (test)"));

    GatehouseFixture full =
        new GatehouseFixture(FIXTURES.get(kind), b -> b.set(AuditSettings.EVENTS_FULL_IP, true));
    String email = email();
    signedIn(full, email);
    codeOf(
        () -> full.gatehouse.accounts().login(new LoginRequest(email, "nope-nope-nope", CLIENT)));
    assertThat(full.events)
        .filteredOn(e -> e instanceof AuthEvent.LoggedIn || e instanceof AuthEvent.LoginFailed)
        .extracting(AuthEvent::origin)
        .containsOnly(new RequestOrigin("203.0.113.57", "Browser/1.0 (test)"));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aSignInFromANewMobileDeviceNotifiesTheOwnerWhenEnabled(StoreKind kind) {
    GatehouseFixture g =
        new GatehouseFixture(FIXTURES.get(kind), b -> b.set(AuditSettings.NOTIFY_NEW_DEVICE, true));
    AccountService accounts = g.gatehouse.accounts();
    String email = email();
    signedIn(g, email);
    ClientInfo first =
        new ClientInfo("mobile", null, null, new DeviceInfo("dev-1", "ios", null, null));
    ClientInfo second =
        new ClientInfo("mobile", null, null, new DeviceInfo("dev-2", "android", null, null));
    int before = g.email.sent().size();
    accounts.login(new LoginRequest(email, PASSWORD, first));
    accounts.login(new LoginRequest(email, PASSWORD, first));
    assertThat(g.email.sent()).as("the first device and a known one are no news").hasSize(before);
    accounts.login(new LoginRequest(email, PASSWORD, second));
    assertThat(g.email.sent()).hasSize(before + 1);
    assertThat(g.email.lastTo(email).orElseThrow().subject()).contains("New sign-in");
  }
}
