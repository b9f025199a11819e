package dev.gatehouse.core.flows.otp;

import static dev.gatehouse.core.flows.otp.OtpWorld.phone;
import static dev.gatehouse.core.flows.otp.OtpWorld.smsCode;
import static dev.gatehouse.core.flows.otp.OtpWorld.wrong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.config.OtpSettings;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.PathTags;
import dev.gatehouse.core.flows.StoreFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.observe.GatehouseObserver;
import dev.gatehouse.core.observe.GatehouseObserver.DeliveryAttempt;
import dev.gatehouse.core.observe.GatehouseObserver.DeliveryAttempt.Outcome;
import dev.gatehouse.core.observe.GatehouseObserver.ObservedOperation;
import dev.gatehouse.core.observe.GatehouseStatus;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.email.EmailSender.EmailDeliveryException;
import dev.gatehouse.sms.SmsSender.SmsDeliveryException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The observation hooks on a real database: hashing, delivery attempts per outcome, codes sent, the
 * login-failure events with their method, and the status a health check reads.
 */
class ObserverTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final String PASSWORD = "correct horse battery staple";

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  /** Records every call; thread-safe. */
  static final class Recording implements GatehouseObserver {
    final AtomicLong hashes = new AtomicLong();
    final List<Duration> computations = new CopyOnWriteArrayList<>();
    final List<DeliveryAttempt> attempts = new CopyOnWriteArrayList<>();
    final List<String> codes = new CopyOnWriteArrayList<>();

    @Override
    public void passwordHashed(Duration permitWait, Duration computation) {
      assertThat(permitWait).isGreaterThanOrEqualTo(Duration.ZERO);
      hashes.incrementAndGet();
      computations.add(computation);
    }

    @Override
    public void deliveryAttempted(DeliveryAttempt attempt) {
      attempts.add(attempt);
    }

    @Override
    public void codeSent(String channel, String purpose, String provider) {
      codes.add(channel + "/" + purpose + "/" + provider);
    }
  }

  private static GatehouseFixture world(StoreFixture db, Recording recording) {
    GatehouseFixture f =
        new GatehouseFixture(
            db,
            b ->
                b.set(ThrottleSettings.SMS_MAX_PER_PREFIX, 1_000_000)
                    .set(ThrottleSettings.OTP_MAX_PER_IP, 100_000)
                    .set(OtpSettings.OTP_SIGNUP_ALLOWED, true),
            g ->
                g.observer(recording)
                    .observer(
                        new GatehouseObserver() {
                          @Override
                          public void deliveryAttempted(DeliveryAttempt attempt) {
                            throw new IllegalStateException("a broken observer");
                          }
                        }));
    return f;
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void passwordHashesAreReportedOncePerComputation(StoreKind kind) {
    Recording r = new Recording();
    GatehouseFixture f = world(FIXTURES.get(kind), r);
    long before = f.gatehouse.passwordHashing().hashComputations();
    String email = "u" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    f.gatehouse
        .accounts()
        .register(RegistrationRequest.builder().email(email).password(PASSWORD).build());
    assertThatThrownBy(
            () -> f.gatehouse.accounts().login(LoginRequest.of(email, "wrong " + PASSWORD)))
        .isInstanceOf(AuthException.class);
    assertThatThrownBy(
            () -> f.gatehouse.accounts().login(LoginRequest.of("nobody@example.test", PASSWORD)))
        .isInstanceOf(AuthException.class);
    long computed = f.gatehouse.passwordHashing().hashComputations() - before;
    assertThat(computed).isGreaterThanOrEqualTo(3);
    assertThat(r.hashes.get()).isEqualTo(computed);
    assertThat(r.computations).allSatisfy(d -> assertThat(d).isPositive());

    // A failed password login is an event with its method and reason.
    assertThat(f.events)
        .filteredOn(AuthEvent.LoginFailed.class::isInstance)
        .map(AuthEvent.LoginFailed.class::cast)
        .extracting(AuthEvent.LoginFailed::method, AuthEvent.LoginFailed::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("pwd", "invalid_credentials"),
            org.assertj.core.groups.Tuple.tuple("pwd", "invalid_credentials"));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void signInsAndRefreshesCarryThePathOfTheStoresStatementsAndTheStatusTheirMap(StoreKind kind) {
    PathTags tags = new PathTags();
    StoreFixture db = FIXTURES.get(kind);
    GatehouseFixture f = new GatehouseFixture(db, b -> b, g -> g.observer(tags));
    assertThatThrownBy(
            () -> f.gatehouse.accounts().login(LoginRequest.of("nobody@example.test", PASSWORD)))
        .isInstanceOf(AuthException.class);
    assertThatThrownBy(() -> f.gatehouse.sessions().refresh("not-a-token", ClientInfo.web()))
        .isInstanceOf(AuthException.class);

    // The in-memory store runs no statement; the fixtures' default mapping takes plain SQL.
    boolean memory = kind.name().equals("memory");
    String path = memory ? "memory" : "plain";
    assertThat(tags.signInAndRefresh()).containsExactly(path, path);
    assertThat(tags.of(ObservedOperation.SIGN_IN)).containsEntry("method", "pwd");
    assertThat(f.gatehouse.status().statementPaths()).isEqualTo(db.store.statementPaths());
    if (memory) {
      assertThat(f.gatehouse.status().statementPaths()).isEmpty();
    } else {
      assertThat(f.gatehouse.status().statementPaths())
          .containsOnlyKeys("last-login", "password-login", "session-owner", "user-insert")
          .allSatisfy((statement, how) -> assertThat(how).startsWith("plain SQL on "));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void deliveriesAreReportedByOutcomeAndCodesWhenAProviderAcceptedThem(StoreKind kind) {
    Recording r = new Recording();
    GatehouseFixture f = world(FIXTURES.get(kind), r);
    String phone = phone();
    f.gatehouse.otp().request(OtpRequest.of(phone, OtpChannel.SMS, OtpPurpose.LOGIN));
    assertThat(r.attempts)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.channel()).isEqualTo("sms");
              assertThat(a.purpose()).isEqualTo("login");
              assertThat(a.provider()).isEqualTo(f.sms.providerName());
              assertThat(a.outcome()).isEqualTo(Outcome.SENT);
              assertThat(a.oneTimeCode()).isTrue();
              assertThat(a.duration()).isGreaterThanOrEqualTo(Duration.ZERO);
              // Nothing personal: no number, no code.
              assertThat(a.toString()).doesNotContain(phone).doesNotContain(smsCode(f, phone));
            });
    assertThat(r.codes).containsExactly("sms/login/" + f.sms.providerName());

    // A wrong code is a failed login with method otp and the refusal's code.
    assertThatThrownBy(
            () ->
                f.gatehouse
                    .otp()
                    .loginWithCode(
                        phone, OtpChannel.SMS, wrong(smsCode(f, phone)), ClientInfo.web()))
        .isInstanceOf(AuthException.class);
    assertThat(f.events)
        .filteredOn(AuthEvent.LoginFailed.class::isInstance)
        .map(AuthEvent.LoginFailed.class::cast)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.method()).isEqualTo("otp");
              assertThat(e.reason()).isEqualTo("invalid_code");
            });

    // A code fails for good at once (it gets one attempt) and is not counted as sent; a link email
    // that fails retryably is "retrying" and waits in the outbox.
    r.attempts.clear();
    f.sms.failWith(new SmsDeliveryException("provider down", true, null, null));
    f.gatehouse.otp().request(OtpRequest.of(phone(), OtpChannel.SMS, OtpPurpose.LOGIN));
    f.email.failWith(new EmailDeliveryException("smtp down", true, null));
    f.gatehouse
        .accounts()
        .register(
            RegistrationRequest.builder()
                .email("u" + UUID.randomUUID().toString().substring(0, 8) + "@example.test")
                .password(PASSWORD)
                .build());
    assertThat(r.attempts)
        .extracting(
            DeliveryAttempt::channel, DeliveryAttempt::outcome, DeliveryAttempt::oneTimeCode)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("sms", Outcome.FAILED, true),
            org.assertj.core.groups.Tuple.tuple("email", Outcome.RETRYING, false));
    assertThat(r.codes).hasSize(1);

    // The status: the key signs and verifies, the providers are named, the retrying message waits.
    GatehouseStatus status = f.gatehouse.status();
    assertThat(status.signingKeyUsable()).isTrue();
    assertThat(status.signingKeyProblem()).isNull();
    assertThat(status.signingKeyId()).isNotBlank();
    assertThat(status.smsProvider()).isEqualTo(f.sms.providerName());
    assertThat(status.emailProvider()).isEqualTo(f.email.providerName());
    assertThat(status.outboxPending()).isEqualTo(1);
    assertThat(status.oldestPending()).isNotNull();
    f.clock.advance(Duration.ofMinutes(5));
    assertThat(f.gatehouse.status().oldestPendingAge())
        .isGreaterThanOrEqualTo(Duration.ofMinutes(5));
  }
}
