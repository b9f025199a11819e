package dev.gatehouse.jpa.otp;

import dev.gatehouse.core.entity.DeliveryLogBase.DeliveryStatus;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.store.DefaultEntities;
import dev.gatehouse.email.EmailSender.EmailMask;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.sms.SmsSender.PhoneMask;
import jakarta.persistence.EntityManager;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** The OTP tests' reads of code and log rows, through JPA. */
final class OtpRows {
  private OtpRows() {}

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
    EntityManager em = JpaFixture.of(f).emf.createEntityManager();
    try {
      return em.createQuery(
              "select l from "
                  + entity(JpaFixture.of(f), DefaultEntities.SmsLog.class)
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
    EntityManager em = JpaFixture.of(f).emf.createEntityManager();
    try {
      return em.createQuery(
              "select l from "
                  + entity(JpaFixture.of(f), DefaultEntities.EmailLog.class)
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
