package dev.gatehouse.mfa;

import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.codeOf;
import static dev.gatehouse.mfa.MfaAccount.CLIENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.account.AccountService;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.ConfigurationException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.flows.ChangedStores;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.EveryStore;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.Reauthentication.ReauthenticationRequiredException;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.SignInResult.SecondFactorChallenge;
import dev.gatehouse.core.store.SecondFactorStore;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.mfa.SecondFactorService.RecoveryCodes;
import dev.gatehouse.mfa.SecondFactorService.SecondFactorProof;
import dev.gatehouse.mfa.SecondFactorService.TotpEnrolment;
import dev.gatehouse.testing.Bursts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Authenticator apps (TOTP), recovery codes, the {@code mfa_required} login and step-up, through
 * the facade on a real database, including the replays and races an attacker would try.
 */
class SecondFactorTest {
  private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]+)");
  private static final Totp TOTP = Totp.sha1();
  private static final Fixtures FIXTURES = new Fixtures();

  /** This test's instances: closed after it, so no idle instance's poller sends its mail. */
  private final List<GatehouseFixture> opened = new ArrayList<>();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  @AfterEach
  void closeInstances() {
    opened.forEach(f -> f.gatehouse.close());
  }

  private GatehouseFixture fixture(StoreKind kind) {
    return fixture(kind, b -> b);
  }

  private GatehouseFixture fixture(
      StoreKind kind, java.util.function.UnaryOperator<GatehouseConfig.Builder> tweak) {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind), tweak, MfaAccount::installed);
    opened.add(f);
    return f;
  }

  /** The flow docs/SECOND-FACTORS.md shows, run as written. */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void theDocumentedFlowWorks(StoreKind kind) {
    GatehouseFixture g = fixture(kind);
    MfaAccount a = new MfaAccount(g);
    dev.gatehouse.core.Gatehouse gatehouse = g.gatehouse;
    VerifiedAccessToken caller = a.caller();
    ClientInfo client = CLIENT;
    // snippet:start mfa-enrol
    SecondFactorService factors = gatehouse.feature(SecondFactorService.class);
    TotpEnrolment enrolment =
        factors.beginTotpEnrolment(caller, Reauthentication.recentSignIn(), client);
    // Show enrolment.qrPng() (auth-mfa) or enrolment.uri() as a QR code, then ask for the code.
    // snippet:hide
    a.seed = Base32.decode(MfaAccount.padded(enrolment.secret()));
    String typedCode = a.currentCode();
    // snippet:show
    RecoveryCodes recoveryCodes = factors.confirmTotpEnrolment(caller, typedCode, client);
    // Show recoveryCodes.codes() once; only their hashes are kept.
    // snippet:end mfa-enrol
    assertThat(recoveryCodes.codes()).hasSize(10);
    a.nextStep();
    String email = a.email;
    // snippet:start mfa-login
    SignInResult result = gatehouse.accounts().login(new LoginRequest(email, PASSWORD, client));
    if (result instanceof SignInResult.SecondStepRequired step) {
      // Keep step.challenge().token() and ask for a code (step.methods()).
      // snippet:hide
      String code = a.currentCode();
      // snippet:show
      result =
          factors.completeLogin(step.challenge().token(), SecondFactorProof.totp(code), client);
    }
    TokenPair tokens = result.orElseThrow().tokens();
    // snippet:end mfa-login
    assertThat(gatehouse.sessions().verifyAccessToken(tokens.accessToken()).amr())
        .containsExactly("pwd", "totp", "mfa");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void enrolmentCountsOnlyOnceAFirstCodeConfirmsItAndTheSeedIsStoredSealed(StoreKind kind)
      throws Exception {
    GatehouseFixture g = fixture(kind);
    MfaAccount a = new MfaAccount(g);
    SecondFactorService mfa = g.gatehouse.feature(SecondFactorService.class);
    TotpEnrolment e = mfa.beginTotpEnrolment(a.caller(), Reauthentication.recentSignIn(), CLIENT);
    assertThat(e.uri())
        .startsWith("otpauth://totp/Gatehouse:")
        .contains("secret=" + e.secret(), "&algorithm=SHA1&digits=6&period=30");
    // The module draws the image (QrCodeImagesTest reads it).
    assertThat(e.qrPng()).isNotNull();
    assertThat(e.toString()).doesNotContain(e.secret());
    assertThat(mfa.status(a.id()).totpPending()).isTrue();
    assertThat(mfa.status(a.id()).totpEnabled()).isFalse();

    // Pending guards nothing: the login still answers tokens.
    assertThat(g.gatehouse.accounts().login(new LoginRequest(a.email, PASSWORD, CLIENT)))
        .isNotNull();

    a.seed = Base32.decode(MfaAccount.padded(e.secret()));
    String wrong = a.currentCode().equals("000000") ? "111111" : "000000";
    assertThat(codeOf(() -> mfa.confirmTotpEnrolment(a.caller(), wrong, CLIENT)))
        .isEqualTo("invalid_code");
    RecoveryCodes codes = mfa.confirmTotpEnrolment(a.caller(), a.currentCode(), CLIENT);
    assertThat(codes.codes()).hasSize(10).doesNotHaveDuplicates();
    assertThat(codes.codes()).allMatch(c -> c.matches("[a-z2-9]{5}-[a-z2-9]{5}"));
    assertThat(codes.toString()).doesNotContain(codes.codes().get(0));
    assertThat(mfa.status(a.id()).totpEnabled()).isTrue();
    assertThat(mfa.status(a.id()).recoveryCodesLeft()).isEqualTo(10);
    assertThat(g.events)
        .anyMatch(
            ev ->
                ev instanceof SecondFactorService.SecondFactorEnabled s
                    && s.userId().equals(a.id())
                    && s.method().equals("totp"));
    assertThat(codeOf(() -> mfa.confirmTotpEnrolment(a.caller(), a.currentCode(), CLIENT)))
        .isEqualTo("totp_not_pending");
    assertThat(
            codeOf(
                () -> mfa.beginTotpEnrolment(a.caller(), Reauthentication.recentSignIn(), CLIENT)))
        .isEqualTo("totp_already_enabled");

    String stored =
        g.db
            .store
            .inTransaction(tx -> tx.secondFactors().totp(a.id()))
            .orElseThrow()
            .sealedSecret();
    assertThat(stored).matches("[A-Za-z0-9_-]+").doesNotContain(e.secret());
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aLoginOfAnAccountWithAFactorAnswersMfaRequiredAndTheChallengeCompletesOnceWithAValidCode(
      StoreKind kind) {
    GatehouseFixture g = fixture(kind);
    MfaAccount a = new MfaAccount(g).withTotp();
    SecondFactorService mfa = g.gatehouse.feature(SecondFactorService.class);
    SecondFactorChallenge ch = a.challenge();
    assertThat(ch.methods()).containsExactly("totp", "recovery_code");
    assertThat(ch.expiresAt()).isEqualTo(g.clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(ch.toString()).doesNotContain(ch.token());

    String wrong = a.currentCode().equals("000000") ? "111111" : "000000";
    assertThat(codeOf(() -> mfa.completeLogin(ch.token(), SecondFactorProof.totp(wrong), CLIENT)))
        .isEqualTo("invalid_code");
    // A wrong code leaves the challenge usable.
    String code = a.currentCode();
    TokenPair tokens = mfa.completeLogin(ch.token(), SecondFactorProof.totp(code), CLIENT).tokens();
    VerifiedAccessToken v = g.gatehouse.sessions().verifyAccessToken(tokens.accessToken());
    assertThat(v.amr()).containsExactly("pwd", "totp", "mfa");
    assertThat(v.userPublicId()).isEqualTo(a.id());

    // The challenge is spent, and the code too: a new challenge does not take it again.
    assertThat(codeOf(() -> mfa.completeLogin(ch.token(), SecondFactorProof.totp(code), CLIENT)))
        .isEqualTo("invalid_challenge");
    SecondFactorChallenge again = a.challenge();
    assertThat(codeOf(() -> mfa.completeLogin(again.token(), SecondFactorProof.totp(code), CLIENT)))
        .isEqualTo("code_used");
    // Still refused a step later, when it is the previous step's code inside the ±1 window.
    a.nextStep();
    assertThat(codeOf(() -> mfa.completeLogin(again.token(), SecondFactorProof.totp(code), CLIENT)))
        .isEqualTo("code_used");
    assertThat(mfa.completeLogin(again.token(), SecondFactorProof.totp(a.currentCode()), CLIENT))
        .isNotNull();
  }

  /**
   * A challenge is bound to the password it followed (issue 36, finding 3): a reset or a change of
   * the password after it was issued leaves it unusable even with a valid code, and the enrolment
   * challenge alike; a challenge issued after the new password works.
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aChallengeIssuedBeforeAPasswordResetOrChangeDoesNotCompleteAfterIt(StoreKind kind) {
    GatehouseFixture g = fixture(kind);
    MfaAccount a = new MfaAccount(g).withTotp();
    SecondFactorService mfa = g.gatehouse.feature(SecondFactorService.class);
    AccountService accounts = g.gatehouse.accounts();

    SecondFactorChallenge beforeReset = a.challenge();
    accounts.requestPasswordReset(a.email);
    Matcher m = TOKEN.matcher(g.email.lastTo(a.email).orElseThrow().textBody());
    assertThat(m.find()).isTrue();
    accounts.confirmPasswordReset(m.group(1), PASSWORD + " reset");
    assertThat(
            codeOf(
                () ->
                    mfa.completeLogin(
                        beforeReset.token(), SecondFactorProof.totp(a.currentCode()), CLIENT)))
        .isEqualTo("invalid_challenge");

    SecondFactorChallenge beforeChange = challengeWith(a, PASSWORD + " reset");
    accounts.changePassword(a.id(), PASSWORD + " reset", PASSWORD + " changed");
    assertThat(
            codeOf(
                () ->
                    mfa.completeLogin(
                        beforeChange.token(), SecondFactorProof.totp(a.currentCode()), CLIENT)))
        .isEqualTo("invalid_challenge");

    // The same code completes a challenge that followed the new password.
    SecondFactorChallenge after = challengeWith(a, PASSWORD + " changed");
    assertThat(mfa.completeLogin(after.token(), SecondFactorProof.totp(a.currentCode()), CLIENT))
        .isNotNull();
  }

  private static SecondFactorChallenge challengeWith(MfaAccount a, String password) {
    return dev.gatehouse.core.flows.Fixtures.secondStep(
        a.g.gatehouse.accounts().login(new LoginRequest(a.email, password, CLIENT)));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aChallengeExpiresIsReplacedByANewerOneAndBelongsToItsUserOnly(StoreKind kind) {
    GatehouseFixture g = fixture(kind);
    MfaAccount a = new MfaAccount(g).withTotp();
    MfaAccount b = new MfaAccount(g).withTotp();
    SecondFactorService mfa = g.gatehouse.feature(SecondFactorService.class);

    SecondFactorChallenge first = a.challenge();
    SecondFactorChallenge second = a.challenge();
    assertThat(
            codeOf(
                () ->
                    mfa.completeLogin(
                        first.token(), SecondFactorProof.totp(a.currentCode()), CLIENT)))
        .isEqualTo("invalid_challenge");

    // B's code does not complete A's challenge.
    SecondFactorChallenge bs = b.challenge();
    String bCode = b.currentCode();
    if (!bCode.equals(a.currentCode())) {
      assertThat(
              codeOf(
                  () -> mfa.completeLogin(second.token(), SecondFactorProof.totp(bCode), CLIENT)))
          .isEqualTo("invalid_code");
    }
    assertThat(mfa.completeLogin(bs.token(), SecondFactorProof.totp(bCode), CLIENT)).isNotNull();

    g.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
    assertThat(
            codeOf(
                () ->
                    mfa.completeLogin(
                        second.token(), SecondFactorProof.totp(a.currentCode()), CLIENT)))
        .isEqualTo("invalid_challenge");
    assertThat(codeOf(() -> mfa.completeLogin("forged", SecondFactorProof.totp("123456"), null)))
        .isEqualTo("invalid_challenge");
  }

  @EveryStore("concurrent completions of one challenge: one session")
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void ofConcurrentCompletionsWithOneValidCodeExactlyOneStartsASession(StoreKind kind)
      throws Exception {
    // Unthrottled, so every racer reaches the single-use checks.
    GatehouseFixture g = fixture(kind, b -> b.set(ThrottleSettings.THROTTLE_ENABLED, false));
    MfaAccount a = new MfaAccount(g).withTotp();
    SecondFactorChallenge ch = a.challenge();
    String code = a.currentCode();
    Set<String> refusals = ConcurrentHashMap.newKeySet();
    int ok =
        Bursts.countTrue(
            16,
            () -> {
              try {
                g.gatehouse
                    .feature(SecondFactorService.class)
                    .completeLogin(ch.token(), SecondFactorProof.totp(code), CLIENT);
                return true;
              } catch (AuthException e) {
                refusals.add(e.code());
                return false;
              }
            });
    assertThat(ok).isEqualTo(1);
    assertThat(refusals).isNotEmpty().isSubsetOf("code_used", "invalid_challenge");
  }

  @EveryStore("concurrent uses of one TOTP step")
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void theStepOfACodeIsRecordedAtomicallySoConcurrentUsesOfOneStepSucceedOnce(StoreKind kind)
      throws Exception {
    GatehouseFixture g = fixture(kind);
    MfaAccount a = new MfaAccount(g).withTotp();
    UUID id = a.id();
    long step = TOTP.step(g.clock.instant()) + 1;
    int ok =
        Bursts.countTrue(
            16, () -> g.db.store.inTransaction(tx -> tx.secondFactors().advanceTotpStep(id, step)));
    assertThat(ok).isEqualTo(1);
    boolean older =
        g.db.store.<Boolean>inTransaction(tx -> tx.secondFactors().advanceTotpStep(id, step - 1));
    assertThat(older).isFalse();
  }

  @EveryStore("parallel wrong codes against the lock")
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void parallelWrongCodesCannotRaceTheLockAndTheLockHoldsForTheRightCode(StoreKind kind)
      throws Exception {
    GatehouseFixture g = fixture(kind);
    MfaAccount a = new MfaAccount(g).withTotp();
    SecondFactorChallenge ch = a.challenge();
    String right = a.currentCode();
    Set<String> refusals = ConcurrentHashMap.newKeySet();
    List<String> evaluated = new java.util.concurrent.CopyOnWriteArrayList<>();
    Bursts.countTrue(
        30,
        () -> {
          try {
            // Wrong codes only: each differs from the right one.
            String wrong = right.equals("000000") ? "111111" : "000000";
            g.gatehouse
                .feature(SecondFactorService.class)
                .completeLogin(ch.token(), SecondFactorProof.totp(wrong), null);
            return true;
          } catch (AuthException e) {
            refusals.add(e.code());
            if (e.code().equals("invalid_code")) {
              evaluated.add(e.code());
            }
            return false;
          }
        });
    int max = g.gatehouse.config().get(ThrottleSettings.LOGIN_MAX_FAILURES);
    assertThat(evaluated.size()).isBetween(1, max);
    assertThat(refusals).contains("invalid_code").containsAnyOf("rate_limited", "account_locked");
    assertThat(
            codeOf(
                () ->
                    g.gatehouse
                        .feature(SecondFactorService.class)
                        .completeLogin(ch.token(), SecondFactorProof.totp(right), null)))
        .isIn("rate_limited", "account_locked");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aRecoveryCodeCompletesALoginOnceNotifiesTheOwnerAndARegeneratedSetKillsTheOldOne(
      StoreKind kind) {
    GatehouseFixture g = fixture(kind);
    MfaAccount a = new MfaAccount(g).withTotp();
    SecondFactorService mfa = g.gatehouse.feature(SecondFactorService.class);
    String code = a.recovery.codes().get(3);
    int mailsBefore = g.email.sent().size();

    SecondFactorChallenge ch = a.challenge();
    // Typed loosely: upper case, no hyphen, spaces.
    String typed = " " + code.replace("-", "").toUpperCase(java.util.Locale.ROOT) + " ";
    TokenPair tokens =
        mfa.completeLogin(ch.token(), SecondFactorProof.recoveryCode(typed), CLIENT).tokens();
    assertThat(g.gatehouse.sessions().verifyAccessToken(tokens.accessToken()).amr())
        .containsExactly("pwd", "recovery_code", "mfa");
    assertThat(mfa.status(a.id()).recoveryCodesLeft()).isEqualTo(9);
    assertThat(g.events)
        .anyMatch(e -> e instanceof SecondFactorService.RecoveryCodeUsed r && r.remaining() == 9);
    List<EmailMessage> notices = g.email.sent().subList(mailsBefore, g.email.sent().size());
    assertThat(notices)
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.to()).isEqualTo(a.email);
              assertThat(m.subject()).contains("recovery code");
              assertThat(m.textBody()).doesNotContain(code);
            });

    SecondFactorChallenge again = a.challenge();
    assertThat(
            codeOf(
                () ->
                    mfa.completeLogin(again.token(), SecondFactorProof.recoveryCode(code), CLIENT)))
        .isEqualTo("invalid_code");

    String unused = a.recovery.codes().get(0);
    RecoveryCodes fresh =
        mfa.regenerateRecoveryCodes(a.caller(), Reauthentication.recentSignIn(), CLIENT);
    assertThat(fresh.codes()).hasSize(10).doesNotContainAnyElementsOf(a.recovery.codes());
    assertThat(
            codeOf(
                () ->
                    mfa.completeLogin(
                        again.token(), SecondFactorProof.recoveryCode(unused), CLIENT)))
        .isEqualTo("invalid_code");
    assertThat(
            mfa.completeLogin(
                again.token(), SecondFactorProof.recoveryCode(fresh.codes().get(0)), CLIENT))
        .isNotNull();
  }

  @EveryStore("concurrent uses of one recovery code")
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void ofConcurrentUsesOfOneRecoveryCodeExactlyOneSucceeds(StoreKind kind) throws Exception {
    GatehouseFixture g = fixture(kind, b -> b.set(ThrottleSettings.THROTTLE_ENABLED, false));
    MfaAccount a = new MfaAccount(g).withTotp();
    UUID id = a.id();
    // Straight at the store, so each racer has its own transaction on the same code.
    String hash =
        g.db.store.inTransaction(
            tx -> {
              List<String> hashes = List.of(sha("one"), sha("two"));
              tx.secondFactors().replaceRecoveryCodes(id, hashes, g.clock.instant());
              return hashes.get(0);
            });
    int ok =
        Bursts.countTrue(
            16,
            () ->
                g.db.store.inTransaction(
                    tx -> tx.secondFactors().useRecoveryCode(id, hash, g.clock.instant())));
    assertThat(ok).isEqualTo(1);
    assertThat(g.gatehouse.feature(SecondFactorService.class).status(id).recoveryCodesLeft())
        .isEqualTo(1);

    // And through the facade: one challenge, one code, many racers.
    RecoveryCodes codes =
        g.gatehouse
            .feature(SecondFactorService.class)
            .regenerateRecoveryCodes(a.caller(), Reauthentication.recentSignIn(), CLIENT);
    SecondFactorChallenge ch = a.challenge();
    Set<String> refusals = ConcurrentHashMap.newKeySet();
    int completed =
        Bursts.countTrue(
            16,
            () -> {
              try {
                g.gatehouse
                    .feature(SecondFactorService.class)
                    .completeLogin(
                        ch.token(), SecondFactorProof.recoveryCode(codes.codes().get(0)), CLIENT);
                return true;
              } catch (AuthException e) {
                refusals.add(e.code());
                return false;
              }
            });
    assertThat(completed).isEqualTo(1);
    assertThat(refusals).isSubsetOf("invalid_code", "invalid_challenge");
    assertThat(g.gatehouse.feature(SecondFactorService.class).status(id).recoveryCodesLeft())
        .isEqualTo(9);
  }

  private static String sha(String s) {
    return String.format("%064x", new java.math.BigInteger(1, s.getBytes()));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void stepUpAcceptsAnAuthenticatorCodeOnceAndOffersIt(StoreKind kind) {
    GatehouseFixture g = fixture(kind);
    MfaAccount a = new MfaAccount(g).withTotp();
    SecondFactorService mfa = g.gatehouse.feature(SecondFactorService.class);
    // Past the recent-auth window, with a token that still verifies.
    g.clock.advance(Duration.ofMinutes(6));
    a.tokens = g.gatehouse.sessions().refresh(a.tokens.refreshToken(), CLIENT);
    assertThatThrownBy(
            () -> mfa.regenerateRecoveryCodes(a.caller(), Reauthentication.recentSignIn(), CLIENT))
        .isInstanceOfSatisfying(
            ReauthenticationRequiredException.class,
            e -> assertThat(e.methods()).containsExactly("password", "code", "totp"));
    String code = a.currentCode();
    assertThat(mfa.regenerateRecoveryCodes(a.caller(), Reauthentication.totp(code), CLIENT))
        .isNotNull();
    assertThat(
            codeOf(
                () -> mfa.regenerateRecoveryCodes(a.caller(), Reauthentication.totp(code), CLIENT)))
        .isEqualTo("code_used");
    String wrong = code.equals("000000") ? "111111" : "000000";
    a.nextStep();
    assertThat(
            codeOf(
                () ->
                    g.gatehouse
                        .accounts()
                        .deleteAccount(a.caller(), Reauthentication.totp(wrong), CLIENT)))
        .isEqualTo("invalid_code");
    g.gatehouse
        .accounts()
        .deleteAccount(a.caller(), Reauthentication.totp(a.currentCode()), CLIENT);
    assertThat(g.gatehouse.accounts().find(a.id())).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void removingTheAppNeedsAProofAndGivesBackTheOneStepLogin(StoreKind kind) {
    GatehouseFixture g = fixture(kind);
    MfaAccount a = new MfaAccount(g).withTotp();
    SecondFactorService mfa = g.gatehouse.feature(SecondFactorService.class);
    mfa.removeTotp(a.caller(), Reauthentication.totp(a.currentCode()), CLIENT);
    assertThat(mfa.status(a.id()).totpEnabled()).isFalse();
    assertThat(mfa.status(a.id()).recoveryCodesLeft()).isZero();
    assertThat(g.gatehouse.accounts().login(new LoginRequest(a.email, PASSWORD, CLIENT)))
        .isNotNull();
    assertThat(g.events).anyMatch(e -> e instanceof AuthEvent.SecondFactorDisabled);
    assertThat(codeOf(() -> mfa.removeTotp(a.caller(), Reauthentication.recentSignIn(), CLIENT)))
        .isEqualTo("mfa_not_enabled");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aPasswordlessCodeLoginAlsoAsksForTheSecondFactor(StoreKind kind) {
    GatehouseFixture g = fixture(kind);
    MfaAccount a = new MfaAccount(g).withTotp();
    g.gatehouse.otp().request(OtpRequest.of(a.email, OtpChannel.EMAIL, OtpPurpose.LOGIN));
    Matcher m =
        Pattern.compile("(?<!\\d)\\d{6}(?!\\d)")
            .matcher(g.email.lastTo(a.email).orElseThrow().textBody());
    assertThat(m.find()).isTrue();
    String emailCode = m.group();
    SecondFactorChallenge challenge =
        dev.gatehouse.core.flows.Fixtures.secondStep(
            g.gatehouse.otp().loginWithCode(a.email, OtpChannel.EMAIL, emailCode, CLIENT));
    TokenPair tokens =
        g.gatehouse
            .feature(SecondFactorService.class)
            .completeLogin(challenge.token(), SecondFactorProof.totp(a.currentCode()), CLIENT)
            .tokens();
    assertThat(g.gatehouse.sessions().verifyAccessToken(tokens.accessToken()).amr())
        .containsExactly("otp", "email", "totp", "mfa");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aStoreWithoutSecondFactorsLogsInAsBeforeAndRefusesEnrolmentAsNotConfigured(StoreKind kind) {
    GatehouseFixture plain = fixture(kind);
    // The same database behind a store that predates second factors (the SPI's defaults).
    dev.gatehouse.core.store.AuthStore legacy =
        ChangedStores.withTransactions(plain.db.store, SecondFactorTest::withoutFactors);
    dev.gatehouse.core.Gatehouse gatehouse =
        dev.gatehouse.core.Gatehouse.builder(plain.gatehouse.config(), legacy)
            .smsSender(plain.sms)
            .emailSender(plain.email)
            .deliveryExecutor(Runnable::run)
            .install(new SecondFactorModule())
            .build();
    String email = "plain" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    gatehouse
        .accounts()
        .register(RegistrationRequest.builder().email(email).password(PASSWORD).build());
    Matcher m = TOKEN.matcher(plain.email.lastTo(email).orElseThrow().textBody());
    assertThat(m.find()).isTrue();
    gatehouse.accounts().confirmEmail(m.group(1));
    TokenPair tokens =
        gatehouse
            .accounts()
            .login(new LoginRequest(email, PASSWORD, CLIENT))
            .orElseThrow()
            .tokens();
    VerifiedAccessToken caller = gatehouse.sessions().verifyAccessToken(tokens.accessToken());
    assertThat(caller.amr()).containsExactly("pwd");
    assertThatThrownBy(
            () ->
                gatehouse
                    .feature(SecondFactorService.class)
                    .beginTotpEnrolment(caller, Reauthentication.recentSignIn(), CLIENT))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("not configured");
    assertThat(
            gatehouse
                .feature(SecondFactorService.class)
                .status(caller.userPublicId())
                .totpEnabled())
        .isFalse();
    gatehouse.close();
  }

  /** A transaction whose store kept no second factors: it only has the SPI's default. */
  private static StoreTransaction withoutFactors(StoreTransaction tx) {
    return ChangedStores.overriding(
        StoreTransaction.class,
        tx,
        (method, args) -> method.getName().equals("secondFactors") ? SecondFactorStore.NONE : null);
  }
}
