package dev.gatehouse.mfa;

import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.codeOf;
import static dev.gatehouse.core.flows.account.AccountTests.race;
import static dev.gatehouse.mfa.MfaAccount.CLIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.ProfileSettings;
import dev.gatehouse.core.config.SecondFactorSettings;
import dev.gatehouse.core.config.SecondFactorSettings.SecondFactorRequirement;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.flows.ChangedStores;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.EveryStore;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.ProfileService.ProfileInput;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.SignInResult.SecondFactorChallenge;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.SecondFactorStore;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException;
import dev.gatehouse.mfa.SecondFactorService.RememberedDeviceView;
import dev.gatehouse.mfa.SecondFactorService.SecondFactorLogin;
import dev.gatehouse.mfa.SecondFactorService.SecondFactorProof;
import dev.gatehouse.mfa.SecondFactorService.TotpEnrolment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * "Remember this device" and the host's second-factor policy (required for everyone or for roles,
 * with an enrolment grace period), through the facade on each test store, including what an
 * attacker would try: another user's device token, expired and revoked ones, replays and races of
 * the enrolment-only challenge, and using that challenge for anything but enrolment.
 */
class SecondFactorPolicyTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final Totp TOTP = Totp.sha1();
  private static final Duration REMEMBER = Duration.ofDays(30);
  private static final Duration GRACE = Duration.ofDays(7);

  private final List<GatehouseFixture> opened = new ArrayList<>();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  @AfterEach
  void closeInstances() {
    opened.forEach(f -> f.gatehouse.close());
  }

  private GatehouseFixture fixture(StoreKind kind, UnaryOperator<GatehouseConfig.Builder> tweak) {
    return fixture(FIXTURES.get(kind), tweak);
  }

  private GatehouseFixture fixture(
      StoreFixture store, UnaryOperator<GatehouseConfig.Builder> tweak) {
    GatehouseFixture f = new GatehouseFixture(store, tweak, MfaAccount::installed);
    opened.add(f);
    return f;
  }

  /** {@code store}, except that revoking remembered devices does nothing: a revocation lost. */
  private static AuthStore neverRevoking(AuthStore store) {
    return ChangedStores.withTransactions(
        store,
        tx ->
            ChangedStores.overriding(
                StoreTransaction.class,
                tx,
                (method, args) ->
                    method.getName().equals("secondFactors")
                        ? ChangedStores.overriding(
                            SecondFactorStore.class,
                            tx.secondFactors(),
                            (m, a) -> m.getName().equals("revokeRememberedDevices") ? 0 : null)
                        : null));
  }

  private GatehouseFixture remembering(StoreKind kind) {
    return fixture(kind, b -> b.set(SecondFactorSettings.MFA_REMEMBER_DEVICE, REMEMBER));
  }

  private GatehouseFixture requiring(StoreKind kind) {
    return fixture(
        kind,
        b ->
            b.set(SecondFactorSettings.MFA_REQUIRED, SecondFactorRequirement.EVERYONE)
                .set(SecondFactorSettings.MFA_ENROLMENT_GRACE, GRACE));
  }

  /** Completes a fresh challenge of {@code a} with its app, asking to remember the device. */
  private static SecondFactorLogin rememberedLogin(MfaAccount a) {
    SecondFactorChallenge ch = a.challenge();
    SecondFactorLogin login =
        a.g
            .gatehouse
            .feature(SecondFactorService.class)
            .completeLogin(ch.token(), SecondFactorProof.totp(a.currentCode()), CLIENT, true);
    a.nextStep();
    return login;
  }

  private static TokenPair loginWith(MfaAccount a, String deviceToken) {
    return a.g
        .gatehouse
        .accounts()
        .login(new LoginRequest(a.email, PASSWORD, CLIENT.withRememberedDevice(deviceToken)))
        .orElseThrow()
        .tokens();
  }

  private static List<String> amr(GatehouseFixture g, TokenPair tokens) {
    return g.gatehouse.sessions().verifyAccessToken(tokens.accessToken()).amr();
  }

  private static String loginOutcome(MfaAccount a, String deviceToken) {
    try {
      SignInResult result =
          a.g
              .gatehouse
              .accounts()
              .login(new LoginRequest(a.email, PASSWORD, CLIENT.withRememberedDevice(deviceToken)));
      return result instanceof SignInResult.SignedIn in
          ? String.join(" ", amr(a.g, in.tokens()))
          : dev.gatehouse.core.flows.Fixtures.outcome(result);
    } catch (AuthException e) {
      return e.code();
    }
  }

  /** The flows docs/SECOND-FACTORS.md shows, run as written. */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void theDocumentedFlowsWork(StoreKind kind) {
    GatehouseFixture g =
        fixture(
            kind,
            b ->
                b.set(SecondFactorSettings.MFA_REMEMBER_DEVICE, REMEMBER)
                    .set(SecondFactorSettings.MFA_REQUIRED, SecondFactorRequirement.EVERYONE)
                    .set(SecondFactorSettings.MFA_ENROLMENT_GRACE, GRACE));
    dev.gatehouse.core.Gatehouse gatehouse = g.gatehouse;
    MfaAccount a = new MfaAccount(g).withTotp();
    String email = a.email;
    ClientInfo client = CLIENT;
    SecondFactorService factors = gatehouse.feature(SecondFactorService.class);
    SecondFactorChallenge challenge = a.challenge();
    String code = a.currentCode();
    // snippet:start mfa-remember
    SecondFactorLogin login =
        factors.completeLogin(challenge.token(), SecondFactorProof.totp(code), client, true);
    // Keep login.rememberedDevice() on the device (a cookie, the app's storage) until
    // login.rememberedUntil(); present it at the next login:
    TokenPair tokens =
        gatehouse
            .accounts()
            .login(
                new LoginRequest(
                    email, PASSWORD, client.withRememberedDevice(login.rememberedDevice())))
            .orElseThrow()
            .tokens();
    // snippet:end mfa-remember
    assertThat(amr(g, tokens)).containsExactly("pwd", "rdt");

    MfaAccount b = new MfaAccount(g);
    String other = b.email;
    g.clock.advance(GRACE);
    // snippet:start mfa-enrolment-required
    SignInResult result = gatehouse.accounts().login(new LoginRequest(other, PASSWORD, client));
    if (result instanceof SignInResult.SignedIn in) {
      // Inside the grace period: in.tokens().secondFactorEnrolmentDue() says by when to enrol.
      tokens = in.tokens();
    } else {
      SecondFactorChallenge step = ((SignInResult.SecondStepRequired) result).challenge();
      // step.enrolmentOnly(): the account must enrol an authenticator app first.
      String enrolmentToken = step.token();
      TotpEnrolment enrolment = factors.beginRequiredEnrolment(enrolmentToken, client);
      // Show enrolment.qrPng(), then ask for the app's first code.
      // snippet:hide
      String firstCode = code(g, Base32.decode(padded(enrolment.secret())));
      // snippet:show
      SignInResult.SignedIn enrolled =
          factors.completeRequiredEnrolment(enrolmentToken, firstCode, client);
      tokens = enrolled.tokens(); // and show enrolled.recoveryCodes() once
    }
    // snippet:end mfa-enrolment-required
    assertThat(amr(g, tokens)).containsExactly("pwd", "totp", "mfa");
  }

  // ---- remember this device ------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aRememberedDeviceSkipsTheSecondFactorOfItsOwnUsersPasswordAndCodeLogins(StoreKind kind)
      throws Exception {
    GatehouseFixture g = remembering(kind);
    MfaAccount a = new MfaAccount(g).withTotp();
    SecondFactorLogin login = rememberedLogin(a);
    assertThat(amr(g, login.tokens())).containsExactly("pwd", "totp", "mfa");
    assertThat(login.rememberedDevice()).isNotBlank();
    assertThat(login.rememberedUntil())
        .isEqualTo(g.clock.instant().minusSeconds(30).plus(REMEMBER));
    assertThat(login.toString()).doesNotContain(login.rememberedDevice());
    String device = login.rememberedDevice();
    assertThat(CLIENT.withRememberedDevice(device).toString()).doesNotContain(device);

    // Without the token: asked as before. With it: signed in, and amr says how.
    assertThat(loginOutcome(a, null)).isEqualTo("mfa_required");
    TokenPair skipped = loginWith(a, device);
    assertThat(amr(g, skipped)).containsExactly("pwd", "rdt");
    // A code login presenting it skips too.
    g.gatehouse.otp().request(OtpRequest.of(a.email, OtpChannel.EMAIL, OtpPurpose.LOGIN));
    Matcher m =
        Pattern.compile("(?<!\\d)\\d{6}(?!\\d)")
            .matcher(g.email.lastTo(a.email).orElseThrow().textBody());
    assertThat(m.find()).isTrue();
    TokenPair byCode =
        g.gatehouse
            .otp()
            .loginWithCode(
                a.email, OtpChannel.EMAIL, m.group(), CLIENT.withRememberedDevice(device))
            .orElseThrow()
            .tokens();
    assertThat(amr(g, byCode)).containsExactly("otp", "email", "rdt");

    assertThat(g.events)
        .anyMatch(
            e -> e instanceof SecondFactorService.DeviceRemembered d && d.userId().equals(a.id()))
        .anyMatch(e -> e instanceof AuthEvent.RememberedDeviceUsed d && d.userId().equals(a.id()));
    List<RememberedDeviceView> list =
        g.gatehouse.feature(SecondFactorService.class).rememberedDevices(a.caller());
    assertThat(list).hasSize(1);
    assertThat(list.get(0).label()).isEqualTo("Browser/1.0");
    assertThat(list.get(0).lastUsedAt()).isNotNull();

    // What the store hands back of the device holds no token (the JPA store's columns are read
    // in auth-jpa's StoredSecretsTest).
    assertThat(
            g.db.store.<List<SecondFactorStore.RememberedDevice>>inTransaction(
                tx -> tx.secondFactors().rememberedDevices(a.id(), g.clock.instant())))
        .singleElement()
        .satisfies(d -> assertThat(d.toString()).doesNotContain(device));
    assertThat(
            g.db.store.inTransaction(tx -> tx.secondFactors().rememberedDevice(device)).isEmpty())
        .as("looked up by the token itself instead of its keyed hash")
        .isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anotherUsersTokenAnUnknownOneAndAnExpiredOneAreIgnored(StoreKind kind) {
    GatehouseFixture g = remembering(kind);
    MfaAccount a = new MfaAccount(g).withTotp();
    MfaAccount b = new MfaAccount(g).withTotp();
    String aDevice = rememberedLogin(a).rememberedDevice();
    assertThat(loginOutcome(b, aDevice)).isEqualTo("mfa_required");
    assertThat(loginOutcome(a, aDevice + "x")).isEqualTo("mfa_required");
    assertThat(loginOutcome(a, "x".repeat(500))).isEqualTo("mfa_required");
    assertThat(loginOutcome(a, aDevice)).isEqualTo("pwd rdt");

    g.clock.advance(REMEMBER.minusSeconds(60));
    assertThat(loginOutcome(a, aDevice)).isEqualTo("pwd rdt");
    g.clock.advance(Duration.ofSeconds(60));
    assertThat(loginOutcome(a, aDevice)).isEqualTo("mfa_required");
    a.tokens =
        g.gatehouse
            .feature(SecondFactorService.class)
            .completeLogin(a.challenge().token(), SecondFactorProof.totp(a.currentCode()), CLIENT)
            .tokens();
    assertThat(g.gatehouse.feature(SecondFactorService.class).rememberedDevices(a.caller()))
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aRevokedDeviceIsIgnoredAndOnlyItsOwnerCanRevokeIt(StoreKind kind) {
    GatehouseFixture g = remembering(kind);
    MfaAccount a = new MfaAccount(g).withTotp();
    MfaAccount b = new MfaAccount(g);
    String first = rememberedLogin(a).rememberedDevice();
    String second = rememberedLogin(a).rememberedDevice();
    a.tokens = loginWith(a, first);
    SecondFactorService mfa = g.gatehouse.feature(SecondFactorService.class);
    List<RememberedDeviceView> list = mfa.rememberedDevices(a.caller());
    assertThat(list).hasSize(2);
    long firstId = list.get(1).id();

    assertThat(codeOf(() -> mfa.forgetRememberedDevice(b.caller(), firstId, CLIENT)))
        .isEqualTo("remembered_device_not_found");
    assertThat(loginOutcome(a, first)).isEqualTo("pwd rdt");
    mfa.forgetRememberedDevice(a.caller(), firstId, CLIENT);
    assertThat(codeOf(() -> mfa.forgetRememberedDevice(a.caller(), firstId, CLIENT)))
        .isEqualTo("remembered_device_not_found");
    assertThat(loginOutcome(a, first)).isEqualTo("mfa_required");
    assertThat(loginOutcome(a, second)).isEqualTo("pwd rdt");
    assertThat(mfa.forgetRememberedDevices(a.caller(), CLIENT)).isEqualTo(1);
    assertThat(loginOutcome(a, second)).isEqualTo("mfa_required");
    assertThat(g.events)
        .anyMatch(
            e ->
                e instanceof AuthEvent.RememberedDevicesRevoked r
                    && r.userId().equals(a.id())
                    && r.reason().equals("user"));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aPasswordChangeForgetsEveryRememberedDevice(StoreKind kind) {
    GatehouseFixture g = remembering(kind);
    MfaAccount a = new MfaAccount(g).withTotp();
    String device = rememberedLogin(a).rememberedDevice();
    g.gatehouse.accounts().changePassword(a.id(), PASSWORD, PASSWORD + "-new");
    String outcome =
        dev.gatehouse.core.flows.Fixtures.outcome(
            g.gatehouse
                .accounts()
                .login(
                    new LoginRequest(
                        a.email, PASSWORD + "-new", CLIENT.withRememberedDevice(device))));
    assertThat(outcome).isEqualTo("mfa_required");
    assertThat(g.events)
        .anyMatch(e -> e instanceof AuthEvent.RememberedDevicesRevoked r && r.count() == 1);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void removingOrReEnrollingTheAppForgetsRememberedDevices(StoreKind kind) throws Exception {
    GatehouseFixture g = remembering(kind);
    MfaAccount a = new MfaAccount(g).withTotp();
    String device = rememberedLogin(a).rememberedDevice();
    a.tokens = loginWith(a, device);
    g.gatehouse
        .feature(SecondFactorService.class)
        .removeTotp(a.caller(), Reauthentication.recentSignIn(), CLIENT);
    // No factor: the token does not matter.
    assertThat(loginOutcome(a, device)).isEqualTo("pwd");
    a.tokens = loginWith(a, null);
    a.withTotp();
    assertThat(loginOutcome(a, device)).isEqualTo("mfa_required");

    // Even a device that escaped the revocation predates the new app and is ignored: on a store
    // that never revokes a remembered device, the new app's enrolment still wins.
    GatehouseFixture leaky =
        fixture(
            new StoreFixture(neverRevoking(g.db.store)),
            b -> b.set(SecondFactorSettings.MFA_REMEMBER_DEVICE, REMEMBER));
    MfaAccount b = new MfaAccount(leaky).withTotp();
    String first = rememberedLogin(b).rememberedDevice();
    b.tokens = loginWith(b, first);
    leaky.clock.advance(Duration.ofMinutes(1));
    leaky
        .gatehouse
        .feature(SecondFactorService.class)
        .removeTotp(b.caller(), Reauthentication.recentSignIn(), CLIENT);
    assertThat(
            leaky.db.store.<List<SecondFactorStore.RememberedDevice>>inTransaction(
                tx -> tx.secondFactors().rememberedDevices(b.id(), leaky.clock.instant())))
        .as("the leaky store kept the device")
        .isNotEmpty();
    b.tokens = loginWith(b, null);
    b.withTotp();
    assertThat(loginOutcome(b, first)).isEqualTo("mfa_required");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void withRememberingOffTheFlagIsIgnored(StoreKind kind) {
    GatehouseFixture g = fixture(kind, b -> b);
    MfaAccount a = new MfaAccount(g).withTotp();
    SecondFactorLogin login = rememberedLogin(a);
    assertThat(login.rememberedDevice()).isNull();
    assertThat(login.rememberedUntil()).isNull();
  }

  // ---- policy --------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void insideTheGracePeriodLoginsSucceedAndSayWhenEnrolmentIsDue(StoreKind kind) {
    GatehouseFixture g = requiring(kind);
    Instant firstLogin = g.clock.instant();
    MfaAccount a = new MfaAccount(g); // its first login is the first the policy covers
    assertThat(a.tokens.secondFactorEnrolmentDue()).isEqualTo(firstLogin.plus(GRACE));
    g.clock.advance(GRACE.minusSeconds(1));
    TokenPair later =
        a.g
            .gatehouse
            .accounts()
            .login(new LoginRequest(a.email, PASSWORD, CLIENT))
            .orElseThrow()
            .tokens();
    assertThat(later.secondFactorEnrolmentDue()).isEqualTo(firstLogin.plus(GRACE));
    assertThat(amr(g, later)).containsExactly("pwd");
    assertThat(later.toString()).doesNotContain(later.accessToken());

    // Once enrolled, the policy asks nothing more than the factor.
    a.tokens = later;
    a.withTotp();
    g.clock.advance(GRACE);
    assertThat(loginOutcome(a, null)).isEqualTo("mfa_required");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void theRolesPolicyCoversOnlyAccountsWithARequiredRole(StoreKind kind) {
    GatehouseFixture g =
        fixture(
            kind,
            b ->
                b.set(ProfileSettings.PROFILE_ROLES, List.of("client", "admin"))
                    .set(SecondFactorSettings.MFA_REQUIRED, SecondFactorRequirement.ROLES)
                    .set(SecondFactorSettings.MFA_REQUIRED_ROLES, List.of("admin"))
                    .set(SecondFactorSettings.MFA_ENROLMENT_GRACE, GRACE));
    MfaAccount client = new MfaAccount(g);
    MfaAccount admin = new MfaAccount(g);
    assertThat(client.tokens.secondFactorEnrolmentDue()).isNull();
    assertThat(admin.tokens.secondFactorEnrolmentDue()).isNull();
    g.gatehouse.profiles().create(admin.id(), ProfileInput.ofRole("admin"));
    Instant becameAdmin = g.clock.instant();
    assertThat(loginWith(admin, null).secondFactorEnrolmentDue())
        .isEqualTo(becameAdmin.plus(GRACE));
    g.clock.advance(GRACE);
    assertThat(loginOutcome(admin, null)).isEqualTo("mfa_enrolment_required");
    assertThat(loginOutcome(client, null)).isEqualTo("pwd");
    assertThatThrownBy(
            () ->
                GatehouseConfig.builder()
                    .set(GatehouseConfig.SECRET_KEY, "k".repeat(40))
                    .set(SecondFactorSettings.MFA_REQUIRED, SecondFactorRequirement.ROLES)
                    .build())
        .hasMessageContaining("gatehouse.mfa.required-roles");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void afterTheGraceOnlyEnrolmentCompletesTheLoginAndTheChallengePermitsNothingElse(
      StoreKind kind) {
    GatehouseFixture g = requiring(kind);
    MfaAccount a = new MfaAccount(g);
    UUID id = a.id();
    g.clock.advance(GRACE);
    SignInResult result = g.gatehouse.accounts().login(new LoginRequest(a.email, PASSWORD, CLIENT));
    assertThat(result).isInstanceOf(SignInResult.SecondStepRequired.class);
    assertThatThrownBy(result::orElseThrow).hasMessageContaining("mfa_enrolment_required");
    SecondFactorChallenge ch = ((SignInResult.SecondStepRequired) result).challenge();
    assertThat(ch.enrolmentOnly()).isTrue();
    assertThat(ch.methods()).containsExactly("totp_enrolment");
    assertThat(result.toString()).doesNotContain(ch.token());
    assertThat(g.events)
        .anyMatch(
            ev -> ev instanceof AuthEvent.SecondFactorEnrolmentRequired r && r.userId().equals(id));

    // Not an access token, not a refresh token, not an mfa_required challenge.
    assertThatThrownBy(() -> g.gatehouse.sessions().verifyAccessToken(ch.token()))
        .isInstanceOf(InvalidTokenException.class);
    assertThatThrownBy(() -> g.gatehouse.sessions().refresh(ch.token(), CLIENT))
        .isInstanceOf(AuthException.class);
    SecondFactorService mfa = g.gatehouse.feature(SecondFactorService.class);
    assertThat(
            codeOf(() -> mfa.completeLogin(ch.token(), SecondFactorProof.totp("123456"), CLIENT)))
        .isEqualTo("invalid_challenge");
    // Confirming before starting the enrolment has nothing to confirm.
    assertThat(codeOf(() -> mfa.completeRequiredEnrolment(ch.token(), "123456", CLIENT)))
        .isEqualTo("totp_not_pending");

    TotpEnrolment enrolment = mfa.beginRequiredEnrolment(ch.token(), CLIENT);
    assertThat(enrolment.uri()).startsWith("otpauth://totp/");
    byte[] seed = Base32.decode(padded(enrolment.secret()));
    String wrong = code(g, seed).equals("000000") ? "111111" : "000000";
    assertThat(codeOf(() -> mfa.completeRequiredEnrolment(ch.token(), wrong, CLIENT)))
        .isEqualTo("invalid_code");
    SignInResult.SignedIn done = mfa.completeRequiredEnrolment(ch.token(), code(g, seed), CLIENT);
    assertThat(amr(g, done.tokens())).containsExactly("pwd", "totp", "mfa");
    assertThat(done.recoveryCodes()).hasSize(10);
    assertThat(mfa.status(id).totpEnabled()).isTrue();

    // Single use: the challenge cannot be replayed, to enrol again or to sign in.
    assertThat(codeOf(() -> mfa.beginRequiredEnrolment(ch.token(), CLIENT)))
        .isEqualTo("invalid_challenge");
    assertThat(codeOf(() -> mfa.completeRequiredEnrolment(ch.token(), code(g, seed), CLIENT)))
        .isEqualTo("invalid_challenge");
    // From now on the login asks for the factor it enrolled.
    assertThat(loginOutcome(a, null)).isEqualTo("mfa_required");
  }

  @EveryStore("concurrent first logins setting one due date")
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void concurrentFirstLoginsUnderThePolicyAllSucceedWithOneDueDate(StoreKind kind)
      throws Exception {
    // The account exists before the policy does, so these logins race to record when the policy
    // first covered it; a losing insert must not fail a login (nor abort its transaction).
    MfaAccount a = new MfaAccount(fixture(kind, b -> b));
    GatehouseFixture g =
        fixture(
            kind,
            b ->
                b.set(SecondFactorSettings.MFA_REQUIRED, SecondFactorRequirement.EVERYONE)
                    .set(SecondFactorSettings.MFA_ENROLMENT_GRACE, GRACE)
                    .set(ThrottleSettings.THROTTLE_ENABLED, false));
    Set<Instant> due = ConcurrentHashMap.newKeySet();
    Set<String> failures = ConcurrentHashMap.newKeySet();
    int ok =
        race(
            8,
            () -> {
              try {
                due.add(
                    g.gatehouse
                        .accounts()
                        .login(new LoginRequest(a.email, PASSWORD, CLIENT))
                        .orElseThrow()
                        .tokens()
                        .secondFactorEnrolmentDue());
                return true;
              } catch (RuntimeException e) {
                failures.add(e.getClass().getSimpleName() + ": " + e.getMessage());
                return false;
              }
            });
    assertThat(failures).isEmpty();
    assertThat(ok).isEqualTo(8);
    assertThat(due).containsExactly(g.clock.instant().plus(GRACE));
  }

  @EveryStore("concurrent enrolment completions: one sign-in")
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void ofConcurrentEnrolmentCompletionsExactlyOneSignsIn(StoreKind kind) throws Exception {
    GatehouseFixture g =
        fixture(
            kind,
            b ->
                b.set(SecondFactorSettings.MFA_REQUIRED, SecondFactorRequirement.EVERYONE)
                    .set(SecondFactorSettings.MFA_ENROLMENT_GRACE, GRACE)
                    .set(ThrottleSettings.THROTTLE_ENABLED, false));
    MfaAccount a = new MfaAccount(g);
    UUID id = a.id();
    g.clock.advance(GRACE);
    String challenge =
        ((SignInResult.SecondStepRequired)
                g.gatehouse.accounts().login(new LoginRequest(a.email, PASSWORD, CLIENT)))
            .challenge()
            .token();
    SecondFactorService mfa = g.gatehouse.feature(SecondFactorService.class);
    byte[] seed = Base32.decode(padded(mfa.beginRequiredEnrolment(challenge, CLIENT).secret()));
    String code = code(g, seed);
    Set<String> refusals = ConcurrentHashMap.newKeySet();
    List<UUID> sessions = new java.util.concurrent.CopyOnWriteArrayList<>();
    int ok =
        race(
            12,
            () -> {
              try {
                SignInResult.SignedIn l = mfa.completeRequiredEnrolment(challenge, code, CLIENT);
                sessions.add(
                    g.gatehouse
                        .sessions()
                        .verifyAccessToken(l.tokens().accessToken())
                        .userPublicId());
                return true;
              } catch (AuthException ex) {
                refusals.add(ex.code());
                return false;
              }
            });
    assertThat(ok).isEqualTo(1);
    assertThat(sessions).containsExactly(id);
    assertThat(refusals).isNotEmpty().isSubsetOf("invalid_challenge", "totp_not_pending");
  }

  private static String code(GatehouseFixture g, byte[] seed) {
    return TOTP.code(seed, TOTP.step(g.clock.instant()));
  }

  private static String padded(String base32) {
    return base32 + "=".repeat((8 - base32.length() % 8) % 8);
  }
}
