package dev.gatehouse.core.flows.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.config.AuditSettings;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.OtpSettings;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.slf4j.MDC;
import org.slf4j.WorkingMdc;

/**
 * The audit trail (issue 36, finding 11): sign-ins and their refusals, lockouts, password changes
 * and revocations are kept in {@code gh_audit_event} with the method, the reason, the client's
 * network, its user agent and the request's correlation id; no secret, no address and no full IP
 * reaches the table; off, nothing is kept while listeners still hear; old entries go in batches.
 */
class AuditTrailTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final String PASSWORD = "violet-orbit-7731";
  private static final String NEW_PASSWORD = "amber-canyon-4409";
  private static final String FULL_IP = "203.0.113.77";
  private static final String AGENT = "AuditAgent/1.0 (test)";
  private static final ClientInfo CLIENT = new ClientInfo("web", FULL_IP, AGENT, null);
  private static final Pattern CODE = Pattern.compile("(?<!\\d)\\d{6}(?!\\d)");
  private static final Pattern TOKEN = Pattern.compile("token=([A-Za-z0-9_-]+)");

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  private static String email() {
    return "audit" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
  }

  private static UUID confirmed(GatehouseFixture g, String email) {
    g.gatehouse
        .accounts()
        .register(RegistrationRequest.builder().email(email).password(PASSWORD).build());
    g.gatehouse.accounts().confirmEmail(tokenIn(g, email));
    return g.db.store.inTransaction(tx -> tx.users().findByEmail(email)).orElseThrow().publicId();
  }

  private static String tokenIn(GatehouseFixture g, String address) {
    Matcher m = TOKEN.matcher(g.email.lastTo(address).orElseThrow().textBody());
    assertThat(m.find()).as("link in the email").isTrue();
    return m.group(1);
  }

  private static List<String> events(List<AuditEntry> entries) {
    return entries.stream().map(AuditEntry::event).toList();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void signInsRefusalsLockoutsChangesAndRevocationsAreKeptWithWhoHowAndFromWhere(StoreKind kind) {
    GatehouseFixture g =
        new GatehouseFixture(
            FIXTURES.get(kind),
            b ->
                b.set(ThrottleSettings.LOGIN_MAX_FAILURES, 4)
                    .set(ThrottleSettings.LOGIN_DELAY_AFTER, 3));
    String email = email();
    UUID id = confirmed(g, email);

    java.time.Instant signInAt = g.clock.instant();
    WorkingMdc.install();
    MDC.put("traceId", "trace-4bf92f3577b34da6");
    TokenPair login;
    try {
      login =
          g.gatehouse
              .accounts()
              .login(new LoginRequest(email, PASSWORD, CLIENT))
              .orElseThrow()
              .tokens();
    } finally {
      MDC.remove("traceId");
    }
    g.gatehouse.sessions().logoutAll(id);
    g.gatehouse.accounts().changePassword(id, PASSWORD, NEW_PASSWORD);
    for (int i = 0; i < 4; i++) {
      // Past the delay the third failure imposes, so the fourth is a counted failure: the lock.
      g.clock.advance(Duration.ofSeconds(10));
      String guess = "wrong-guess-" + i;
      assertThatThrownBy(() -> g.gatehouse.accounts().login(new LoginRequest(email, guess, CLIENT)))
          .isInstanceOf(AuthException.class);
    }

    List<AuditEntry> trail = g.gatehouse.audit().forUser(id, 100);
    assertThat(events(trail))
        .as("newest first")
        .startsWith("Locked", "LoginFailed")
        .contains(
            "SessionRevoked",
            "Registered",
            "EmailVerified",
            "LoggedIn",
            "PasswordChanged",
            "LoginFailed",
            "Locked");
    AuditEntry signedIn =
        trail.stream().filter(e -> e.event().equals("LoggedIn")).findFirst().orElseThrow();
    assertThat(signedIn.subject()).isEqualTo(id);
    assertThat(signedIn.actor()).isEqualTo("user");
    assertThat(signedIn.method()).isEqualTo("pwd");
    assertThat(signedIn.network()).isEqualTo("203.0.113.0/24");
    assertThat(signedIn.userAgent()).isEqualTo(AGENT);
    assertThat(signedIn.correlationId()).isEqualTo("trace-4bf92f3577b34da6");
    assertThat(signedIn.at()).isEqualTo(signInAt);
    AuditEntry failed =
        trail.stream().filter(e -> e.event().equals("LoginFailed")).findFirst().orElseThrow();
    assertThat(failed.method()).isEqualTo("pwd");
    assertThat(failed.reason()).isEqualTo("invalid_credentials");
    assertThat(failed.correlationId()).isNull();
    AuditEntry revoked =
        trail.stream().filter(e -> e.event().equals("SessionRevoked")).findFirst().orElseThrow();
    assertThat(revoked.reason()).isEqualTo("logout_all");
    // Every entry's event is one the listeners heard: one vocabulary.
    assertThat(g.events.stream().map(e -> e.getClass().getSimpleName())).containsAll(events(trail));
    assertThat(login.refreshToken()).isNotBlank();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void theTableHoldsNoSecretNoAddressAndNoFullIp(StoreKind kind) {
    // Events may carry the full address; the trail still keeps the network only.
    GatehouseFixture g =
        new GatehouseFixture(
            FIXTURES.get(kind),
            b ->
                b.set(AuditSettings.EVENTS_FULL_IP, true)
                    .set(OtpSettings.OTP_SIGNUP_ALLOWED, true));
    String email = email();
    UUID id = confirmed(g, email);
    List<String> secrets = new ArrayList<>(List.of(PASSWORD, NEW_PASSWORD, FULL_IP));
    TokenPair login =
        g.gatehouse
            .accounts()
            .login(new LoginRequest(email, PASSWORD, CLIENT))
            .orElseThrow()
            .tokens();
    secrets.add(login.accessToken());
    secrets.add(login.refreshToken());
    TokenPair refreshed = g.gatehouse.sessions().refresh(login.refreshToken(), CLIENT);
    secrets.add(refreshed.refreshToken());
    // The rotated token presented again: reuse, the session ends.
    assertThatThrownBy(() -> g.gatehouse.sessions().refresh(login.refreshToken(), CLIENT))
        .isInstanceOf(AuthException.class);
    g.gatehouse.accounts().requestPasswordReset(email);
    String reset = tokenIn(g, email);
    secrets.add(reset);
    g.gatehouse.accounts().confirmPasswordReset(reset, NEW_PASSWORD);
    g.gatehouse
        .otp()
        .request(OtpRequest.of(email, OtpChannel.EMAIL, OtpPurpose.LOGIN).withClient(CLIENT));
    Matcher code = CODE.matcher(g.email.lastTo(email).orElseThrow().textBody());
    assertThat(code.find()).isTrue();
    secrets.add(code.group());
    g.gatehouse.otp().loginWithCode(email, OtpChannel.EMAIL, code.group(), CLIENT);
    assertThatThrownBy(
            () ->
                g.gatehouse.accounts().login(new LoginRequest(email, "wrong-" + PASSWORD, CLIENT)))
        .isInstanceOf(AuthException.class);
    secrets.add("wrong-" + PASSWORD);

    assertThat(events(g.gatehouse.audit().forUser(id, 100)))
        .contains("LoggedIn", "TokenReuseDetected", "PasswordReset", "LoginFailed");
    List<String> rows = rowsOf(g, id);
    // Registered, EmailVerified, LoggedIn, TokenReuseDetected, PasswordReset, LoggedIn,
    // LoginFailed.
    assertThat(rows).hasSize(7);
    String local = email.substring(0, email.indexOf('@'));
    for (String row : rows) {
      assertThat(row.toLowerCase(Locale.ROOT))
          .doesNotContain(email.toLowerCase(Locale.ROOT))
          .doesNotContain(local.toLowerCase(Locale.ROOT));
      for (String secret : secrets) {
        assertThat(row).as("a secret or the full address in %s", row).doesNotContain(secret);
      }
    }
    assertThat(rows).anyMatch(r -> r.contains("203.0.113.0/24"));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void offNothingIsKeptAndTheListenersStillHear(StoreKind kind) {
    GatehouseFixture g =
        new GatehouseFixture(FIXTURES.get(kind), b -> b.set(AuditSettings.AUDIT_ENABLED, false));
    String email = email();
    UUID id = confirmed(g, email);
    g.gatehouse.accounts().login(new LoginRequest(email, PASSWORD, CLIENT));
    assertThatThrownBy(
            () -> g.gatehouse.accounts().login(new LoginRequest(email, "wrong-guess", CLIENT)))
        .isInstanceOf(AuthException.class);

    assertThat(rowsOf(g, id)).isEmpty();
    assertThat(g.gatehouse.audit().forUser(id, 10)).isEmpty();
    assertThat(g.events)
        .anyMatch(e -> e instanceof AuthEvent.LoggedIn && id.equals(e.userId()))
        .anyMatch(e -> e instanceof AuthEvent.LoginFailed && id.equals(e.userId()));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void theCleanupDeletesEntriesPastTheRetentionInBatchesAndKeepsTheRest(StoreKind kind) {
    GatehouseFixture g =
        new GatehouseFixture(
            FIXTURES.get(kind),
            b ->
                b.set(AuditSettings.AUDIT_RETENTION, Duration.ofDays(30))
                    .set(GatehouseConfig.CLEANUP_BATCH_SIZE, 2));
    // The fixtures share a database: older entries of other tests are deleted first.
    g.gatehouse.audit().cleanup();
    String email = email();
    UUID id = confirmed(g, email);
    for (int i = 0; i < 3; i++) {
      g.gatehouse.accounts().login(new LoginRequest(email, PASSWORD, CLIENT));
    }
    int old = g.gatehouse.audit().forUser(id, 100).size();
    assertThat(old).isEqualTo(5);
    g.clock.advance(Duration.ofDays(30).plusSeconds(1));
    g.gatehouse.accounts().login(new LoginRequest(email, PASSWORD, CLIENT));

    int deleted = g.gatehouse.audit().cleanup();

    assertThat(deleted).isGreaterThanOrEqualTo(old);
    List<AuditEntry> left = g.gatehouse.audit().forUser(id, 100);
    assertThat(events(left)).containsExactly("LoggedIn");
    assertThat(left.get(0).at()).isEqualTo(g.clock.instant());
    assertThat(g.gatehouse.audit().cleanup()).isZero();
  }

  /** Every field of the account's audit entries, as the store keeps them. */
  private static List<String> rowsOf(GatehouseFixture g, UUID id) {
    return g.db.store.inTransaction(tx -> tx.audit().forSubject(id, 1000)).stream()
        .map(
            e ->
                String.join(
                    " ",
                    String.valueOf(e.at()),
                    e.event(),
                    String.valueOf(e.subject()),
                    e.actor(),
                    String.valueOf(e.method()),
                    String.valueOf(e.reason()),
                    String.valueOf(e.detail()),
                    String.valueOf(e.network()),
                    String.valueOf(e.userAgent()),
                    String.valueOf(e.correlationId())))
        .toList();
  }
}
