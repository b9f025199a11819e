package dev.gatehouse.core.flows.otp;

import static dev.gatehouse.core.flows.otp.OtpRows.codes;
import static dev.gatehouse.core.flows.otp.OtpWorld.emailCode;
import static dev.gatehouse.core.flows.otp.OtpWorld.gatehouseWithDefaultLimits;
import static dev.gatehouse.core.flows.otp.OtpWorld.ip;
import static dev.gatehouse.core.flows.otp.OtpWorld.wrong;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.config.OtpSettings;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.testing.Bursts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Bursts of code requests with the default limits: every request is either sent or refused as
 * limited, never failed by the database, and the limits hold exactly.
 */
class OtpBurstTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final int THREADS = 16;
  private static final String SENT = "sent";

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  /**
   * Each burst comes from one new client IP, to as many new destinations: the first request creates
   * the IP's row while the others wait for it, and once the IP is over its limit the refusals still
   * create their cooldown claims and destinations' rows.
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void burstsFromNewIpsToNewDestinationsAreSentOrLimitedNeverStorageFailures(StoreKind kind)
      throws Exception {
    GatehouseFixture f = gatehouseWithDefaultLimits(FIXTURES.get(kind));
    int perIp = f.gatehouse.config().get(ThrottleSettings.OTP_MAX_PER_IP);
    for (int round = 0; round < 4; round++) {
      ClientInfo client = ClientInfo.web(ip());
      int queued = f.email.sent().size();
      List<String> destinations = new ArrayList<>();
      List<String> answers = new ArrayList<>();
      int remaining = perIp;
      // Bursts from one IP until it is over its limit: it lets exactly perIp through.
      for (int burst = 0; remaining > 0 || burst < 2; burst++) {
        List<String> to = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
          to.add(email());
        }
        destinations.addAll(to);
        AtomicInteger next = new AtomicInteger();
        List<String> codes = burst(() -> request(f, to.get(next.getAndIncrement()), client));
        int allowed = Math.min(remaining, THREADS);
        assertThat(codes)
            .as("round %d burst %d", round, burst)
            .filteredOn(SENT::equals)
            .hasSize(allowed);
        assertThat(codes)
            .as("round %d burst %d", round, burst)
            .filteredOn(c -> !c.equals(SENT))
            .hasSize(THREADS - allowed)
            .allMatch("rate_limited"::equals);
        remaining -= allowed;
        answers.addAll(codes);
      }
      assertThat(answers).filteredOn(SENT::equals).hasSize(perIp);
      assertThat(destinations.stream().mapToInt(d -> codes(f, d).size()).sum())
          .as("codes issued")
          .isEqualTo(perIp);
      assertThat(f.email.sent().size() - queued).as("messages sent").isEqualTo(perIp);
    }
  }

  /**
   * Each burst asks for codes to one destination, every request from a new client IP (its row is
   * created in the request's transaction), once per cooldown until the destination's hourly limit
   * is spent: exactly one per cooldown is sent until then, and none after.
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void burstsFromNewIpsToOneDestinationSendOnePerCooldownUpToItsLimit(StoreKind kind)
      throws Exception {
    GatehouseFixture f = gatehouseWithDefaultLimits(FIXTURES.get(kind));
    int perDestination = f.gatehouse.config().get(ThrottleSettings.OTP_MAX_PER_DESTINATION);
    Duration cooldown = f.gatehouse.config().get(OtpSettings.OTP_RESEND_COOLDOWN);
    String to = email();
    for (int burst = 0; burst < perDestination + 2; burst++) {
      List<String> codes = burst(() -> request(f, to, ClientInfo.web(ip())));
      assertThat(codes).as("burst %d", burst).doesNotContain("storage_failed");
      if (burst < perDestination) {
        assertThat(codes).as("burst %d", burst).filteredOn(SENT::equals).hasSize(1);
        assertThat(codes).filteredOn(c -> !c.equals(SENT)).containsOnly("otp_cooldown");
      } else {
        assertThat(codes).as("burst %d", burst).containsOnly("rate_limited");
      }
      f.clock.advance(cooldown);
    }
    assertThat(codes(f, to)).as("codes issued").hasSize(perDestination);
    assertThat(f.email.sent().stream().filter(m -> m.to().equals(to)))
        .as("messages sent")
        .hasSize(perDestination);
  }

  /**
   * Each burst guesses wrong codes for a fresh code: exactly its allowed attempts are refused as
   * wrong codes (the last of them burns it) and the rest as burned, and the right code is burned
   * too.
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void burstsOfWrongCodesCountExactlyTheAllowedAttemptsNeverStorageFailures(StoreKind kind)
      throws Exception {
    GatehouseFixture f = gatehouseWithDefaultLimits(FIXTURES.get(kind));
    int maxAttempts = f.gatehouse.config().get(OtpSettings.OTP_MAX_ATTEMPTS);
    Duration cooldown = f.gatehouse.config().get(OtpSettings.OTP_RESEND_COOLDOWN);
    for (int round = 0; round < 3; round++) {
      String to = email();
      assertThat(request(f, to, ClientInfo.web(ip()))).isEqualTo(SENT);
      String code = emailCode(f, to);
      List<String> answers = burst(() -> verify(f, to, wrong(code)));
      assertThat(answers)
          .as("round %d", round)
          .filteredOn("invalid_code"::equals)
          .hasSize(maxAttempts);
      assertThat(answers)
          .as("round %d", round)
          .filteredOn(c -> !c.equals("invalid_code"))
          .hasSize(THREADS - maxAttempts)
          .allMatch("code_burned"::equals);
      // Guesses that raced past the cap are counted too (that is how they are told apart).
      assertThat(codes(f, to).get(0).attempts()).isBetween(maxAttempts, THREADS);
      assertThat(codes(f, to)).hasSize(1);
      assertThat(verify(f, to, code)).isEqualTo("code_burned");
      f.clock.advance(cooldown);
    }
  }

  private static String verify(GatehouseFixture f, String to, String code) {
    try {
      f.gatehouse.otp().verify(to, OtpChannel.EMAIL, OtpPurpose.LOGIN, code);
      return "verified";
    } catch (AuthException e) {
      return e.code();
    }
  }

  private static String email() {
    return OtpWorld.email().toLowerCase(Locale.ROOT);
  }

  private static String request(GatehouseFixture f, String to, ClientInfo client) {
    try {
      f.gatehouse
          .otp()
          .request(OtpRequest.of(to, OtpChannel.EMAIL, OtpPurpose.LOGIN).withClient(client));
      return SENT;
    } catch (AuthException e) {
      return e.code();
    }
  }

  /** Runs {@link #THREADS} copies of {@code task} released together; answers their results. */
  private static List<String> burst(Callable<String> task) throws Exception {
    return Bursts.run(THREADS, task);
  }
}
