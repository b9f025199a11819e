package dev.gatehouse.core.flows.security;

import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.codeOf;
import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.core.flows.account.AccountTests.register;
import static dev.gatehouse.core.flows.account.AccountTests.signedIn;
import static dev.gatehouse.core.flows.account.AccountTests.userId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.config.AccountSettings;
import dev.gatehouse.core.config.OtpSettings;
import dev.gatehouse.core.config.PhoneSettings;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.internal.SecurityEvents;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.testing.OneDatabase;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Every refusal the error catalogue keeps (issue 54, item 5): each code {@link
 * SecurityEvents#audits} decides to keep is produced by a real flow here and found in the audit
 * trail, under the account the credential or identifier named; passkey (auth-passkeys), social
 * (auth-social), legacy-exchange and administration refusals included, and a staff creation names
 * the superuser who made it.
 */
@OneDatabase(
    "which refusals reach the audit trail, one request at a time; the trail's rows per database are the store contract's (and HostTransactionTest's)")
class RefusalAuditTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final String BOOTSTRAP = "bootstrap-token-4c1d9e77a2-0b83f5e6d1c4";
  private static final ClientInfo CLIENT =
      new ClientInfo("web", "198.51.100.23", "RefusalAgent/1.0", null);
  private static final Pattern CODE = Pattern.compile("(?<!\\d)\\d{6}(?!\\d)");

  /**
   * Codes of the core a flow of a feature module produces: walked by that module's tests on the
   * same stores (the passkey verifier's refusals need the WebAuthn verifier {@code auth-passkeys}
   * installs). A module's own codes are not the core's and are walked by its own tests ({@code
   * auth-mfa}'s {@code SecondFactorRefusalTrailTest}, {@code auth-organizations}' {@code
   * OrganizationSignInTest}, ...).
   */
  private static final Set<ErrorCode> WALKED_IN_AUTH_PASSKEYS = Set.of(ErrorCode.INVALID_CHALLENGE);

  /**
   * Codes the sign-in link produces, walked by {@code auth-magic-link}'s {@code
   * MagicLinkRefusalTrailTest} on the same stores.
   */
  private static final Set<ErrorCode> WALKED_IN_AUTH_MAGIC_LINK =
      Set.of(ErrorCode.RATE_LIMITED, ErrorCode.INVALID_LINK);

  /**
   * Codes social sign-in produces, walked by {@code auth-social}'s {@code SocialRefusalTrailTest}
   * on the same stores.
   */
  private static final Set<ErrorCode> WALKED_IN_AUTH_SOCIAL =
      Set.of(
          ErrorCode.UNKNOWN_PROVIDER,
          ErrorCode.INVALID_STATE,
          ErrorCode.INVALID_ID_TOKEN,
          ErrorCode.PROVIDER_REFUSED,
          ErrorCode.ACCOUNT_DISABLED);

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  /** The fixtures one walk uses: the flows as most hosts configure them, and the exceptions. */
  private static final class World {
    final GatehouseFixture g;
    final GatehouseFixture noBootstrap;
    final GatehouseFixture phones;
    final GatehouseFixture usernames;

    World(StoreKind kind) {
      g =
          new GatehouseFixture(
              FIXTURES.get(kind),
              b ->
                  b.set(AccountSettings.ADMIN_BOOTSTRAP_TOKEN, BOOTSTRAP)
                      .set(OtpSettings.OTP_SIGNUP_ALLOWED, false));
      noBootstrap = new GatehouseFixture(FIXTURES.get(kind));
      phones =
          new GatehouseFixture(
              FIXTURES.get(kind),
              b ->
                  b.set(PhoneSettings.PHONE_DEFAULT_REGION, "DE")
                      .set(PhoneSettings.PHONE_ALLOWED_REGIONS, List.of("DE")));
      usernames =
          new GatehouseFixture(
              FIXTURES.get(kind),
              b ->
                  b.set(
                      AccountSettings.LOGIN_IDENTIFIER, AccountSettings.LoginIdentifier.USERNAME));
    }

    String otpCode(String email) {
      g.gatehouse
          .otp()
          .request(OtpRequest.of(email, OtpChannel.EMAIL, OtpPurpose.LOGIN).withClient(CLIENT));
      Matcher m = CODE.matcher(g.email.lastTo(email).orElseThrow().textBody());
      assertThat(m.find()).as("a code in the email").isTrue();
      return m.group();
    }

    String wrong(String code) {
      return code.equals("000000") ? "111111" : "000000";
    }
  }

  /** What a scenario leaves: the fixture whose trail holds the refusal, and the account named. */
  private record Refusal(GatehouseFixture where, UUID subject) {}

  /** One flow refusing with one code; answers where the refusal should be kept. */
  @FunctionalInterface
  private interface Scenario {
    Refusal run(World w) throws Exception;
  }

  /** Asserts {@code call} is refused with {@code code}. */
  private static void refused(
      ErrorCode code, org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    assertThat(codeOf(call)).isEqualTo(code.code());
  }

  /** A password login whose identifier could never be right: a failed attempt naming nobody. */
  private static Refusal malformedLogin(GatehouseFixture g, String identifier, ErrorCode code) {
    refused(
        code, () -> g.gatehouse.accounts().login(new LoginRequest(identifier, PASSWORD, CLIENT)));
    return new Refusal(g, null);
  }

  private static Map<ErrorCode, Scenario> scenarios() {
    Map<ErrorCode, Scenario> s = new HashMap<>();
    s.put(
        ErrorCode.INVALID_CREDENTIALS,
        w -> {
          String email = email();
          UUID id = confirmed(w.g, email);
          refused(
              ErrorCode.INVALID_CREDENTIALS,
              () -> w.g.gatehouse.accounts().login(new LoginRequest(email, "wrong-pw-1", CLIENT)));
          return new Refusal(w.g, id);
        });
    s.put(
        ErrorCode.INVALID_IDENTIFIER, w -> malformedLogin(w.g, " ", ErrorCode.INVALID_IDENTIFIER));
    s.put(ErrorCode.INVALID_EMAIL, w -> malformedLogin(w.g, "@@", ErrorCode.INVALID_EMAIL));
    s.put(
        ErrorCode.INVALID_PHONE, w -> malformedLogin(w.phones, "+1 555", ErrorCode.INVALID_PHONE));
    s.put(
        ErrorCode.PHONE_COUNTRY_NOT_ALLOWED,
        w -> malformedLogin(w.phones, "+1 202 555 0123", ErrorCode.PHONE_COUNTRY_NOT_ALLOWED));
    s.put(
        ErrorCode.INVALID_USERNAME,
        w -> malformedLogin(w.usernames, "no spaces allowed", ErrorCode.INVALID_USERNAME));
    s.put(
        ErrorCode.PASSWORD_REQUIRED,
        w -> {
          String email = email();
          UUID id = confirmed(w.g, email);
          refused(
              ErrorCode.PASSWORD_REQUIRED,
              () -> w.g.gatehouse.accounts().login(new LoginRequest(email, "", CLIENT)));
          return new Refusal(w.g, id);
        });
    s.put(
        ErrorCode.PASSWORD_TOO_LONG,
        w -> {
          String email = email();
          UUID id = confirmed(w.g, email);
          String huge = "p".repeat(5000);
          refused(
              ErrorCode.PASSWORD_TOO_LONG,
              () -> w.g.gatehouse.accounts().login(new LoginRequest(email, huge, CLIENT)));
          return new Refusal(w.g, id);
        });
    s.put(
        ErrorCode.ACCOUNT_NOT_VERIFIED,
        w -> {
          String email = email();
          register(w.g, email);
          UUID id = userId(w.g, email);
          refused(
              ErrorCode.ACCOUNT_NOT_VERIFIED,
              () -> w.g.gatehouse.accounts().login(new LoginRequest(email, PASSWORD, CLIENT)));
          return new Refusal(w.g, id);
        });
    s.put(
        ErrorCode.INVALID_CODE,
        w -> {
          // A failed one-time code for a known account's address names the account.
          String email = email();
          UUID id = confirmed(w.g, email);
          String code = w.otpCode(email);
          refused(
              ErrorCode.INVALID_CODE,
              () ->
                  w.g
                      .gatehouse
                      .otp()
                      .loginWithCode(email, OtpChannel.EMAIL, w.wrong(code), CLIENT));
          return new Refusal(w.g, id);
        });
    s.put(
        ErrorCode.OTP_EXPIRED,
        w -> {
          String email = email();
          UUID id = confirmed(w.g, email);
          String code = w.otpCode(email);
          w.g.clock.advance(w.g.gatehouse.config().get(OtpSettings.OTP_TTL).plusSeconds(1));
          refused(
              ErrorCode.OTP_EXPIRED,
              () -> w.g.gatehouse.otp().loginWithCode(email, OtpChannel.EMAIL, code, CLIENT));
          return new Refusal(w.g, id);
        });
    s.put(
        ErrorCode.OTP_USED,
        w -> {
          String email = email();
          UUID id = confirmed(w.g, email);
          String code = w.otpCode(email);
          w.g.gatehouse.otp().loginWithCode(email, OtpChannel.EMAIL, code, CLIENT);
          refused(
              ErrorCode.OTP_USED,
              () -> w.g.gatehouse.otp().loginWithCode(email, OtpChannel.EMAIL, code, CLIENT));
          return new Refusal(w.g, id);
        });
    s.put(
        ErrorCode.CODE_BURNED,
        w -> {
          String email = email();
          UUID id = confirmed(w.g, email);
          String wrong = w.wrong(w.otpCode(email));
          List<String> seen = new ArrayList<>();
          for (int i = 0; i < 20 && !seen.contains(ErrorCode.CODE_BURNED.code()); i++) {
            seen.add(
                codeOf(
                    () ->
                        w.g.gatehouse.otp().loginWithCode(email, OtpChannel.EMAIL, wrong, CLIENT)));
          }
          assertThat(seen).contains(ErrorCode.CODE_BURNED.code());
          return new Refusal(w.g, id);
        });
    s.put(
        ErrorCode.INVALID_SUBJECT_TOKEN,
        w -> {
          refused(
              ErrorCode.INVALID_SUBJECT_TOKEN,
              () -> w.g.gatehouse.sessions().exchangeLegacyToken("not-a-token", CLIENT));
          return new Refusal(w.g, null);
        });
    s.put(
        ErrorCode.FORBIDDEN,
        w -> {
          // A staff creation by an account that is no superuser names the caller.
          String address = email();
          UUID id = confirmed(w.g, address);
          var caller = signedIn(w.g, address, CLIENT);
          refused(
              ErrorCode.FORBIDDEN,
              () -> w.g.gatehouse.accounts().createStaff(caller, email(), PASSWORD));
          return new Refusal(w.g, id);
        });
    s.put(
        ErrorCode.BOOTSTRAP_DISABLED,
        w -> {
          refused(
              ErrorCode.BOOTSTRAP_DISABLED,
              () ->
                  w.noBootstrap.gatehouse.accounts().createSuperuser(BOOTSTRAP, email(), PASSWORD));
          return new Refusal(w.noBootstrap, null);
        });
    s.put(
        ErrorCode.INVALID_BOOTSTRAP_TOKEN,
        w -> {
          refused(
              ErrorCode.INVALID_BOOTSTRAP_TOKEN,
              () -> w.g.gatehouse.accounts().createSuperuser(BOOTSTRAP + "x", email(), PASSWORD));
          return new Refusal(w.g, null);
        });
    s.put(
        ErrorCode.SUPERUSER_EXISTS,
        w -> {
          // The first superuser of the walk's database; a second bootstrap is refused.
          if (w.g.db.store.inTransaction(tx -> tx.users().countSuperusers()) == 0) {
            w.g.gatehouse.accounts().createSuperuser(BOOTSTRAP, email(), PASSWORD);
          }
          refused(
              ErrorCode.SUPERUSER_EXISTS,
              () -> w.g.gatehouse.accounts().createSuperuser(BOOTSTRAP, email(), PASSWORD));
          return new Refusal(w.g, null);
        });
    return s;
  }

  /** The entry or, for a refusal naming no account, the event the entry was made from. */
  private static void assertKept(ErrorCode code, Refusal r) {
    if (r.subject() != null) {
      List<AuditEntry> trail = r.where().gatehouse.audit().forUser(r.subject(), 200);
      assertThat(trail)
          .as("the audit trail of %s", r.subject())
          .anySatisfy(
              e -> {
                assertThat(e.event()).isIn("LoginFailed", "AdminRefused");
                assertThat(e.reason()).isEqualTo(code.code());
                assertThat(e.subject()).isEqualTo(r.subject());
              });
      return;
    }
    // No account named (yet: the emailed link's checks name theirs once they answer
    // CredentialCheck#named): the entry has no subject to find it by; its event, made from the
    // same call in SecurityEvents, is what the listeners heard.
    assertThat(r.where().events)
        .anySatisfy(
            e -> {
              String reason =
                  e instanceof AuthEvent.LoginFailed f
                      ? f.reason()
                      : e instanceof AuthEvent.AdminRefused a ? a.reason() : null;
              assertThat(reason).isEqualTo(code.code());
            });
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void everyRefusalTheCatalogueKeepsIsFoundInTheAuditTrail(StoreKind kind) throws Exception {
    World w = new World(kind);
    Map<ErrorCode, Scenario> scenarios = scenarios();
    List<ErrorCode> walked = new ArrayList<>();
    List<ErrorCode> missing = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    for (ErrorCode code : ErrorCode.core()) {
      if (!SecurityEvents.audits(code)) {
        assertThat(scenarios)
            .as("a scenario for %s, which is not kept", code)
            .doesNotContainKey(code);
        continue;
      }
      if (WALKED_IN_AUTH_PASSKEYS.contains(code)
          || WALKED_IN_AUTH_MAGIC_LINK.contains(code)
          || WALKED_IN_AUTH_SOCIAL.contains(code)) {
        continue;
      }
      Scenario scenario = scenarios.get(code);
      if (scenario == null) {
        missing.add(code);
        continue;
      }
      try {
        assertKept(code, scenario.run(w));
        walked.add(code);
      } catch (AssertionError | RuntimeException e) {
        failed.add(code + ": " + e.getMessage());
      }
    }
    assertThat(failed).as("refusals not found in the trail").isEmpty();
    assertThat(missing).as("codes kept in the trail that no flow here produces").isEmpty();
    assertThat(walked).hasSize(scenarios.size());
  }
}
