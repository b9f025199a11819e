package dev.gatehouse.jpa.otp;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.OtpSettings;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.entity.DeliveryStatus;
import dev.gatehouse.core.store.DefaultEntities;
import dev.gatehouse.email.EmailMask;
import dev.gatehouse.jpa.fixture.GatehouseFixture;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.sms.PhoneMask;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Shared helpers for the OTP tests: fresh destinations, fresh time, reading codes and logs. */
final class OtpWorld {
  private static final Instant BASE = Instant.parse("2026-03-01T10:00:00Z");
  // Counters live in the database a test class shares; giving every fixture its own day (always
  // later than the previous one) starts every rate-limit window afresh.
  private static final AtomicLong DAYS = new AtomicLong();

  private OtpWorld() {}

  /**
   * A Gatehouse on {@code db} whose shared limits are out of the way unless {@code tweak} sets
   * them.
   */
  static GatehouseFixture gatehouse(JpaFixture db, UnaryOperator<GatehouseConfig.Builder> tweak) {
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

  static GatehouseFixture gatehouse(JpaFixture db) {
    return gatehouse(db, b -> b);
  }

  /** A Gatehouse on {@code db} with every limit at its default, on a day of its own. */
  static GatehouseFixture gatehouseWithDefaultLimits(JpaFixture db) {
    GatehouseFixture f = new GatehouseFixture(db);
    f.clock.set(BASE.plus(Duration.ofDays(2 * DAYS.incrementAndGet())));
    return f;
  }

  // Logs keep only the last two digits of a number, so numbers made in one test differ there.
  private static final AtomicLong ENDINGS = new AtomicLong();

  /** A fresh, valid UK mobile number in E.164. */
  static String phone() {
    return phoneInRange(0);
  }

  /** A fresh UK mobile number in another number range (another SMS-pumping prefix). */
  static String phoneInRange(int range) {
    String ending = String.format("%02d", ENDINGS.incrementAndGet() % 100);
    return "+4474"
        + String.format("%02d", range)
        + (1000 + ThreadLocalRandom.current().nextInt(9000))
        + ending;
  }

  static String email() {
    return "u" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "@Example.test";
  }

  static String ip() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
  }

  /** The code in the newest SMS to {@code e164}. */
  static String smsCode(GatehouseFixture f, String e164) {
    return extract(f.sms.lastTo(e164).orElseThrow().body(), f);
  }

  /** The code in the newest email to {@code address}. */
  static String emailCode(GatehouseFixture f, String address) {
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
  static String wrong(String code) {
    char last = code.charAt(code.length() - 1);
    return code.substring(0, code.length() - 1) + (char) ('0' + (last - '0' + 1) % 10);
  }

  /** One delivery-log row, read back. */
  record LogRow(
      String destination,
      String template,
      String provider,
      DeliveryStatus status,
      String messageId,
      String error,
      String text) {}

  /** SMS log rows for {@code e164} written on the fixture's current day (masks can collide). */
  static List<LogRow> smsLogs(GatehouseFixture f, String e164) {
    EntityManager em = f.db.emf.createEntityManager();
    try {
      return em.createQuery(
              "select l from "
                  + entity(f.db, DefaultEntities.SmsLog.class)
                  + " l where l.maskedDestination = :d and l.createdAt >= :from"
                  + " order by l.id",
              DefaultEntities.SmsLog.class)
          .setParameter("d", PhoneMask.mask(e164))
          .setParameter("from", f.clock.instant().truncatedTo(ChronoUnit.DAYS))
          .getResultStream()
          .map(
              l ->
                  new LogRow(
                      l.getMaskedDestination(),
                      l.getTemplateName(),
                      l.getProvider(),
                      l.getStatus(),
                      l.getProviderMessageId(),
                      l.getError(),
                      l.getMessage()))
          .toList();
    } finally {
      em.close();
    }
  }

  /** Email log rows for {@code canonical} written on the fixture's current day. */
  static List<LogRow> emailLogs(GatehouseFixture f, String canonical) {
    EntityManager em = f.db.emf.createEntityManager();
    try {
      return em.createQuery(
              "select l from "
                  + entity(f.db, DefaultEntities.EmailLog.class)
                  + " l where l.maskedDestination = :d and l.createdAt >= :from"
                  + " order by l.id",
              DefaultEntities.EmailLog.class)
          .setParameter("d", EmailMask.mask(canonical))
          .setParameter("from", f.clock.instant().truncatedTo(ChronoUnit.DAYS))
          .getResultStream()
          .map(
              l ->
                  new LogRow(
                      l.getMaskedDestination(),
                      l.getTemplateName(),
                      l.getProvider(),
                      l.getStatus(),
                      l.getProviderMessageId(),
                      l.getError(),
                      l.getSubject()))
          .toList();
    } finally {
      em.close();
    }
  }

  /** Code rows for a destination, oldest first. */
  static List<DefaultEntities.OtpCode> codes(JpaFixture db, String destination) {
    EntityManager em = db.emf.createEntityManager();
    try {
      return em.createQuery(
              "select o from "
                  + entity(db, DefaultEntities.OtpCode.class)
                  + " o left join fetch o.user where o.destination = :d order by o.id",
              DefaultEntities.OtpCode.class)
          .setParameter("d", destination)
          .getResultList();
    } finally {
      em.close();
    }
  }

  private static String entity(JpaFixture db, Class<?> type) {
    return db.emf.getMetamodel().entity(type).getName();
  }
}
