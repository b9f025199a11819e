package dev.gatehouse.core.flows.otp;

import static dev.gatehouse.core.flows.otp.OtpWorld.email;
import static dev.gatehouse.core.flows.otp.OtpWorld.emailCode;
import static dev.gatehouse.core.flows.otp.OtpWorld.error;
import static dev.gatehouse.core.flows.otp.OtpWorld.gatehouse;
import static dev.gatehouse.core.flows.otp.OtpWorld.phone;
import static dev.gatehouse.core.flows.otp.OtpWorld.smsCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.account.AccountFactory;
import dev.gatehouse.core.config.OtpSettings;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.testing.OneDatabase;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

@OneDatabase("sign-in and sign-up by code, one request at a time")
class OtpLoginTest {
  private static final Fixtures FIXTURES = new Fixtures();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void signUpByPhoneCreatesAVerifiedPhoneOnlyAccountWithNoEmailAndLogsIn(StoreKind kind) {
    GatehouseFixture f = gatehouse(FIXTURES.get(kind));
    String phone = phone();
    f.gatehouse.otp().request(OtpRequest.of(phone, OtpChannel.SMS, OtpPurpose.LOGIN));
    SignInResult.SignedIn login =
        f.gatehouse
            .otp()
            .loginWithCode(phone, OtpChannel.SMS, smsCode(f, phone), ClientInfo.web("10.0.0.1"))
            .orElseThrow();
    assertThat(login.created()).isTrue();
    assertThat(login.tokens().accessToken()).isNotBlank();
    assertThat(login.tokens().refreshToken()).isNotBlank();
    f.db.store.inTransaction(
        tx -> {
          UserRecord u = tx.users().findByPublicId(login.userId()).orElseThrow();
          assertThat(u.phone()).isEqualTo(phone);
          assertThat(u.email()).isNull();
          assertThat(u.emailCanonical()).isNull();
          assertThat(u.phoneVerified()).isTrue();
          assertThat(u.emailVerified()).isFalse();
          assertThat(u.verified()).isTrue();
          assertThat(tx.profiles().list(u.publicId()))
              .singleElement()
              .satisfies(p -> assertThat(p.defaultProfile()).isTrue());
          return null;
        });
    assertThat(f.events)
        .filteredOn(e -> !(e instanceof AuthEvent.SessionRevoked))
        .extracting(e -> e.getClass().getSimpleName())
        .contains("Registered", "PhoneVerified", "LoggedIn");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void anExistingEmailAccountLogsInByCodeAndItsEmailBecomesVerified(StoreKind kind) {
    GatehouseFixture f =
        gatehouse(FIXTURES.get(kind), b -> b.set(OtpSettings.OTP_SIGNUP_ALLOWED, false));
    String address = email();
    UUID id =
        f.db.store.inTransaction(
            tx -> {
              return AccountFactory.of(f.gatehouse.config())
                  .insertUser(
                      tx,
                      UserRecord.newAccount(f.clock.instant())
                          .email(address, address.toLowerCase(Locale.ROOT))
                          .build())
                  .publicId();
            });
    f.gatehouse.otp().request(OtpRequest.of(address, OtpChannel.EMAIL, OtpPurpose.LOGIN));
    SignInResult.SignedIn login =
        f.gatehouse
            .otp()
            .loginWithCode(address, OtpChannel.EMAIL, emailCode(f, address), null)
            .orElseThrow();
    assertThat(login.created()).isFalse();
    assertThat(login.userId()).isEqualTo(id);
    assertThat(
            f.db.store.<Boolean>inTransaction(
                tx -> tx.users().findByPublicId(id).orElseThrow().emailVerified()))
        .isTrue();
    assertThat(f.events).anyMatch(e -> e instanceof AuthEvent.EmailVerified);
    assertThat(f.events).noneMatch(e -> e instanceof AuthEvent.Registered);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void withSignUpClosedAnUnknownDestinationCannotLogInAndNoAccountAppears(StoreKind kind) {
    GatehouseFixture f =
        gatehouse(FIXTURES.get(kind), b -> b.set(OtpSettings.OTP_SIGNUP_ALLOWED, false));
    String phone = phone();
    f.gatehouse.otp().request(OtpRequest.of(phone, OtpChannel.SMS, OtpPurpose.LOGIN));
    assertThat(f.sms.sent()).isEmpty();
    assertThat(
            error(() -> f.gatehouse.otp().loginWithCode(phone, OtpChannel.SMS, "123456", null))
                .code())
        .isEqualTo("invalid_code");
    assertThat(f.db.store.<Optional<UserRecord>>inTransaction(tx -> tx.users().findByPhone(phone)))
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void aDisabledAccountIsSentNothingAndCannotLogIn(StoreKind kind) {
    GatehouseFixture f = gatehouse(FIXTURES.get(kind));
    String phone = phone();
    f.db.store.inTransaction(
        tx -> {
          AccountFactory.of(f.gatehouse.config())
              .insertUser(
                  tx, UserRecord.newAccount(f.clock.instant()).phone(phone).active(false).build());
          return null;
        });
    f.gatehouse.otp().request(OtpRequest.of(phone, OtpChannel.SMS, OtpPurpose.LOGIN));
    assertThat(f.sms.sent()).isEmpty();
    assertThat(
            error(() -> f.gatehouse.otp().loginWithCode(phone, OtpChannel.SMS, "123456", null))
                .code())
        .isEqualTo("invalid_code");
  }
}
