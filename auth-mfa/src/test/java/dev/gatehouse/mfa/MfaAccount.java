package dev.gatehouse.mfa;

import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.account.AccountService;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.session.SignInResult.SecondFactorChallenge;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.mfa.SecondFactorService.RecoveryCodes;
import dev.gatehouse.mfa.SecondFactorService.TotpEnrolment;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.util.encoders.Base32;

/** A signed-in, confirmed password account and, once enrolled, its seed. */
public final class MfaAccount {
  /** The client the second-factor tests sign in from. */
  public static final ClientInfo CLIENT =
      new ClientInfo("web", "203.0.113.57", "Browser/1.0", null);

  private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]+)");
  private static final Totp TOTP = Totp.sha1();

  public final GatehouseFixture g;
  public final String email;
  public TokenPair tokens;
  public byte[] seed;
  public RecoveryCodes recovery;

  public MfaAccount(GatehouseFixture g) {
    this.g = g;
    this.email = "mfa" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    AccountService accounts = g.gatehouse.accounts();
    accounts.register(RegistrationRequest.builder().email(email).password(PASSWORD).build());
    Matcher m = TOKEN.matcher(g.email.lastTo(email).orElseThrow().textBody());
    assertThat(m.find()).isTrue();
    accounts.confirmEmail(m.group(1));
    tokens = accounts.login(new LoginRequest(email, PASSWORD, CLIENT)).orElseThrow().tokens();
  }

  /** {@return the builder with this module installed, as every test here wires it} */
  public static dev.gatehouse.core.Gatehouse.Builder installed(
      dev.gatehouse.core.Gatehouse.Builder builder) {
    return builder.install(new SecondFactorModule());
  }

  public VerifiedAccessToken caller() {
    return g.gatehouse.sessions().verifyAccessToken(tokens.accessToken());
  }

  public UUID id() {
    return caller().userPublicId();
  }

  /** Enrols and confirms an authenticator app; moves the clock to the next step after. */
  public MfaAccount withTotp() {
    SecondFactorService mfa = g.gatehouse.feature(SecondFactorService.class);
    TotpEnrolment e = mfa.beginTotpEnrolment(caller(), Reauthentication.recentSignIn(), CLIENT);
    seed = Base32.decode(padded(e.secret()));
    recovery = mfa.confirmTotpEnrolment(caller(), currentCode(), CLIENT);
    nextStep();
    return this;
  }

  public String currentCode() {
    return TOTP.code(seed, TOTP.step(g.clock.instant()));
  }

  public void nextStep() {
    g.clock.advance(Duration.ofSeconds(Totp.STEP_SECONDS));
  }

  public SecondFactorChallenge challenge() {
    return dev.gatehouse.core.flows.Fixtures.secondStep(
        g.gatehouse.accounts().login(new LoginRequest(email, PASSWORD, CLIENT)));
  }

  /** {@return a Base32 secret as it decodes: padded to a multiple of eight characters} */
  public static String padded(String base32) {
    return base32 + "=".repeat((8 - base32.length() % 8) % 8);
  }
}
