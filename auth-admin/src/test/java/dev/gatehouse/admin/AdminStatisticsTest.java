package dev.gatehouse.admin;

import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.codeOf;
import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static dev.gatehouse.core.flows.account.AccountTests.signedIn;
import static dev.gatehouse.core.flows.account.AccountTests.updateUser;
import static dev.gatehouse.core.flows.otp.OtpWorld.emailCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.admin.AdminStatistics.Day;
import dev.gatehouse.core.account.AccountService;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.config.OtpSettings;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.otp.OtpService;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.core.store.DeliveryLogStore;
import dev.gatehouse.core.store.DeliveryLogStore.DeliveryStatus;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/** Statistics of sign-ins per day and method on every store (issue 61, item 3). */
class AdminStatisticsTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final ClientInfo CLIENT = ClientInfo.web("203.0.113.9");

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  private static GatehouseFixture gatehouse(StoreKind kind) {
    GatehouseFixture g =
        new GatehouseFixture(
            FIXTURES.get(kind),
            b ->
                b.set(ThrottleSettings.LOGIN_DELAY_AFTER, 2)
                    .set(ThrottleSettings.LOGIN_MAX_FAILURES, 3),
            AdminServiceTest::installed);
    // Days of the test's own, far from every other test's rows in the shared database: the counts
    // are exact.
    g.clock.set(
        Instant.parse("2040-01-01T09:00:00Z").plus(Duration.ofDays(new Random().nextInt(20_000))));
    return g;
  }

  private static LocalDate today(GatehouseFixture g) {
    return LocalDate.ofInstant(g.clock.instant(), ZoneOffset.UTC);
  }

  private static VerifiedAccessToken signedInAs(GatehouseFixture g, boolean staff) {
    String address = email();
    UUID id = confirmed(g, address);
    updateUser(g, id, u -> u.staff(staff));
    return signedIn(g, address, CLIENT);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void signInsFailuresAndLockoutsAreCountedExactlyPerDayAndMethodAndRefreshesAreNot(
      StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    AccountService accounts = g.gatehouse.accounts();
    // Day 0: the accounts are made (and confirmed), before the range read.
    String ada = email();
    String bob = email();
    confirmed(g, ada);
    confirmed(g, bob);
    g.clock.advance(Duration.ofDays(1));
    LocalDate first = today(g);

    // Day 1: two sign-ins, one wrong password, three on another account that lock it, and one
    // for an address with no account.
    TokenPair session =
        accounts.login(new LoginRequest(ada, PASSWORD, CLIENT)).orElseThrow().tokens();
    accounts.login(new LoginRequest(ada, PASSWORD, CLIENT)).orElseThrow();
    assertThat(codeOf(() -> accounts.login(LoginRequest.of(ada, "not-the-password"))))
        .isEqualTo("invalid_credentials");
    for (int i = 0; i < 3; i++) {
      g.clock.advance(Duration.ofMinutes(1));
      assertThat(codeOf(() -> accounts.login(LoginRequest.of(bob, "not-the-password"))))
          .isEqualTo("invalid_credentials");
    }
    assertThat(codeOf(() -> accounts.login(LoginRequest.of(email(), "not-the-password"))))
        .isEqualTo("invalid_credentials");
    // Day 2, just after midnight UTC: one sign-in, a refresh (no sign-in), one failure.
    g.clock.set(first.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    accounts.login(new LoginRequest(ada, PASSWORD, CLIENT)).orElseThrow();
    g.gatehouse.sessions().refresh(session.refreshToken(), CLIENT);
    assertThat(codeOf(() -> accounts.login(LoginRequest.of(ada, "not-the-password"))))
        .isEqualTo("invalid_credentials");

    // Day 4: the staff member reads days 1 to 3.
    g.clock.advance(Duration.ofDays(2));
    VerifiedAccessToken staff = signedInAs(g, true);
    // snippet:start statistics
    AdminStatistics stats = g.gatehouse.feature(AdminStatistics.class);
    List<Day> days = stats.daily(staff, first, first.plusDays(2));
    long passwordSignIns = days.get(0).signIns().getOrDefault("pwd", 0L);
    // snippet:end statistics
    assertThat(passwordSignIns).isEqualTo(2);

    assertThat(days)
        .containsExactly(
            new Day(first, Map.of("pwd", 2L), Map.of("pwd", 5L), 1, List.of(), List.of()),
            new Day(
                first.plusDays(1), Map.of("pwd", 1L), Map.of("pwd", 1L), 0, List.of(), List.of()),
            new Day(first.plusDays(2), Map.of(), Map.of(), 0, List.of(), List.of()));
    List<AuditEntry> trail =
        g.db.store.inTransaction(tx -> tx.audit().forSubject(staff.userPublicId(), 10));
    assertThat(trail)
        .filteredOn(e -> e.event().equals("AdminAction"))
        .extracting(AuditEntry::method, AuditEntry::detail)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "statistics",
                "by " + staff.userPublicId() + ": " + first + ".." + first.plusDays(2)));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void deliveriesAreCountedPerDayByChannelPurposeProviderAndOutcome(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    VerifiedAccessToken staff = signedInAs(g, true);
    LocalDate day = today(g).plusDays(10);
    Instant noon = day.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(12));
    g.db.store.inTransaction(
        tx -> {
          DeliveryLogStore logs = tx.deliveryLogs();
          for (int i = 0; i < 3; i++) {
            logs.record(row("sms", "otp", "twilio", DeliveryStatus.SENT, noon.plusSeconds(i)));
          }
          logs.record(row("sms", "otp", "twilio", DeliveryStatus.FAILED, noon));
          logs.record(row("sms", "otp", "sns", DeliveryStatus.BLOCKED, noon));
          logs.record(row("email", "otp", "smtp", DeliveryStatus.SENT, noon));
          // The next day, just after midnight: counted there, not here.
          logs.record(
              row("sms", "otp", "twilio", DeliveryStatus.SENT, noon.plus(Duration.ofHours(12))));
          return null;
        });

    List<Day> days = g.gatehouse.feature(AdminStatistics.class).daily(staff, day, day.plusDays(1));

    assertThat(days.get(0).deliveries())
        .containsExactly(
            new AdminStatistics.Delivery("email", "otp", "smtp", "sent", 1),
            new AdminStatistics.Delivery("sms", "otp", "sns", "blocked", 1),
            new AdminStatistics.Delivery("sms", "otp", "twilio", "failed", 1),
            new AdminStatistics.Delivery("sms", "otp", "twilio", "sent", 3));
    assertThat(days.get(1).deliveries())
        .containsExactly(new AdminStatistics.Delivery("sms", "otp", "twilio", "sent", 1));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void codesSentVerifiedExpiredBurnedAndReplacedAreCountedPerDayFromTheCodesThemselves(
      StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    OtpService otp = g.gatehouse.otp();
    String verified = email();
    String burned = email();
    String replacedThenExpired = email();
    confirmed(g, verified);
    confirmed(g, burned);
    confirmed(g, replacedThenExpired);
    // A day of its own, from noon UTC.
    LocalDate day = today(g).plusDays(1);
    g.clock.set(day.atStartOfDay(ZoneOffset.UTC).toInstant().plus(Duration.ofHours(12)));

    otp.request(OtpRequest.of(verified, OtpChannel.EMAIL, OtpPurpose.LOGIN));
    otp.verify(verified, OtpChannel.EMAIL, OtpPurpose.LOGIN, emailCode(g, verified));

    otp.request(OtpRequest.of(burned, OtpChannel.EMAIL, OtpPurpose.LOGIN));
    String wrong = wrongCode(emailCode(g, burned));
    for (int i = 0; i < g.gatehouse.config().get(OtpSettings.OTP_MAX_ATTEMPTS); i++) {
      assertThat(codeOf(() -> otp.verify(burned, OtpChannel.EMAIL, OtpPurpose.LOGIN, wrong)))
          .isEqualTo("invalid_code");
    }
    assertThat(codeOf(() -> otp.verify(burned, OtpChannel.EMAIL, OtpPurpose.LOGIN, wrong)))
        .isEqualTo("code_burned");

    otp.request(OtpRequest.of(replacedThenExpired, OtpChannel.EMAIL, OtpPurpose.LOGIN));
    g.clock.advance(g.gatehouse.config().get(OtpSettings.OTP_RESEND_COOLDOWN).plusSeconds(1));
    otp.request(OtpRequest.of(replacedThenExpired, OtpChannel.EMAIL, OtpPurpose.LOGIN));
    g.clock.advance(g.gatehouse.config().get(OtpSettings.OTP_TTL).plusSeconds(1));

    VerifiedAccessToken staff = signedInAs(g, true);
    List<Day> days = g.gatehouse.feature(AdminStatistics.class).daily(staff, day, day);

    // The staff member's own sign-in's codes are the day's too (a confirmation by email).
    assertThat(days.get(0).codes())
        .filteredOn(c -> c.purpose().equals(OtpPurpose.LOGIN.code()))
        .containsExactly(
            new AdminStatistics.Codes("email", OtpPurpose.LOGIN.code(), 4, 1, 1, 1, 1));
    // The host's own read (the gauges') counts the same, and leaves no audit entry.
    int entries =
        g.db.store.inTransaction(tx -> tx.audit().forSubject(staff.userPublicId(), 50)).size();
    assertThat(g.gatehouse.feature(AdminStatistics.class).counts(day)).isEqualTo(days.get(0));
    List<AuditEntry> after =
        g.db.store.inTransaction(tx -> tx.audit().forSubject(staff.userPublicId(), 50));
    assertThat(after).hasSize(entries);
  }

  /** The code with its first digit changed: certainly wrong. */
  private static String wrongCode(String code) {
    return (char) ('0' + (code.charAt(0) - '0' + 1) % 10) + code.substring(1);
  }

  private static DeliveryLogStore.Entry row(
      String channel, String template, String provider, DeliveryStatus status, Instant at) {
    return new DeliveryLogStore.Entry(
        channel, "+44*******89", template, provider, status, null, null, "code ******", at);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aCallerWhoIsNotStaffIsRefusedAndARangeBeyondTheBoundIsATypedError(StoreKind kind) {
    GatehouseFixture g = gatehouse(kind);
    AdminStatistics stats = g.gatehouse.feature(AdminStatistics.class);
    VerifiedAccessToken plain = signedInAs(g, false);
    VerifiedAccessToken staff = signedInAs(g, true);
    LocalDate day = today(g);

    assertThat(codeOf(() -> stats.daily(plain, day, day))).isEqualTo("forbidden");
    // The permission first: a non-staff caller learns nothing from a bad range either.
    assertThat(codeOf(() -> stats.daily(plain, day, day.minusDays(1)))).isEqualTo("forbidden");
    List<AuditEntry> refusals =
        g.db.store.inTransaction(tx -> tx.audit().forSubject(plain.userPublicId(), 10));
    assertThat(refusals)
        .filteredOn(e -> e.event().equals("AdminRefused"))
        .extracting(AuditEntry::method)
        .containsExactly("statistics", "statistics");

    assertThat(codeOf(() -> stats.daily(staff, day, day.minusDays(1)))).isEqualTo("invalid_range");
    assertThat(codeOf(() -> stats.daily(staff, day, day.plusDays(AdminStatistics.MAX_DAYS))))
        .isEqualTo("invalid_range");
    assertThat(stats.daily(staff, day, day.plusDays(AdminStatistics.MAX_DAYS - 1)))
        .hasSize(AdminStatistics.MAX_DAYS);
  }

  /**
   * With a store for stale reads (here an empty in-memory one: a replica that applied nothing), the
   * counts come from it and the read's audit row goes to the main store.
   */
  @org.junit.jupiter.api.Test
  void theCountsAreReadFromTheStaleReadStoreAndTheAuditRowIsWrittenToTheMainOne() {
    dev.gatehouse.testing.InMemoryAuthStore replica = new dev.gatehouse.testing.InMemoryAuthStore();
    GatehouseFixture g =
        new GatehouseFixture(
            new dev.gatehouse.core.flows.StoreFixture(
                new dev.gatehouse.testing.InMemoryAuthStore()),
            b -> b,
            b -> AdminServiceTest.installed(b).staleReads(replica));
    String ada = email();
    confirmed(g, ada);
    g.gatehouse.accounts().login(new LoginRequest(ada, PASSWORD, CLIENT)).orElseThrow();
    VerifiedAccessToken staff = signedInAs(g, true);
    LocalDate day = today(g);

    List<Day> days = g.gatehouse.feature(AdminStatistics.class).daily(staff, day, day);

    assertThat(days).containsExactly(new Day(day, Map.of(), Map.of(), 0, List.of(), List.of()));
    List<AuditEntry> onReplica =
        replica.inTransaction(tx -> tx.audit().forSubject(staff.userPublicId(), 10));
    List<AuditEntry> onMain =
        g.db.store.inTransaction(tx -> tx.audit().forSubject(staff.userPublicId(), 10));
    assertThat(onReplica).isEmpty();
    assertThat(onMain).extracting(AuditEntry::method).contains("statistics");
  }
}
