package dev.gatehouse.passkeys;

import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.codeOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.account.AccountService;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.SecondFactorSettings;
import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.EveryStore;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.flows.TestStores;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.Reauthentication.ReauthenticationRequiredException;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.SignInResult.SecondFactorChallenge;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.mfa.SecondFactorModule;
import dev.gatehouse.mfa.SecondFactorService;
import dev.gatehouse.mfa.SecondFactorService.TotpEnrolment;
import dev.gatehouse.mfa.Totp;
import dev.gatehouse.passkeys.PasskeyService.Passkey;
import dev.gatehouse.passkeys.PasskeyService.PasskeyCreationOptions;
import dev.gatehouse.passkeys.PasskeyService.PasskeyRequestOptions;
import dev.gatehouse.testing.Bursts;
import dev.gatehouse.testing.VirtualAuthenticator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.util.encoders.Base32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Passkeys through the facade on a real database, with an emulated authenticator: registration
 * ({@code none} and {@code packed}), passwordless sign-in, the second factor of an {@code
 * mfa_required} login, step-up, list/rename/remove, and the attacks (wrong origin or RP id,
 * replayed, foreign, expired and raced challenges, a counter going backwards, another user's
 * credential, a removed passkey).
 */
public class PasskeyTest {
  public static final String ORIGIN = "https://app.example.test";
  public static final String RP_ID = "example.test";
  public static final ClientInfo CLIENT =
      new ClientInfo("web", "203.0.113.58", "Browser/1.0", null);
  private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]+)");
  private static final Fixtures FIXTURES = new Fixtures();
  private static final Totp TOTP = Totp.sha1();

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

  private GatehouseFixture fixture(StoreKind kind, UnaryOperator<GatehouseConfig.Builder> more) {
    GatehouseFixture f =
        new GatehouseFixture(
            FIXTURES.get(kind),
            b ->
                more.apply(
                    b.set(PasskeySettings.PASSKEY_RP_ID, RP_ID)
                        .set(TokenSettings.RECENT_AUTH_WINDOW, Duration.ofMinutes(1))
                        .set(PasskeySettings.PASSKEY_ORIGINS, List.of(ORIGIN))),
            g -> g.install(new WebAuthn4jPasskeys()).install(new SecondFactorModule()));
    opened.add(f);
    return f;
  }

  /** A signed-in, confirmed password account with its own authenticator. */
  public static final class Account {
    public final GatehouseFixture g;
    public final String email;
    final VirtualAuthenticator authenticator = new VirtualAuthenticator(ORIGIN, RP_ID);
    TokenPair tokens;
    byte[] seed;

    public Account(GatehouseFixture g) {
      this.g = g;
      this.email = "pk" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
      AccountService accounts = g.gatehouse.accounts();
      accounts.register(RegistrationRequest.builder().email(email).password(PASSWORD).build());
      Matcher m = TOKEN.matcher(g.email.lastTo(email).orElseThrow().textBody());
      assertThat(m.find()).isTrue();
      accounts.confirmEmail(m.group(1));
      tokens = accounts.login(new LoginRequest(email, PASSWORD, CLIENT)).orElseThrow().tokens();
    }

    public VerifiedAccessToken caller() {
      return g.gatehouse.sessions().verifyAccessToken(tokens.accessToken());
    }

    public UUID id() {
      return caller().userPublicId();
    }

    public PasskeyService passkeys() {
      return g.gatehouse.feature(PasskeyService.class);
    }

    public PasskeyCreationOptions begin() {
      return passkeys().beginRegistration(caller(), Reauthentication.recentSignIn(), CLIENT);
    }

    public Passkey register(String format) {
      PasskeyCreationOptions o = begin();
      return passkeys()
          .finishRegistration(
              caller(),
              authenticator.register(o.challenge(), o.userHandle(), format),
              null,
              CLIENT);
    }

    public Account withTotp() {
      TotpEnrolment e =
          g.gatehouse
              .feature(SecondFactorService.class)
              .beginTotpEnrolment(caller(), Reauthentication.recentSignIn(), CLIENT);
      seed = Base32.decode(e.secret() + "=".repeat((8 - e.secret().length() % 8) % 8));
      g.gatehouse
          .feature(SecondFactorService.class)
          .confirmTotpEnrolment(caller(), TOTP.code(seed, TOTP.step(g.clock.instant())), CLIENT);
      g.clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
      return this;
    }

    public SecondFactorChallenge challenge() {
      return dev.gatehouse.core.flows.Fixtures.secondStep(
          g.gatehouse.accounts().login(new LoginRequest(email, PASSWORD, CLIENT)));
    }
  }

  private static List<String> amr(GatehouseFixture g, TokenPair tokens) {
    return g.gatehouse.sessions().verifyAccessToken(tokens.accessToken()).amr();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void registersWithNoneAndPackedAttestationAndListsRenamesAndRemoves(StoreKind kind) {
    GatehouseFixture g = fixture(kind);
    Account a = new Account(g);
    PasskeyCreationOptions o = a.begin();
    assertThat(o.rpId()).isEqualTo(RP_ID);
    assertThat(o.rpName()).isEqualTo("Gatehouse");
    assertThat(o.userName()).isEqualTo(a.email);
    assertThat(o.userHandle()).doesNotContain(a.id().toString()).hasSize(43);
    assertThat(o.userVerification()).isEqualTo("required");
    assertThat(o.residentKey()).isEqualTo("required");
    assertThat(o.excludeCredentials()).isEmpty();
    assertThat(o.algorithms()).startsWith(-7);

    Passkey none =
        a.passkeys()
            .finishRegistration(
                a.caller(),
                a.authenticator.register(o.challenge(), o.userHandle(), "none"),
                "Laptop",
                CLIENT);
    assertThat(none.name()).isEqualTo("Laptop");
    assertThat(none.transports()).containsExactly("hybrid", "internal");
    Passkey packed = a.register("packed");
    assertThat(packed.name()).isEqualTo("Passkey");

    PasskeyCreationOptions again = a.begin();
    // The same user handle for every passkey of the account; both are excluded.
    assertThat(again.userHandle()).isEqualTo(o.userHandle());
    assertThat(again.excludeCredentials())
        .extracting(d -> d.id())
        .containsExactly(none.credentialId(), packed.credentialId());
    assertThat(a.passkeys().list(a.caller()))
        .extracting(Passkey::id)
        .containsExactly(none.id(), packed.id());
    assertThat(g.events).filteredOn(e -> e instanceof PasskeyService.PasskeyRegistered).hasSize(2);
    // A module's event is kept in the audit trail as the core's are, with the parts it names.
    assertThat(g.gatehouse.audit().forUser(a.id(), 100))
        .filteredOn(e -> e.event().equals("PasskeyRegistered"))
        .extracting(e -> e.method() + " " + e.reason() + " " + e.detail() + " " + e.network())
        .containsExactlyInAnyOrder(
            "passkey null passkey " + none.id() + " 203.0.113.0/24",
            "passkey null passkey " + packed.id() + " 203.0.113.0/24");

    assertThat(a.passkeys().rename(a.caller(), none.id(), " Work laptop ").name())
        .isEqualTo("Work laptop");
    assertThat(codeOf(() -> a.passkeys().rename(a.caller(), none.id(), " ")))
        .isEqualTo("invalid_name");

    // Another user can neither see, rename nor remove them.
    Account b = new Account(g);
    assertThat(b.passkeys().list(b.caller())).isEmpty();
    assertThat(codeOf(() -> b.passkeys().rename(b.caller(), none.id(), "mine")))
        .isEqualTo("passkey_not_found");
    assertThat(
            codeOf(
                () ->
                    b.passkeys()
                        .remove(b.caller(), none.id(), Reauthentication.recentSignIn(), CLIENT)))
        .isEqualTo("passkey_not_found");

    // Removing needs recent authentication.
    g.clock.advance(Duration.ofMinutes(2));
    assertThat(
            codeOf(
                () ->
                    a.passkeys()
                        .remove(a.caller(), packed.id(), Reauthentication.recentSignIn(), CLIENT)))
        .isEqualTo("reauthentication_required");
    a.passkeys().remove(a.caller(), packed.id(), Reauthentication.password(PASSWORD), CLIENT);
    assertThat(a.passkeys().list(a.caller()))
        .extracting(Passkey::name)
        .containsExactly("Work laptop");
    assertThat(g.events)
        .anyMatch(
            e -> e instanceof PasskeyService.PasskeyRemoved r && r.passkeyId() == packed.id());
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void signsInWithoutAPasswordUsingADiscoverableCredential(StoreKind kind) {
    GatehouseFixture g = fixture(kind);
    Account a = new Account(g);
    Passkey p = a.register("packed");
    PasskeyRequestOptions o = g.gatehouse.feature(PasskeyService.class).beginSignIn();
    assertThat(o.allowCredentials()).isEmpty();
    assertThat(o.rpId()).isEqualTo(RP_ID);
    SignInResult s =
        g.gatehouse
            .feature(PasskeyService.class)
            .finishSignIn(a.authenticator.assertion(o.challenge()), CLIENT);
    assertThat(s).isInstanceOf(SignInResult.SignedIn.class);
    VerifiedAccessToken t =
        g.gatehouse.sessions().verifyAccessToken(s.orElseThrow().tokens().accessToken());
    assertThat(t.userPublicId()).isEqualTo(a.id());
    assertThat(t.amr()).containsExactly("webauthn", "mfa");
    assertThat(a.passkeys().list(a.caller()).get(0).lastUsedAt()).isEqualTo(g.clock.instant());
    assertThat(g.events)
        .anyMatch(
            e ->
                e instanceof PasskeyService.PasskeyUsed u
                    && u.passkeyId() == p.id()
                    && u.purpose().equals("sign_in"));
    assertThat(g.events)
        .anyMatch(e -> e instanceof AuthEvent.LoggedIn l && l.method().equals("webauthn"));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void withoutUserVerificationAnAccountWithAnAuthenticatorAppIsAskedForItsSecondFactor(
      StoreKind kind) {
    GatehouseFixture g =
        fixture(
            kind,
            b ->
                b.set(
                    PasskeySettings.PASSKEY_USER_VERIFICATION,
                    PasskeySettings.UserVerification.PREFERRED));
    Account a = new Account(g).withTotp();
    a.register("none");
    a.authenticator.userVerified(false);
    PasskeyRequestOptions o = g.gatehouse.feature(PasskeyService.class).beginSignIn();
    assertThat(o.userVerification()).isEqualTo("preferred");
    SignInResult s =
        g.gatehouse
            .feature(PasskeyService.class)
            .finishSignIn(a.authenticator.assertion(o.challenge()), CLIENT);
    assertThat(s).isInstanceOf(SignInResult.SecondStepRequired.class);
    // The passkey was the first factor: it is not offered, nor taken, as the second.
    assertThat(((SignInResult.SecondStepRequired) s).challenge().methods())
        .containsExactly("totp", "recovery_code");
    String token = ((SignInResult.SecondStepRequired) s).challenge().token();
    assertThat(codeOf(() -> a.passkeys().beginSecondFactor(token))).isEqualTo("invalid_challenge");
    PasskeyRequestOptions again = g.gatehouse.feature(PasskeyService.class).beginSignIn();
    assertThat(
            codeOf(
                () ->
                    a.passkeys()
                        .completeLogin(
                            token, a.authenticator.assertion(again.challenge()), CLIENT)))
        .isEqualTo("invalid_challenge");
    // Nothing was spent: the authenticator app completes it.
    TokenPair done =
        g.gatehouse
            .feature(SecondFactorService.class)
            .completeLogin(
                token,
                SecondFactorService.SecondFactorProof.totp(
                    TOTP.code(a.seed, TOTP.step(g.clock.instant()))),
                CLIENT)
            .tokens();
    assertThat(amr(g, done)).containsExactly("webauthn", "totp", "mfa");

    // With user verification required (the default), such an assertion is refused outright.
    GatehouseFixture strict = fixture(kind);
    Account c = new Account(strict);
    c.register("none");
    c.authenticator.userVerified(false);
    PasskeyRequestOptions o2 = strict.gatehouse.feature(PasskeyService.class).beginSignIn();
    assertThat(
            codeOf(
                () ->
                    strict
                        .gatehouse
                        .feature(PasskeyService.class)
                        .finishSignIn(c.authenticator.assertion(o2.challenge()), CLIENT)))
        .isEqualTo("passkey_rejected");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void passwordlessSignInsInProgressDoNotCancelEachOther(StoreKind kind) {
    GatehouseFixture g = fixture(kind);
    Account a = new Account(g);
    a.register("none");
    Account b = new Account(g);
    b.register("packed");
    PasskeyService passkeys = g.gatehouse.feature(PasskeyService.class);

    PasskeyRequestOptions forA = passkeys.beginSignIn();
    PasskeyRequestOptions forB = passkeys.beginSignIn();
    SignInResult signedInA =
        passkeys.finishSignIn(a.authenticator.assertion(forA.challenge()), CLIENT);
    SignInResult signedInB =
        passkeys.finishSignIn(b.authenticator.assertion(forB.challenge()), CLIENT);
    assertThat(amr(g, signedInA.orElseThrow().tokens())).containsExactly("webauthn", "mfa");
    assertThat(
            g.gatehouse
                .sessions()
                .verifyAccessToken(signedInB.orElseThrow().tokens().accessToken())
                .userPublicId())
        .isEqualTo(b.id());

    // An anonymous caller looping the begin route cancels nobody's sign-in.
    PasskeyRequestOptions later = passkeys.beginSignIn();
    for (int i = 0; i < 5; i++) {
      passkeys.beginSignIn();
    }
    String response = a.authenticator.assertion(later.challenge());
    assertThat(passkeys.finishSignIn(response, CLIENT)).isInstanceOf(SignInResult.SignedIn.class);
    // Each challenge still works once.
    assertThat(codeOf(() -> passkeys.finishSignIn(response, CLIENT)))
        .isEqualTo("invalid_challenge");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void underTheRequiredPolicyAPasskeyIsTheSecondFactorNotAnAppEnrolment(StoreKind kind) {
    Duration grace = Duration.ofDays(7);
    GatehouseFixture g =
        fixture(
            kind,
            b ->
                b.set(
                        SecondFactorSettings.MFA_REQUIRED,
                        dev.gatehouse.core.config.SecondFactorSettings.SecondFactorRequirement
                            .EVERYONE)
                    .set(SecondFactorSettings.MFA_ENROLMENT_GRACE, grace));
    Account a = new Account(g);
    a.register("packed");
    UUID id = a.id();
    g.clock.advance(grace);

    // A phished password alone gets a challenge only the user's passkey answers.
    SecondFactorChallenge c = a.challenge();
    assertThat(c.enrolmentOnly()).isFalse();
    assertThat(c.methods()).containsExactly(SecondFactorChallenge.METHOD_WEBAUTHN);
    var mfa = g.gatehouse.feature(SecondFactorService.class);
    assertThat(codeOf(() -> mfa.beginRequiredEnrolment(c.token(), CLIENT)))
        .isEqualTo("invalid_challenge");
    assertThat(codeOf(() -> mfa.completeRequiredEnrolment(c.token(), "123456", CLIENT)))
        .isEqualTo("invalid_challenge");
    assertThat(
            codeOf(
                () ->
                    mfa.completeLogin(
                        c.token(), SecondFactorService.SecondFactorProof.totp("123456"), CLIENT)))
        .isEqualTo("invalid_challenge");
    assertThat(mfa.status(id).totpEnabled()).isFalse();

    PasskeyRequestOptions o = a.passkeys().beginSecondFactor(c.token());
    TokenPair tokens =
        a.passkeys()
            .completeLogin(c.token(), a.authenticator.assertion(o.challenge()), CLIENT)
            .tokens();
    assertThat(amr(g, tokens)).containsExactly("pwd", "webauthn", "mfa");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aPasskeyCompletesAnMfaRequiredLogin(StoreKind kind) {
    GatehouseFixture g = fixture(kind);
    Account a = new Account(g).withTotp();
    a.register("packed");
    SecondFactorChallenge c = a.challenge();
    assertThat(c.methods()).contains(SecondFactorChallenge.METHOD_WEBAUTHN);
    PasskeyRequestOptions o = a.passkeys().beginSecondFactor(c.token());
    assertThat(o.allowCredentials()).hasSize(1);
    String response = a.authenticator.assertion(o.challenge());
    TokenPair tokens = a.passkeys().completeLogin(c.token(), response, CLIENT).tokens();
    assertThat(amr(g, tokens)).containsExactly("pwd", "webauthn", "mfa");
    // The login challenge and the passkey challenge are both spent.
    assertThat(codeOf(() -> a.passkeys().completeLogin(c.token(), response, CLIENT)))
        .isEqualTo("invalid_challenge");
    assertThat(codeOf(() -> a.passkeys().beginSecondFactor(c.token())))
        .isEqualTo("invalid_challenge");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anotherUsersPasskeyDoesNotCompleteAnMfaLogin(StoreKind kind) {
    GatehouseFixture g = fixture(kind);
    Account victim = new Account(g).withTotp();
    victim.register("none");
    Account attacker = new Account(g);
    attacker.register("none");
    SecondFactorChallenge c = victim.challenge();
    PasskeyRequestOptions o = victim.passkeys().beginSecondFactor(c.token());
    // The attacker signs the victim's challenge with their own passkey.
    String forged = attacker.authenticator.assertion(o.challenge());
    assertThat(codeOf(() -> victim.passkeys().completeLogin(c.token(), forged, CLIENT)))
        .isEqualTo("passkey_rejected");
    // Nothing was spent: the victim's own passkey still completes it.
    TokenPair t =
        victim
            .passkeys()
            .completeLogin(c.token(), victim.authenticator.assertion(o.challenge()), CLIENT)
            .tokens();
    assertThat(g.gatehouse.sessions().verifyAccessToken(t.accessToken()).userPublicId())
        .isEqualTo(victim.id());
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aPasskeyIsAStepUpProof(StoreKind kind) {
    GatehouseFixture g = fixture(kind);
    Account a = new Account(g);
    Passkey first = a.register("none");
    Passkey second = a.register("packed");
    g.clock.advance(Duration.ofMinutes(2));
    try {
      a.passkeys().remove(a.caller(), first.id(), Reauthentication.recentSignIn(), CLIENT);
      throw new AssertionError("a stale session must step up");
    } catch (ReauthenticationRequiredException e) {
      assertThat(e.methods()).contains(ReauthenticationRequiredException.METHOD_PASSKEY);
    }
    PasskeyRequestOptions o = a.passkeys().beginStepUp(a.caller());
    assertThat(o.allowCredentials()).hasSize(2);
    String proof = a.authenticator.assertion(o.challenge(), 1);
    a.passkeys().remove(a.caller(), first.id(), Reauthentication.passkey(proof), CLIENT);
    assertThat(a.passkeys().list(a.caller())).extracting(Passkey::id).containsExactly(second.id());
    assertThat(g.events)
        .anyMatch(e -> e instanceof PasskeyService.PasskeyUsed u && u.purpose().equals("step_up"));
    // The proof is spent: replaying it fails.
    assertThat(
            codeOf(
                () ->
                    a.passkeys()
                        .remove(a.caller(), second.id(), Reauthentication.passkey(proof), CLIENT)))
        .isEqualTo("invalid_challenge");
  }

  @Test
  void aRefusalLogsItsKindAndTheConfiguredRelyingPartyButNothingOfTheAccount() {
    GatehouseFixture g = fixture(TestStores.provider().kinds().get(0));
    Account a = new Account(g);
    PasskeyCreationOptions o = a.begin();
    a.authenticator.origin("https://evil.example");
    String phished = a.authenticator.register(o.challenge(), o.userHandle(), "none");
    a.authenticator.origin(ORIGIN);
    a.authenticator.rpId("evil.example");
    String otherRp = a.authenticator.register(o.challenge(), o.userHandle(), "packed");
    a.authenticator.rpId(RP_ID);

    // slf4j-simple writes to whatever System.err is at the time of each record.
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      assertThat(codeOf(() -> a.passkeys().finishRegistration(a.caller(), phished, null, CLIENT)))
          .isEqualTo("passkey_rejected");
      assertThat(codeOf(() -> a.passkeys().finishRegistration(a.caller(), otherRp, null, CLIENT)))
          .isEqualTo("passkey_rejected");
    } finally {
      System.setErr(err);
    }
    String logged = log.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(logged)
        .contains("INFO")
        .contains("Refused a passkey response: bad origin (configured RP id " + RP_ID)
        .contains("Refused a passkey response: bad rp id (configured RP id " + RP_ID)
        .contains(ORIGIN)
        .doesNotContain(a.email)
        .doesNotContain(a.caller().userPublicId().toString());
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aWrongOriginOrRpIdIsRefusedAndChangesNothing(StoreKind kind) {
    GatehouseFixture g = fixture(kind);
    Account a = new Account(g);
    PasskeyCreationOptions o = a.begin();
    a.authenticator.origin("https://evil.example");
    String phished = a.authenticator.register(o.challenge(), o.userHandle(), "none");
    assertThat(codeOf(() -> a.passkeys().finishRegistration(a.caller(), phished, null, CLIENT)))
        .isEqualTo("passkey_rejected");
    a.authenticator.origin(ORIGIN);
    a.authenticator.rpId("evil.example");
    String otherRp = a.authenticator.register(o.challenge(), o.userHandle(), "packed");
    assertThat(codeOf(() -> a.passkeys().finishRegistration(a.caller(), otherRp, null, CLIENT)))
        .isEqualTo("passkey_rejected");
    assertThat(a.passkeys().list(a.caller())).isEmpty();
    a.authenticator.rpId(RP_ID);
    a.passkeys()
        .finishRegistration(
            a.caller(),
            a.authenticator.register(o.challenge(), o.userHandle(), "packed"),
            null,
            CLIENT);

    PasskeyRequestOptions s = g.gatehouse.feature(PasskeyService.class).beginSignIn();
    a.authenticator.origin("https://evil.example");
    String phishedAssertion = a.authenticator.assertion(s.challenge());
    assertThat(
            codeOf(
                () ->
                    g.gatehouse
                        .feature(PasskeyService.class)
                        .finishSignIn(phishedAssertion, CLIENT)))
        .isEqualTo("passkey_rejected");
    a.authenticator.origin(ORIGIN);
    a.authenticator.rpId("evil.example");
    String otherRpAssertion = a.authenticator.assertion(s.challenge());
    assertThat(
            codeOf(
                () ->
                    g.gatehouse
                        .feature(PasskeyService.class)
                        .finishSignIn(otherRpAssertion, CLIENT)))
        .isEqualTo("passkey_rejected");
    a.authenticator.rpId(RP_ID);
    assertThat(
            g.gatehouse
                .feature(PasskeyService.class)
                .finishSignIn(a.authenticator.assertion(s.challenge()), CLIENT))
        .isInstanceOf(SignInResult.SignedIn.class);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void challengesAreSingleUseShortLivedAndBoundToTheirCeremonyAndUser(StoreKind kind) {
    GatehouseFixture g = fixture(kind);
    Account a = new Account(g);
    a.register("none");
    PasskeyService passkeys = g.gatehouse.feature(PasskeyService.class);

    // Replayed: the second use of one sign-in response is refused.
    String response = a.authenticator.assertion(passkeys.beginSignIn().challenge());
    assertThat(passkeys.finishSignIn(response, CLIENT)).isInstanceOf(SignInResult.SignedIn.class);
    assertThat(codeOf(() -> passkeys.finishSignIn(response, CLIENT)))
        .isEqualTo("invalid_challenge");

    // Another ceremony's challenge: a step-up challenge does not sign in, nor the reverse.
    PasskeyRequestOptions stepUp = passkeys.beginStepUp(a.caller());
    assertThat(
            codeOf(
                () -> passkeys.finishSignIn(a.authenticator.assertion(stepUp.challenge()), CLIENT)))
        .isEqualTo("invalid_challenge");
    PasskeyRequestOptions signIn = passkeys.beginSignIn();
    g.clock.advance(Duration.ofMinutes(2));
    assertThat(
            codeOf(
                () ->
                    passkeys.remove(
                        a.caller(),
                        1L,
                        Reauthentication.passkey(a.authenticator.assertion(signIn.challenge())),
                        CLIENT)))
        .isEqualTo("invalid_challenge");

    // Another user's registration challenge cannot register for someone else.
    Account b = new Account(g);
    PasskeyCreationOptions forB = b.begin();
    String stolen = a.authenticator.register(forB.challenge(), forB.userHandle(), "none");
    assertThat(codeOf(() -> passkeys.finishRegistration(a.caller(), stolen, null, CLIENT)))
        .isEqualTo("invalid_challenge");

    // Expired.
    PasskeyRequestOptions late = passkeys.beginSignIn();
    String lateResponse = a.authenticator.assertion(late.challenge());
    g.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
    assertThat(codeOf(() -> passkeys.finishSignIn(lateResponse, CLIENT)))
        .isEqualTo("invalid_challenge");

    // Garbage.
    assertThat(codeOf(() -> passkeys.finishSignIn("{\"id\":1}", CLIENT)))
        .isEqualTo("invalid_passkey_response");
    assertThat(codeOf(() -> passkeys.finishSignIn("not json", CLIENT)))
        .isEqualTo("invalid_passkey_response");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aCounterGoingBackwardsIsRefusedAndReported(StoreKind kind) {
    GatehouseFixture g = fixture(kind);
    Account a = new Account(g);
    Passkey p = a.register("packed");
    PasskeyService passkeys = g.gatehouse.feature(PasskeyService.class);
    passkeys.finishSignIn(a.authenticator.assertion(passkeys.beginSignIn().challenge()), CLIENT);
    passkeys.finishSignIn(a.authenticator.assertion(passkeys.beginSignIn().challenge()), CLIENT);
    long stored = a.authenticator.counter();
    // A clone of the authenticator, taken at registration, answers with an older counter.
    a.authenticator.counter(1);
    String cloned = a.authenticator.assertion(passkeys.beginSignIn().challenge());
    assertThat(codeOf(() -> passkeys.finishSignIn(cloned, CLIENT)))
        .isEqualTo("passkey_counter_regressed");
    assertThat(g.events)
        .anyMatch(
            e ->
                e instanceof PasskeyService.PasskeyCounterRegressed r
                    && r.passkeyId() == p.id()
                    && r.storedCount() == stored
                    && r.presentedCount() == 2);
    assertThat(g.gatehouse.audit().forUser(a.id(), 100))
        .filteredOn(e -> e.event().equals("PasskeyCounterRegressed"))
        .extracting(e -> e.method() + " " + e.reason() + " " + e.detail())
        .containsExactly("passkey counter_regressed passkey " + p.id() + " " + stored + ">2");
    // An authenticator that keeps no counter (always 0) is accepted every time.
    Account b = new Account(g);
    b.authenticator.counter(-1);
    b.register("none");
    passkeys.finishSignIn(b.authenticator.assertion(passkeys.beginSignIn().challenge()), CLIENT);
    assertThat(
            passkeys.finishSignIn(
                b.authenticator.assertion(passkeys.beginSignIn().challenge()), CLIENT))
        .isInstanceOf(SignInResult.SignedIn.class);
  }

  /**
   * Every refusal of a passkey sign-in is kept in the audit trail (issue 54, item 5; the codes
   * {@code RefusalAuditTest} leaves to this module): under the account of the passkey presented, or
   * under none when the response names no passkey.
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void everyRefusedPasskeySignInIsKeptInTheAuditTrail(StoreKind kind) {
    GatehouseFixture g = fixture(kind);
    Account a = new Account(g);
    a.register("packed");
    PasskeyService passkeys = g.gatehouse.feature(PasskeyService.class);

    String response = a.authenticator.assertion(passkeys.beginSignIn().challenge());
    passkeys.finishSignIn(response, CLIENT);
    assertThat(codeOf(() -> passkeys.finishSignIn(response, CLIENT)))
        .isEqualTo("invalid_challenge");
    PasskeyRequestOptions s = passkeys.beginSignIn();
    a.authenticator.origin("https://evil.example");
    String phished = a.authenticator.assertion(s.challenge());
    a.authenticator.origin(ORIGIN);
    assertThat(codeOf(() -> passkeys.finishSignIn(phished, CLIENT))).isEqualTo("passkey_rejected");
    passkeys.finishSignIn(a.authenticator.assertion(passkeys.beginSignIn().challenge()), CLIENT);
    a.authenticator.counter(1);
    String cloned = a.authenticator.assertion(passkeys.beginSignIn().challenge());
    assertThat(codeOf(() -> passkeys.finishSignIn(cloned, CLIENT)))
        .isEqualTo("passkey_counter_regressed");
    assertThat(codeOf(() -> passkeys.finishSignIn("not json", CLIENT)))
        .isEqualTo("invalid_passkey_response");

    assertThat(g.gatehouse.audit().forUser(a.id(), 100))
        .filteredOn(e -> e.event().equals("LoginFailed"))
        .extracting(e -> e.reason() + " " + e.method() + " " + e.network())
        .containsExactlyInAnyOrder(
            "invalid_challenge webauthn 203.0.113.0/24",
            "passkey_rejected webauthn 203.0.113.0/24",
            "passkey_counter_regressed webauthn 203.0.113.0/24");
    assertThat(g.events)
        .anyMatch(
            e ->
                e instanceof AuthEvent.LoginFailed f
                    && f.userId() == null
                    && f.reason().equals("invalid_passkey_response"));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aRemovedPasskeyNoLongerSignsIn(StoreKind kind) {
    GatehouseFixture g = fixture(kind);
    Account a = new Account(g);
    Passkey p = a.register("none");
    PasskeyService passkeys = g.gatehouse.feature(PasskeyService.class);
    passkeys.remove(a.caller(), p.id(), Reauthentication.recentSignIn(), CLIENT);
    String response = a.authenticator.assertion(passkeys.beginSignIn().challenge());
    assertThat(codeOf(() -> passkeys.finishSignIn(response, CLIENT))).isEqualTo("passkey_rejected");
  }

  @EveryStore("concurrent finishes of one challenge")
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void concurrentFinishesWithOneChallengeSucceedExactlyOnce(StoreKind kind) throws Exception {
    GatehouseFixture g = fixture(kind);
    Account a = new Account(g);
    a.authenticator.counter(-1);
    a.register("none");
    PasskeyService passkeys = g.gatehouse.feature(PasskeyService.class);
    String response = a.authenticator.assertion(passkeys.beginSignIn().challenge());
    List<String> outcomes =
        Bursts.run(
            4,
            () -> {
              try {
                passkeys.finishSignIn(response, CLIENT);
                return "ok";
              } catch (AuthException e) {
                return e.code();
              }
            });
    assertThat(outcomes).containsOnlyOnce("ok");
    assertThat(outcomes).filteredOn(o -> !o.equals("ok")).containsOnly("invalid_challenge");
  }
}
