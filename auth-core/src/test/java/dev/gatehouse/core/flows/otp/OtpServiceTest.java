package dev.gatehouse.core.flows.otp;

import static dev.gatehouse.core.flows.otp.OtpRows.codes;
import static dev.gatehouse.core.flows.otp.OtpRows.emailLogs;
import static dev.gatehouse.core.flows.otp.OtpRows.smsLogs;
import static dev.gatehouse.core.flows.otp.OtpWorld.email;
import static dev.gatehouse.core.flows.otp.OtpWorld.emailCode;
import static dev.gatehouse.core.flows.otp.OtpWorld.error;
import static dev.gatehouse.core.flows.otp.OtpWorld.gatehouse;
import static dev.gatehouse.core.flows.otp.OtpWorld.ip;
import static dev.gatehouse.core.flows.otp.OtpWorld.phone;
import static dev.gatehouse.core.flows.otp.OtpWorld.phoneInRange;
import static dev.gatehouse.core.flows.otp.OtpWorld.smsCode;
import static dev.gatehouse.core.flows.otp.OtpWorld.wrong;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.OtpSettings;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.flows.otp.OtpRows.LogRow;
import dev.gatehouse.core.otp.OtpService;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpCleanup;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.core.otp.OtpService.OtpSent;
import dev.gatehouse.core.otp.OtpService.OtpVerification;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.store.DeliveryLogStore.DeliveryStatus;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.email.EmailSender.EmailDeliveryException;
import dev.gatehouse.sms.SmsSender.SmsDeliveryException;
import dev.gatehouse.testing.Bursts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

class OtpServiceTest {
  private static final Fixtures FIXTURES = new Fixtures();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  private static OtpSent sms(GatehouseFixture f, String phone, OtpPurpose purpose) {
    return f.gatehouse.otp().request(OtpRequest.of(phone, OtpChannel.SMS, purpose));
  }

  private static UUID userWithPhone(GatehouseFixture f, String e164) {
    return f.db.store.inTransaction(
        tx -> {
          return AccountFactory.of(f.gatehouse.config())
              .insertUser(tx, UserRecord.newAccount(f.clock.instant()).phone(e164).build())
              .publicId();
        });
  }

  private static UUID userWithEmail(GatehouseFixture f, String address) {
    return f.db.store.inTransaction(
        tx -> {
          return AccountFactory.of(f.gatehouse.config())
              .insertUser(
                  tx,
                  UserRecord.newAccount(f.clock.instant())
                      .email(address, address.toLowerCase(Locale.ROOT))
                      .build())
              .publicId();
        });
  }

  // ---- codes ------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anSmsCodeIsStoredOnlyAsAKeyedHashAndVerifiesExactlyOnce(StoreKind kind) {
    GatehouseFixture f = gatehouse(FIXTURES.get(kind));
    String phone = phone();
    UUID owner = userWithPhone(f, phone);
    OtpSent sent = sms(f, "+44 (0)7400 " + phone.substring(7), OtpPurpose.VERIFY_PHONE); // as typed
    assertThat(sent.channel()).isEqualTo(OtpChannel.SMS);
    assertThat(sent.maskedDestination()).doesNotContain(phone.substring(4, 10));
    assertThat(sent.validFor()).isEqualTo(Duration.ofMinutes(5));
    String code = smsCode(f, phone);
    assertThat(code).hasSize(6);

