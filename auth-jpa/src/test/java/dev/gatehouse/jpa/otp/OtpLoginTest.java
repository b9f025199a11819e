package dev.gatehouse.jpa.otp;

import static dev.gatehouse.jpa.otp.OtpServiceTest.error;
import static dev.gatehouse.jpa.otp.OtpWorld.email;
import static dev.gatehouse.jpa.otp.OtpWorld.emailCode;
import static dev.gatehouse.jpa.otp.OtpWorld.gatehouse;
import static dev.gatehouse.jpa.otp.OtpWorld.phone;
import static dev.gatehouse.jpa.otp.OtpWorld.smsCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.entity.AuthUserBase;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.otp.OtpChannel;
import dev.gatehouse.core.otp.OtpLogin;
import dev.gatehouse.core.otp.OtpPurpose;
import dev.gatehouse.core.otp.OtpRequest;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.jpa.fixture.Fixtures;
import dev.gatehouse.jpa.fixture.GatehouseFixture;
import dev.gatehouse.testing.DatabaseKind;
import dev.gatehouse.testing.EnabledDatabases;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

class OtpLoginTest {
  private static final Fixtures FIXTURES = new Fixtures();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void signUpByPhoneCreatesAVerifiedPhoneOnlyAccountWithNoEmailAndLogsIn(DatabaseKind kind) {
    GatehouseFixture f = gatehouse(FIXTURES.get(kind));
    String phone = phone();
    f.gatehouse.otp().request(OtpRequest.of(phone, OtpChannel.SMS, OtpPurpose.LOGIN));
    OtpLogin login =
        f.gatehouse
            .otp()
            .loginWithCode(phone, OtpChannel.SMS, smsCode(f, phone), ClientInfo.web("10.0.0.1"));
    assertThat(login.created()).isTrue();
    assertThat(login.tokens().accessToken()).isNotBlank();
    assertThat(login.tokens().refreshToken()).isNotBlank();
    f.db.store.inTransaction(
        tx -> {
          AuthUserBase u = tx.findUserByPublicId(login.userId()).orElseThrow();
          assertThat(u.getPhone()).isEqualTo(phone);
          assertThat(u.getEmail()).isNull();
          assertThat(u.getEmailNormalized()).isNull();
          assertThat(u.isPhoneVerified()).isTrue();
          assertThat(u.isEmailVerified()).isFalse();
          assertThat(u.isVerified()).isTrue();
          assertThat(tx.profiles().list(u.getPublicId()))
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
  @ArgumentsSource(EnabledDatabases.class)
  void anExistingEmailAccountLogsInByCodeAndItsEmailBecomesVerified(DatabaseKind kind) {
    GatehouseFixture f =
        gatehouse(FIXTURES.get(kind), b -> b.set(GatehouseConfig.OTP_SIGNUP_ALLOWED, false));
    String address = email();
    UUID id =
        f.db.store.inTransaction(
            tx -> {
              AuthUserBase u = tx.newUser();
              u.setEmail(address, address.toLowerCase(Locale.ROOT));
              u.touch(f.clock.instant());
              tx.insert(u);
              return u.getPublicId();
            });
    f.gatehouse.otp().request(OtpRequest.of(address, OtpChannel.EMAIL, OtpPurpose.LOGIN));
    OtpLogin login =
        f.gatehouse.otp().loginWithCode(address, OtpChannel.EMAIL, emailCode(f, address), null);
    assertThat(login.created()).isFalse();
    assertThat(login.userId()).isEqualTo(id);
    assertThat(
            f.db.store.<Boolean>inTransaction(
                tx -> tx.findUserByPublicId(id).orElseThrow().isEmailVerified()))
        .isTrue();
    assertThat(f.events).anyMatch(e -> e instanceof AuthEvent.EmailVerified);
    assertThat(f.events).noneMatch(e -> e instanceof AuthEvent.Registered);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void withSignUpClosedAnUnknownDestinationCannotLogInAndNoAccountAppears(DatabaseKind kind) {
    GatehouseFixture f =
        gatehouse(FIXTURES.get(kind), b -> b.set(GatehouseConfig.OTP_SIGNUP_ALLOWED, false));
    String phone = phone();
    f.gatehouse.otp().request(OtpRequest.of(phone, OtpChannel.SMS, OtpPurpose.LOGIN));
    assertThat(f.sms.sent()).isEmpty();
    assertThat(
            error(() -> f.gatehouse.otp().loginWithCode(phone, OtpChannel.SMS, "123456", null))
                .code())
        .isEqualTo("invalid_code");
    assertThat(f.db.store.<Optional<AuthUserBase>>inTransaction(tx -> tx.findUserByPhone(phone)))
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aDisabledAccountIsSentNothingAndCannotLogIn(DatabaseKind kind) {
    GatehouseFixture f = gatehouse(FIXTURES.get(kind));
    String phone = phone();
    f.db.store.inTransaction(
        tx -> {
          AuthUserBase u = tx.newUser();
          u.setPhone(phone);
          u.setActive(false);
          u.touch(f.clock.instant());
          tx.insert(u);
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
