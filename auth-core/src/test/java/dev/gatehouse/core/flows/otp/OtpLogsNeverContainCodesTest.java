package dev.gatehouse.core.flows.otp;

import static dev.gatehouse.core.flows.otp.OtpWorld.email;
import static dev.gatehouse.core.flows.otp.OtpWorld.emailCode;
import static dev.gatehouse.core.flows.otp.OtpWorld.gatehouse;
import static dev.gatehouse.core.flows.otp.OtpWorld.phone;
import static dev.gatehouse.core.flows.otp.OtpWorld.smsCode;
import static dev.gatehouse.core.flows.otp.OtpWorld.wrong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.TestStores;
import dev.gatehouse.core.otp.OtpService;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.sms.SmsSender.SmsDeliveryException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Runs every OTP flow (sent, blocked, failed, wrong, burned, expired, consumed, login) with the
 * process's stdout and stderr captured, where slf4j-simple writes, and checks that no code issued
 * during the run appears in any line. Logging at every level is switched on for the library.
 */
class OtpLogsNeverContainCodesTest {
  static {
    // slf4j-simple reads levels when a logger is created; the library's loggers log everything.
    System.setProperty("org.slf4j.simpleLogger.log.dev.gatehouse", "trace");
  }

  private static final Fixtures FIXTURES = new Fixtures();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  @Test
  void noLogLineOfAnyOtpFlowContainsACode() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = System.out;
    PrintStream err = System.err;
    PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
    List<String> codes = new ArrayList<>();
    System.setOut(tee);
    System.setErr(tee);
    try {
      runEveryFlow(codes);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(codes).hasSizeGreaterThanOrEqualTo(4);
    assertThat(log).as("the capture works").contains("sent to").contains("refused");
    for (String code : codes) {
      assertThat(log).doesNotContain(code);
    }
  }

  private static void runEveryFlow(List<String> codes) {
    GatehouseFixture f =
        gatehouse(
            FIXTURES.get(TestStores.provider().kinds().get(0)),
            b -> b.set(ThrottleSettings.OTP_MAX_PER_DESTINATION, 3));
    OtpService otp = f.gatehouse.otp();
    String phone = phone();
    String address = email();

    // Sign-up and login by SMS.
    otp.request(OtpRequest.of(phone, OtpChannel.SMS, OtpPurpose.LOGIN));
    String first = smsCode(f, phone);
    codes.add(first);
    quietly(() -> otp.loginWithCode(phone, OtpChannel.SMS, wrong(first), null));
    quietly(() -> otp.loginWithCode(phone, OtpChannel.SMS, first, null));
    quietly(() -> otp.loginWithCode(phone, OtpChannel.SMS, first, null));

    // Burned, then expired.
    f.clock.advance(Duration.ofMinutes(1));
    otp.request(OtpRequest.of(phone, OtpChannel.SMS, OtpPurpose.LOGIN));
    String second = smsCode(f, phone);
    codes.add(second);
    for (int i = 0; i < 6; i++) {
      quietly(() -> otp.verify(phone, OtpChannel.SMS, OtpPurpose.LOGIN, wrong(second)));
    }
    quietly(() -> otp.verify(phone, OtpChannel.SMS, OtpPurpose.LOGIN, second));
    f.clock.advance(Duration.ofMinutes(1));
    otp.request(OtpRequest.of(phone, OtpChannel.SMS, OtpPurpose.LOGIN));
    String third = smsCode(f, phone);
    codes.add(third);
    f.clock.advance(Duration.ofMinutes(6));
    quietly(() -> otp.verify(phone, OtpChannel.SMS, OtpPurpose.LOGIN, third));

    // Blocked by the per-destination limit, then a cooldown.
    quietly(() -> otp.request(OtpRequest.of(phone, OtpChannel.SMS, OtpPurpose.LOGIN)));
    quietly(() -> otp.request(OtpRequest.of(phone, OtpChannel.SMS, OtpPurpose.LOGIN)));

    // Email, then a failing provider.
    otp.request(OtpRequest.of(address, OtpChannel.EMAIL, OtpPurpose.LOGIN));
    String fourth = emailCode(f, address);
    codes.add(fourth);
    quietly(() -> otp.loginWithCode(address, OtpChannel.EMAIL, fourth, null));
    String other = phone();
    f.sms.failWith(new SmsDeliveryException("gateway timeout", true, null, null));
    quietly(() -> otp.request(OtpRequest.of(other, OtpChannel.SMS, OtpPurpose.LOGIN)));
    f.sms.failWith(null);
    otp.request(OtpRequest.of(other, OtpChannel.SMS, OtpPurpose.LOGIN));
    codes.add(smsCode(f, other));
    otp.cleanup();
  }

  /** Runs a flow that is expected to be refused; its exception is logged the way a host might. */
  private static void quietly(Runnable flow) {
    Throwable t = catchThrowable(flow::run);
    if (t != null) {
      // A host that logs every refusal with its stack trace must not leak a code either.
      org.slf4j.LoggerFactory.getLogger("dev.gatehouse.host")
          .warn("refused: {}", t instanceof AuthException ? ((AuthException) t).code() : t, t);
    }
  }
}