    var rows = codes(f, phone);
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).codeHash()).hasSize(64).doesNotContain(code);
    assertThat(rows.get(0).owner()).isEqualTo(owner);

    OtpVerification v =
        f.gatehouse.otp().verify(phone, OtpChannel.SMS, OtpPurpose.VERIFY_PHONE, " " + code + " ");
    assertThat(v.destination()).isEqualTo(phone);
    assertThat(v.owner()).contains(owner);
    assertThat(
            f.db.store.<Boolean>inTransaction(
                tx -> tx.users().findByPublicId(owner).orElseThrow().phoneVerified()))
        .isTrue();
    assertThat(f.events).anyMatch(e -> e.getClass().getSimpleName().equals("PhoneVerified"));

    assertThat(
            error(
                    () ->
                        f.gatehouse
                            .otp()
                            .verify(phone, OtpChannel.SMS, OtpPurpose.VERIFY_PHONE, code))
                .code())
        .isEqualTo("otp_used");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void theSmsLogRecordsTheAttemptWithTheCodeReplacedByAsterisks(StoreKind kind) {
    GatehouseFixture f = gatehouse(FIXTURES.get(kind));
    String phone = phone();
    userWithPhone(f, phone);
    sms(f, phone, OtpPurpose.LOGIN);
    String code = smsCode(f, phone);
    List<LogRow> logs = smsLogs(f, phone);
    assertThat(logs).hasSize(1);
    LogRow row = logs.get(0);
    assertThat(row.status()).isEqualTo(DeliveryStatus.SENT);
    assertThat(row.provider()).isEqualTo("capturing");
    assertThat(row.messageId()).startsWith("cap-");
    assertThat(row.template()).isEqualTo("login");
    assertThat(row.destination()).isNotEqualTo(phone).endsWith(phone.substring(phone.length() - 2));
    assertThat(row.text()).contains("******").doesNotContain(code);
    assertThat(row.error()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anEmailCodeIsReallySentAndLoggedWithoutItsBody(StoreKind kind) {
    GatehouseFixture f = gatehouse(FIXTURES.get(kind));
    String address = email();
    String canonical = address.toLowerCase(Locale.ROOT);
    UUID owner = userWithEmail(f, address);
    f.gatehouse
        .otp()
        .request(
            OtpRequest.of(
                address.toUpperCase(Locale.ROOT), OtpChannel.EMAIL, OtpPurpose.VERIFY_EMAIL));
    var message = f.email.lastTo(address).orElseThrow();
    assertThat(message.from())
        .isEqualTo(f.gatehouse.config().get(GatehouseConfig.DEFAULT_FROM_EMAIL));
    String code = emailCode(f, address);
    assertThat(emailLogs(f, canonical))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(DeliveryStatus.SENT);
              assertThat(r.template()).isEqualTo("verify_email");
              assertThat(r.text()).isEqualTo(message.subject().replace(code, "******"));
            });
    OtpVerification v =
        f.gatehouse.otp().verify(address, OtpChannel.EMAIL, OtpPurpose.VERIFY_EMAIL, code);
    assertThat(v.owner()).contains(owner);
    assertThat(
            f.db.store.<Boolean>inTransaction(
                tx -> tx.users().findByPublicId(owner).orElseThrow().emailVerified()))
        .isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aCodeExpiresAfterItsTimeToLive(StoreKind kind) {
    GatehouseFixture f = gatehouse(FIXTURES.get(kind));
    String phone = phone();
    userWithPhone(f, phone);
    sms(f, phone, OtpPurpose.LOGIN);
    String code = smsCode(f, phone);
    f.clock.advance(Duration.ofMinutes(5));
    assertThat(
            error(() -> f.gatehouse.otp().verify(phone, OtpChannel.SMS, OtpPurpose.LOGIN, code))
                .code())
        .isEqualTo("otp_expired");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void wrongGuessesBurnTheCodeAtTheCapAfterWhichEvenTheRightCodeFails(StoreKind kind) {
    GatehouseFixture f = gatehouse(FIXTURES.get(kind));
    String phone = phone();
    userWithPhone(f, phone);
    sms(f, phone, OtpPurpose.LOGIN);
    String code = smsCode(f, phone);
    OtpService otp = f.gatehouse.otp();
    // As jb-drf-auth counts: each of the five allowed attempts is a wrong code (the fifth burns
    // it), and only the attempt after them is refused as burned.
    for (int i = 1; i <= 5; i++) {
      AuthException e =
          error(() -> otp.verify(phone, OtpChannel.SMS, OtpPurpose.LOGIN, wrong(code)));
      assertThat(e)
          .isInstanceOf(RejectedInputException.class)
          .isNotInstanceOf(RateLimitedException.class);
      assertThat(e.code()).isEqualTo("invalid_code");
    }
    f.clock.advance(Duration.ofSeconds(20));
    AuthException burned =
        error(() -> otp.verify(phone, OtpChannel.SMS, OtpPurpose.LOGIN, wrong(code)));
    assertThat(burned.code()).isEqualTo("code_burned");
    assertThat(((RateLimitedException) burned).retryAfter()).isEqualTo(Duration.ofSeconds(40));
    assertThat(error(() -> otp.verify(phone, OtpChannel.SMS, OtpPurpose.LOGIN, code)).code())
        .isEqualTo("code_burned");
    assertThat(codes(f, phone).get(0).attempts()).isEqualTo(5);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aSecondRequestWithinTheCooldownIsRefusedWithRetryAfterAndANewCodeReplacesTheOld(
      StoreKind kind) {
    GatehouseFixture f = gatehouse(FIXTURES.get(kind));
    String phone = phone();
    userWithPhone(f, phone);
    sms(f, phone, OtpPurpose.LOGIN);
    String first = smsCode(f, phone);
    f.clock.advance(Duration.ofSeconds(15));
    AuthException e = error(() -> sms(f, phone, OtpPurpose.LOGIN));
    assertThat(e).isInstanceOf(RateLimitedException.class);
    assertThat(e.code()).isEqualTo("otp_cooldown");
    assertThat(((RateLimitedException) e).retryAfter()).isEqualTo(Duration.ofSeconds(45));
    assertThat(f.sms.sent()).hasSize(1);

    f.clock.advance(Duration.ofSeconds(45));
    sms(f, phone, OtpPurpose.LOGIN);
    String second = smsCode(f, phone);
    assertThat(f.sms.sent()).hasSize(2);
    if (!second.equals(first)) {
      assertThat(
              error(() -> f.gatehouse.otp().verify(phone, OtpChannel.SMS, OtpPurpose.LOGIN, first))
                  .code())
          .isEqualTo("invalid_code");
    }
    assertThat(codes(f, phone).get(0).usedAt()).isNotNull();
    assertThat(f.gatehouse.otp().verify(phone, OtpChannel.SMS, OtpPurpose.LOGIN, second).purpose())
        .isEqualTo(OtpPurpose.LOGIN);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void concurrentDuplicatesOfOneRequestSendOneMessage(StoreKind kind) throws Exception {
    GatehouseFixture f = gatehouse(FIXTURES.get(kind));
    String phone = phone();
    userWithPhone(f, phone);
    int sent =
        Bursts.countTrue(
            8,
            () -> {
              try {
                sms(f, phone, OtpPurpose.LOGIN);
                return true;
              } catch (RateLimitedException e) {
                return false;
              }
            });
    assertThat(sent).isEqualTo(1);
    assertThat(f.sms.sent()).hasSize(1);
    assertThat(codes(f, phone)).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aCodeIsBoundToItsDestinationChannelAndPurpose(StoreKind kind) {
    GatehouseFixture f = gatehouse(FIXTURES.get(kind));
    String phone = phone();
    String other = phone();
    String address = email();
    userWithPhone(f, phone);
    sms(f, phone, OtpPurpose.LOGIN);
    String code = smsCode(f, phone);
    OtpService otp = f.gatehouse.otp();
    assertThat(error(() -> otp.verify(address, OtpChannel.EMAIL, OtpPurpose.LOGIN, code)).code())
        .isEqualTo("invalid_code");
    assertThat(error(() -> otp.verify(other, OtpChannel.SMS, OtpPurpose.LOGIN, code)).code())
        .isEqualTo("invalid_code");
    assertThat(error(() -> otp.verify(phone, OtpChannel.SMS, OtpPurpose.VERIFY_PHONE, code)).code())
        .isEqualTo("invalid_code");
    assertThat(error(() -> otp.verify(phone, OtpChannel.SMS, OtpPurpose.CHANGE_PHONE, code)).code())
        .isEqualTo("invalid_code");
    assertThat(otp.verify(phone, OtpChannel.SMS, OtpPurpose.LOGIN, code).destination())
        .isEqualTo(phone);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void malformedInputGetsTypedErrorsAndSendsNothing(StoreKind kind) {
    GatehouseFixture f = gatehouse(FIXTURES.get(kind));
    OtpService otp = f.gatehouse.otp();
    String phone = phone();
    assertThat(error(() -> sms(f, "not a phone", OtpPurpose.LOGIN)).code())
        .isEqualTo("invalid_phone");
    assertThat(error(() -> sms(f, "+1 800 FLOWERS", OtpPurpose.LOGIN)).code())
        .isEqualTo("invalid_phone");
    assertThat(
            error(() -> otp.request(OtpRequest.of("a@@b", OtpChannel.EMAIL, OtpPurpose.LOGIN)))
                .code())
        .isEqualTo("invalid_email");
    assertThat(error(() -> sms(f, phone, OtpPurpose.VERIFY_EMAIL)).code())
        .isEqualTo("invalid_channel");
    assertThat(
            error(
                    () ->
                        otp.request(
                            OtpRequest.of(email(), OtpChannel.EMAIL, OtpPurpose.CHANGE_PHONE)))
                .code())
        .isEqualTo("invalid_channel");
    for (String bad : new String[] {"12345", "1234567", "12a456", "", "１２３４５６", "12 456"}) {
      assertThat(error(() -> otp.verify(phone, OtpChannel.SMS, OtpPurpose.LOGIN, bad)).code())
          .as(bad)
          .isEqualTo("invalid_code_format");
    }
    assertThat(error(() -> otp.verify(phone, OtpChannel.SMS, OtpPurpose.LOGIN, null)).code())
        .isEqualTo("invalid_code_format");
    assertThat(error(() -> OtpPurpose.parse("admin")).code()).isEqualTo("invalid_purpose");
    assertThat(error(() -> OtpChannel.parse("fax")).code()).isEqualTo("invalid_channel");
    assertThat(OtpPurpose.parse(" Verify_Phone ")).isEqualTo(OtpPurpose.VERIFY_PHONE);
    assertThat(f.sms.sent()).isEmpty();
    assertThat(f.email.sent()).isEmpty();
  }

  // ---- abuse limits -----------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void thePerDestinationLimitBlocksBeforeTheProviderAndLogsBlocked(StoreKind kind) {
    GatehouseFixture f =
        gatehouse(
            FIXTURES.get(kind),
            b ->
                b.set(ThrottleSettings.OTP_MAX_PER_DESTINATION, 2)
                    .set(OtpSettings.OTP_RESEND_COOLDOWN, Duration.ZERO));
    String phone = phone();
    userWithPhone(f, phone);
    sms(f, phone, OtpPurpose.LOGIN);
    f.clock.advance(Duration.ofMinutes(10));
    sms(f, phone, OtpPurpose.LOGIN);
    f.clock.advance(Duration.ofMinutes(10));
    AuthException e = error(() -> sms(f, phone, OtpPurpose.LOGIN));
    assertThat(e.code()).isEqualTo("rate_limited");
    assertThat(((RateLimitedException) e).retryAfter()).isEqualTo(Duration.ofMinutes(40));
    assertThat(f.sms.sent()).hasSize(2);
    assertThat(smsLogs(f, phone))
        .extracting(LogRow::status)
        .containsExactly(DeliveryStatus.SENT, DeliveryStatus.SENT, DeliveryStatus.BLOCKED);
    LogRow blocked = smsLogs(f, phone).get(2);
    assertThat(blocked.error()).contains("per-destination");
    assertThat(blocked.text()).contains("******");
    f.clock.advance(Duration.ofMinutes(40));
    sms(f, phone, OtpPurpose.LOGIN);
    assertThat(f.sms.sent()).hasSize(3);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void thePerIpLimitCountsEveryDestinationFromOneClient(StoreKind kind) {
    GatehouseFixture f =
        gatehouse(FIXTURES.get(kind), b -> b.set(ThrottleSettings.OTP_MAX_PER_IP, 2));
    ClientInfo client = ClientInfo.web(ip());
    List<String> phones = List.of(phone(), phone(), phone());
    for (String p : phones) {
      userWithPhone(f, p);
    }
    OtpService otp = f.gatehouse.otp();
    otp.request(OtpRequest.of(phones.get(0), OtpChannel.SMS, OtpPurpose.LOGIN).withClient(client));
    otp.request(OtpRequest.of(phones.get(1), OtpChannel.SMS, OtpPurpose.LOGIN).withClient(client));
    AuthException e =
        error(
            () ->
                otp.request(
                    OtpRequest.of(phones.get(2), OtpChannel.SMS, OtpPurpose.LOGIN)
                        .withClient(client)));
    assertThat(e.code()).isEqualTo("rate_limited");
    assertThat(f.sms.lastTo(phones.get(2))).isEmpty();
    assertThat(smsLogs(f, phones.get(2)))
        .extracting(LogRow::status)
        .containsExactly(DeliveryStatus.BLOCKED);
    // Another client is not affected.
    otp.request(
        OtpRequest.of(phones.get(2), OtpChannel.SMS, OtpPurpose.LOGIN)
            .withClient(ClientInfo.web(ip())));
    assertThat(f.sms.lastTo(phones.get(2))).isPresent();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void theNumberPrefixLimitStopsSmsPumpingOnOneRange(StoreKind kind) {
    GatehouseFixture f =
        gatehouse(
            FIXTURES.get(kind),
            b ->
                b.set(ThrottleSettings.SMS_MAX_PER_PREFIX, 2)
                    .set(OtpSettings.OTP_SIGNUP_ALLOWED, true));
    String a = phoneInRange(11);
    String b2 = phoneInRange(11);
    String c = phoneInRange(11);
    String elsewhere = phoneInRange(22);
    sms(f, a, OtpPurpose.LOGIN);
    sms(f, b2, OtpPurpose.LOGIN);
    assertThat(error(() -> sms(f, c, OtpPurpose.LOGIN)).code()).isEqualTo("rate_limited");
    assertThat(f.sms.lastTo(c)).isEmpty();
    assertThat(smsLogs(f, c))
        .extracting(LogRow::error)
        .singleElement()
        .asString()
        .contains("number-prefix");
    sms(f, elsewhere, OtpPurpose.LOGIN);
    assertThat(f.sms.lastTo(elsewhere)).isPresent();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void theDailySmsBudgetIsATotalAcrossDestinations(StoreKind kind) {
    GatehouseFixture f =
        gatehouse(
            FIXTURES.get(kind),
            b ->
                b.set(ThrottleSettings.SMS_DAILY_LIMIT, 2)
                    .set(OtpSettings.OTP_SIGNUP_ALLOWED, true));
    sms(f, phoneInRange(31), OtpPurpose.LOGIN);
    sms(f, phoneInRange(32), OtpPurpose.LOGIN);
    String third = phoneInRange(33);
    AuthException e = error(() -> sms(f, third, OtpPurpose.LOGIN));
    assertThat(e.code()).isEqualTo("rate_limited");
    assertThat(((RateLimitedException) e).retryAfter()).isEqualTo(Duration.ofDays(1));
    assertThat(f.sms.sent()).hasSize(2);
    // Email is not part of the SMS budget.
    f.gatehouse.otp().request(OtpRequest.of(email(), OtpChannel.EMAIL, OtpPurpose.LOGIN));
    assertThat(f.email.sent()).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void withSignUpClosedAnUnknownDestinationGetsTheSameAnswerAndNothingIsSent(StoreKind kind) {
    GatehouseFixture f =
        gatehouse(FIXTURES.get(kind), b -> b.set(OtpSettings.OTP_SIGNUP_ALLOWED, false));
    String known = phone();
    String unknown = phone();
    userWithPhone(f, known);
    OtpSent forKnown = sms(f, known, OtpPurpose.LOGIN);
    OtpSent forUnknown = sms(f, unknown, OtpPurpose.LOGIN);
    assertThat(forUnknown)
        .usingRecursiveComparison()
        .ignoringFields("maskedDestination")
        .isEqualTo(forKnown);
    assertThat(f.sms.lastTo(known)).isPresent();
    assertThat(f.sms.lastTo(unknown)).isEmpty();
    assertThat(codes(f, unknown)).isEmpty();
    assertThat(smsLogs(f, unknown))
        .extracting(LogRow::status)
        .containsExactly(DeliveryStatus.BLOCKED);
    // The cooldown answers alike too.
    f.clock.advance(Duration.ofSeconds(10));
    AuthException k = error(() -> sms(f, known, OtpPurpose.LOGIN));
    AuthException u = error(() -> sms(f, unknown, OtpPurpose.LOGIN));
    assertThat(u.code()).isEqualTo(k.code()).isEqualTo("otp_cooldown");
    assertThat(u.getMessage()).isEqualTo(k.getMessage());
    assertThat(((RateLimitedException) u).retryAfter())
        .isEqualTo(((RateLimitedException) k).retryAfter());
    // A password reset for an unknown email sends nothing either, whatever sign-up allows.
    f.gatehouse.otp().request(OtpRequest.of(email(), OtpChannel.EMAIL, OtpPurpose.RESET_PASSWORD));
    assertThat(f.email.sent()).isEmpty();
  }

  // ---- delivery failure -------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aProviderFailureLeavesNoUsableCodeAFailedLogRowAndAllowsAnImmediateRetry(StoreKind kind) {
    GatehouseFixture f = gatehouse(FIXTURES.get(kind));
    String phone = phone();
    userWithPhone(f, phone);
    f.sms.failWith(new SmsDeliveryException("provider answered 503", true, "30001", null));
    // The request never waits for the provider, so it cannot tell the client about the failure;
    // the dispatcher drops the code and frees the cooldown instead.
    sms(f, phone, OtpPurpose.LOGIN);
    assertThat(codes(f, phone)).isEmpty();
    assertThat(smsLogs(f, phone))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(DeliveryStatus.FAILED);
              assertThat(r.error()).contains("provider answered 503").contains("30001");
              assertThat(r.messageId()).isNull();
            });

    f.sms.failWith(null);
    sms(f, phone, OtpPurpose.LOGIN);
    assertThat(f.sms.sent()).hasSize(1);
    String code = smsCode(f, phone);
    assertThat(f.gatehouse.otp().verify(phone, OtpChannel.SMS, OtpPurpose.LOGIN, code)).isNotNull();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aFailedResendKeepsThePreviousCodeAndAFailedEmailIsLogged(StoreKind kind) {
    GatehouseFixture f =
        gatehouse(FIXTURES.get(kind), b -> b.set(OtpSettings.OTP_RESEND_COOLDOWN, Duration.ZERO));
    String address = email();
    userWithEmail(f, address);
    OtpService otp = f.gatehouse.otp();
    otp.request(OtpRequest.of(address, OtpChannel.EMAIL, OtpPurpose.LOGIN));
    String code = emailCode(f, address);
    f.email.failWith(new EmailDeliveryException("535 authentication failed", false, null));
    otp.request(OtpRequest.of(address, OtpChannel.EMAIL, OtpPurpose.LOGIN));
    assertThat(emailLogs(f, address.toLowerCase(Locale.ROOT)))
        .extracting(LogRow::status)
        .containsExactly(DeliveryStatus.SENT, DeliveryStatus.FAILED);
    assertThat(otp.verify(address, OtpChannel.EMAIL, OtpPurpose.LOGIN, code)).isNotNull();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aProviderErrorThatEchoesTheCodeIsRedactedEverywhere(StoreKind kind) {
    GatehouseFixture f = gatehouse(FIXTURES.get(kind));
    String phone = phone();
    userWithPhone(f, phone);
    // A provider that puts the whole body in its error: the code must still not reach the log.
    var echoing =
        new dev.gatehouse.sms.SmsSender() {
          @Override
          public String providerName() {
            return "echoing";
          }

          @Override
          public dev.gatehouse.sms.SmsSender.SmsReceipt send(
              dev.gatehouse.sms.SmsSender.SmsMessage m) {
            throw new SmsDeliveryException("rejected body: " + m.body(), false, null, null);
          }
        };
    var g =
        dev.gatehouse.core.Gatehouse.builder(f.gatehouse.config(), f.db.store)
            .smsSender(echoing)
            .deliveryExecutor(Runnable::run)
            .build();
    g.otp().request(OtpRequest.of(phone, OtpChannel.SMS, OtpPurpose.LOGIN));
    assertThat(codes(f, phone)).isEmpty();
    assertThat(smsLogs(f, phone))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.error()).contains("rejected body").contains("******");
              assertThat(r.error().replaceAll("[^0-9]", "")).doesNotContainPattern("\\d{6}");
            });
  }

  // ---- cleanup ----------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void cleanupDeletesOldCodesAndLogsInBatchesAndIsSafeOnSeveralInstancesAtOnce(StoreKind kind)
      throws Exception {
    GatehouseFixture f =
        gatehouse(
            FIXTURES.get(kind),
            b ->
                b.set(GatehouseConfig.CLEANUP_BATCH_SIZE, 3)
                    .set(OtpSettings.OTP_RESEND_COOLDOWN, Duration.ZERO));
    List<String> phones = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      String p = phone();
      phones.add(p);
      userWithPhone(f, p);
      sms(f, p, OtpPurpose.LOGIN);
    }
    String address = email();
    userWithEmail(f, address);
    f.gatehouse.otp().request(OtpRequest.of(address, OtpChannel.EMAIL, OtpPurpose.LOGIN));
    // Within the retention nothing of ours goes.
    f.clock.advance(Duration.ofDays(29));
    f.gatehouse.otp().cleanup();
    assertThat(codes(f, phones.get(0))).hasSize(1);

    f.clock.advance(Duration.ofDays(2));
    String fresh = phone();
    userWithPhone(f, fresh);
    sms(f, fresh, OtpPurpose.LOGIN);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<OtpCleanup>> runs = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        runs.add(pool.submit(() -> f.gatehouse.otp().cleanup()));
      }
      int codes = 0;
      int smsLogs = 0;
      int emailLogs = 0;
      int outbox = 0;
      for (Future<OtpCleanup> r : runs) {
        OtpCleanup done = r.get(60, java.util.concurrent.TimeUnit.SECONDS);
        codes += done.codes();
        smsLogs += done.smsLogs();
        emailLogs += done.emailLogs();
        outbox += done.outboxMessages();
      }
      assertThat(codes).isGreaterThanOrEqualTo(8);
      assertThat(smsLogs).isGreaterThanOrEqualTo(7);
      assertThat(emailLogs).isGreaterThanOrEqualTo(1);
      // The eight messages were settled (sent) a month ago.
      assertThat(outbox).isGreaterThanOrEqualTo(8);
    } finally {
      pool.shutdownNow();
    }
    for (String p : phones) {
      assertThat(codes(f, p)).isEmpty();
    }
    assertThat(codes(f, address.toLowerCase(Locale.ROOT))).isEmpty();
    assertThat(codes(f, fresh)).hasSize(1);
    assertThat(smsLogs(f, fresh)).hasSize(1);
    assertThat(f.gatehouse.otp().cleanup()).isEqualTo(new OtpCleanup(0, 0, 0, 0));
  }

  @Test
  void requestsAreValueObjectsWithoutSecrets() {
    OtpRequest r = OtpRequest.of("+447400123456", OtpChannel.SMS, OtpPurpose.LOGIN);
    assertThat(r.withLocale(Locale.FRENCH).locale()).isEqualTo(Locale.FRENCH);
    assertThat(OtpPurpose.VERIFY_EMAIL.allows(OtpChannel.SMS)).isFalse();
    assertThat(OtpPurpose.LOGIN.allows(OtpChannel.SMS)).isTrue();
    assertThat(
            new OtpVerification("+447400123456", OtpChannel.SMS, OtpPurpose.LOGIN, null).toString())
        .doesNotContain("123456");
  }
}
