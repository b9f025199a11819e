package dev.gatehouse.core.flows.otp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.OtpSettings;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Shared helpers for the OTP tests: fresh destinations, fresh time, the codes sent. */
public final class OtpWorld {
  private static final Instant BASE = Instant.parse("2026-03-01T10:00:00Z");
  // Counters live in the database a test class shares; giving every fixture its own day (always
  // later than the previous one) starts every rate-limit window afresh.
  private static final AtomicLong DAYS = new AtomicLong();

  private OtpWorld() {}

  /**
   * A Gatehouse on {@code db} whose shared limits are out of the way unless {@code tweak} sets
   * them.
   */
  public static GatehouseFixture gatehouse(
      StoreFixture db, UnaryOperator<GatehouseConfig.Builder> tweak) {
    GatehouseFixture f =
        new GatehouseFixture(
            db,
            b ->
                tweak.apply(
                    b.set(ThrottleSettings.SMS_MAX_PER_PREFIX, 1_000_000)
                        .set(ThrottleSettings.OTP_MAX_PER_IP, 100_000)));
    f.clock.set(BASE.plus(Duration.ofDays(2 * DAYS.incrementAndGet())));
    return f;
  }

  public static GatehouseFixture gatehouse(StoreFixture db) {
    return gatehouse(db, b -> b);
  }

  /** A Gatehouse on {@code db} with every limit at its default, on a day of its own. */
  public static GatehouseFixture gatehouseWithDefaultLimits(StoreFixture db) {
    GatehouseFixture f = new GatehouseFixture(db);
    f.clock.set(BASE.plus(Duration.ofDays(2 * DAYS.incrementAndGet())));
    return f;
  }

  // Logs keep only the last two digits of a number, so numbers made in one test differ there.
  private static final AtomicLong ENDINGS = new AtomicLong();

  /** A fresh, valid UK mobile number in E.164. */
  public static String phone() {
    return phoneInRange(0);
  }

  /** A fresh UK mobile number in another number range (another SMS-pumping prefix). */
  public static String phoneInRange(int range) {
    String ending = String.format("%02d", ENDINGS.incrementAndGet() % 100);
    return "+4474"
        + String.format("%02d", range)
        + (1000 + ThreadLocalRandom.current().nextInt(9000))
        + ending;
  }

  public static String email() {
    return "u" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "@Example.test";
  }

  public static String ip() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
  }

  /** The code in the newest SMS to {@code e164}. */
  public static String smsCode(GatehouseFixture f, String e164) {
    return extract(f.sms.lastTo(e164).orElseThrow().body(), f);
  }

  /** The code in the newest email to {@code address}. */
  public static String emailCode(GatehouseFixture f, String address) {
    return extract(f.email.lastTo(address).orElseThrow().textBody(), f);
  }

  private static String extract(String text, GatehouseFixture f) {
    int length = f.gatehouse.config().get(OtpSettings.OTP_LENGTH);
    Matcher m = Pattern.compile("(?<!\\d)\\d{" + length + "}(?!\\d)").matcher(text);
    if (!m.find()) {
      throw new AssertionError("no code in the message");
    }
    return m.group();
  }

  /** A code of the right shape that differs from {@code code}. */
  public static String wrong(String code) {
    char last = code.charAt(code.length() - 1);
    return code.substring(0, code.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
  }

  public static AuthException error(ThrowingCallable call) {
    Throwable t = catchThrowable(call);
    assertThat(t).as("expected an AuthException").isInstanceOf(AuthException.class);
    return (AuthException) t;
  }
}
