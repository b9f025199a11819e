package dev.gatehouse.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.OtpSettings;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.DeliveryLogStore.DeliveryStatus;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/TESTING.md, run as written: a host's test on the in-memory store. */
class InMemoryHostTest {

  @Test
  void aHostTestsItsSignUpWithoutADatabase() {
    // snippet:start in-memory-host
    AuthStore store = new InMemoryAuthStore();
    MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));
    CapturingEmailSender email = new CapturingEmailSender();
    GatehouseConfig config =
        GatehouseConfig.builder()
            .clock(clock)
            .set(GatehouseConfig.SECRET_KEY, "a-test-secret-key-of-at-least-32-bytes")
            .build();
    try (Gatehouse gatehouse =
        Gatehouse.builder(config, store)
            .emailSender(email)
            .deliveryExecutor(Runnable::run) // mail goes out on the test's thread after commit
            .build()) {
      gatehouse
          .accounts()
          .register(
              RegistrationRequest.builder()
                  .email("ann@example.com")
                  .password("violet-orbit-7731")
                  .build());
      String mail = email.lastTo("ann@example.com").orElseThrow().textBody();
      Matcher link = Pattern.compile("token=([A-Za-z0-9_-]+)").matcher(mail);
      assertThat(link.find()).isTrue();
      String token = link.group(1);
      gatehouse.accounts().confirmEmail(token);
      SignInResult signedIn =
          gatehouse.accounts().login(LoginRequest.of("ann@example.com", "violet-orbit-7731"));
      assertThat(signedIn).isInstanceOf(SignInResult.SignedIn.class);
    }
    // snippet:end in-memory-host
  }

  /** A host's own work that fails takes the flow it ran with it, as in its database. */
  @Test
  void aHostsRollbackTakesTheFlowWithIt() {
    InMemoryAuthStore store = new InMemoryAuthStore();
    CapturingEmailSender email = new CapturingEmailSender();
    GatehouseConfig config =
        GatehouseConfig.builder()
            .set(GatehouseConfig.SECRET_KEY, "a-test-secret-key-of-at-least-32-bytes")
            .build();
    try (Gatehouse gatehouse =
        Gatehouse.builder(config, store)
            .emailSender(email)
            .deliveryExecutor(Runnable::run)
            .build()) {
      // snippet:start in-memory-rollback
      assertThatThrownBy(
              () ->
                  store.inTransaction(
                      tx -> {
                        gatehouse
                            .accounts()
                            .register(
                                RegistrationRequest.builder()
                                    .email("bob@example.com")
                                    .password("violet-orbit-7731")
                                    .build());
                        throw new IllegalStateException("the host's own work failed");
                      }))
          .hasMessage("the host's own work failed");
      assertThat(gatehouse.accounts().findByEmail("bob@example.com")).isEmpty();
      assertThat(email.sent()).isEmpty();
      // snippet:end in-memory-rollback
    }
  }

  /** What a flow logged, stored and queued, read back from the store. */
  @Test
  void aHostReadsBackWhatAFlowWrote() {
    InMemoryAuthStore store = new InMemoryAuthStore();
    CapturingSmsSender sms = new CapturingSmsSender();
    GatehouseConfig config =
        GatehouseConfig.builder()
            .set(GatehouseConfig.SECRET_KEY, "a-test-secret-key-of-at-least-32-bytes")
            .set(OtpSettings.OTP_SIGNUP_ALLOWED, true)
            .build();
    try (Gatehouse gatehouse =
        Gatehouse.builder(config, store).smsSender(sms).deliveryExecutor(Runnable::run).build()) {
      // snippet:start in-memory-read-back
      gatehouse.otp().request(OtpRequest.of("+447400123456", OtpChannel.SMS, OtpPurpose.LOGIN));
      String text = sms.lastTo("+447400123456").orElseThrow().body();
      String code = text.replaceAll("\\D+", " ").trim().split(" ")[0]; // the first number
      // The code is kept only as its keyed hash, and the log masks both number and code.
      assertThat(store.otpCodes("+447400123456"))
          .singleElement()
          .satisfies(c -> assertThat(c.codeHash()).doesNotContain(code));
      assertThat(store.deliveryLog())
          .singleElement()
          .satisfies(
              row -> {
                assertThat(row.status()).isEqualTo(DeliveryStatus.SENT);
                assertThat(row.maskedDestination()).doesNotContain("7400123456");
                assertThat(row.text()).doesNotContain(code);
              });
      // Sent, so its outbox entry no longer holds the sealed message.
      assertThat(store.outbox())
          .filteredOn(entry -> entry.channel().equals("sms"))
          .singleElement()
          .satisfies(entry -> assertThat(entry.sealedPayload()).isNull());
      // snippet:end in-memory-read-back
    }
  }
}
