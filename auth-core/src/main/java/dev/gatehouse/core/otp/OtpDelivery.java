package dev.gatehouse.core.otp;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.entity.AbstractEmailLog;
import dev.gatehouse.core.entity.AbstractSmsLog;
import dev.gatehouse.core.entity.DeliveryLogBase;
import dev.gatehouse.core.entity.DeliveryStatus;
import dev.gatehouse.core.error.AuthInfrastructureException;
import dev.gatehouse.core.internal.GatehouseContext;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.email.EmailContent;
import dev.gatehouse.email.EmailReceipt;
import dev.gatehouse.sms.SmsDeliveryException;
import dev.gatehouse.sms.SmsMessage;
import dev.gatehouse.sms.SmsReceipt;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place in this package that renders code messages, calls the SMS and email providers and
 * writes the SMS and email delivery logs. {@link #deliver} sends outside any transaction and then
 * records the outcome in one transaction together with the caller's own writes; {@link #logBlocked}
 * records a message that was never sent.
 */
final class OtpDelivery {
  // Logged under the facade's name, as before the split, so hosts' logging settings still apply.
  private static final Logger LOG = LoggerFactory.getLogger(OtpService.class);

  private final GatehouseContext ctx;

  OtpDelivery(GatehouseContext ctx) {
    this.ctx = ctx;
  }

  /** What the issuing flow writes in the transaction that records a delivery's outcome. */
  @FunctionalInterface
  interface Step {
    void run(StoreTransaction tx, Instant at);
  }

  /** The language of a request that names none. */
  Locale defaultLocale(OtpChannel channel) {
    return channel == OtpChannel.SMS
        ? ctx.smsTemplates().defaultLocale()
        : ctx.emailTemplates().defaultLocale();
  }

  /** Renders the message and its code-free copy for the log; writes nothing. */
  Outgoing render(OtpTarget t, OtpPurpose purpose, Locale locale, String code, Duration validity) {
    // The log copy is rendered with asterisks in place of the code rather than by replacing the
    // code in the text, which could also hit the same digits elsewhere in the message.
    String masked = "*".repeat(code.length());
    if (t.channel() == OtpChannel.SMS) {
      return new Outgoing(
          ctx.smsTemplates().render(purpose.code(), locale, code, validity).text(),
          ctx.smsTemplates().render(purpose.code(), locale, masked, validity).text(),
          null,
          null);
    }
    EmailContent content = ctx.emailTemplates().render(purpose.code(), locale, code, validity);
    EmailContent logged = ctx.emailTemplates().render(purpose.code(), locale, masked, validity);
    return new Outgoing(null, null, content, logged.subject());
  }

  /**
   * Sends the message, then in one transaction runs {@code onSent} and writes the {@code SENT} log
   * row. When the provider fails (error, timeout, garbage answer), writes the {@code FAILED} log
   * row, runs {@code onFailed} in that same transaction, and throws a retryable {@code
   * delivery_failed} that carries neither the code nor, when it mentions the code, the cause.
   *
   * @throws AuthInfrastructureException {@code delivery_failed}
   */
  void deliver(
      OtpTarget t, OtpPurpose purpose, String code, Outgoing outgoing, Step onSent, Step onFailed) {
    Sent sent;
    try {
      sent = send(t, outgoing);
    } catch (RuntimeException e) {
      // Provider errors, timeouts and garbage answers all end here: nothing was recorded yet.
      throw failed(t, purpose, code, outgoing, onFailed, e);
    }
    Instant sentAt = ctx.clock().instant();
    ctx.store()
        .inTransaction(
            tx -> {
              onSent.run(tx, sentAt);
              writeLog(
                  tx,
                  t,
                  purpose,
                  outgoing,
                  DeliveryStatus.SENT,
                  sent.provider(),
                  sent.messageId(),
                  null,
                  sentAt);
              return null;
            });
    LOG.info(
        "OTP {} for {} sent to {} through {}",
        t.channel().code(),
        purpose.code(),
        t.masked(),
        sent.provider());
  }

  /** Records, in the caller's transaction, a message that was blocked and never sent. */
  void logBlocked(
      StoreTransaction tx,
      OtpTarget t,
      OtpPurpose purpose,
      Outgoing outgoing,
      String reason,
      Instant now) {
    writeLog(
        tx,
        t,
        purpose,
        outgoing,
        DeliveryStatus.BLOCKED,
        providerName(t.channel()),
        null,
        reason,
        now);
  }

  private AuthInfrastructureException failed(
      OtpTarget t,
      OtpPurpose purpose,
      String code,
      Outgoing outgoing,
      Step onFailed,
      RuntimeException e) {
    String error = redact(describe(e), code);
    Instant at = ctx.clock().instant();
    AuthInfrastructureException failure =
        new AuthInfrastructureException(
            "delivery_failed",
            "the "
                + t.channel().code()
                + " provider did not accept the message; no code was issued",
            true,
            // A provider that echoed the message text would carry the code in its exception.
            mentions(e, code) ? null : e);
    try {
      ctx.store()
          .inTransaction(
              tx -> {
                writeLog(
                    tx,
                    t,
                    purpose,
                    outgoing,
                    DeliveryStatus.FAILED,
                    providerName(t.channel()),
                    null,
                    error,
                    at);
                onFailed.run(tx, at);
                return null;
              });
    } catch (RuntimeException logFailure) {
      failure.addSuppressed(logFailure);
    }
    LOG.warn(
        "OTP {} for {} to {} failed: {}", t.channel().code(), purpose.code(), t.masked(), error);
    return failure;
  }

  private Sent send(OtpTarget t, Outgoing outgoing) {
    if (t.channel() == OtpChannel.SMS) {
      SmsReceipt r = ctx.smsSender().send(new SmsMessage(t.address(), outgoing.body(), null));
      return new Sent(r.provider(), r.providerMessageId());
    }
    EmailReceipt r =
        ctx.emailSender()
            .send(
                outgoing
                    .email()
                    .toMessage(t.address(), ctx.config().get(GatehouseConfig.DEFAULT_FROM_EMAIL)));
    return new Sent(r.provider(), r.providerMessageId());
  }

  private void writeLog(
      StoreTransaction tx,
      OtpTarget t,
      OtpPurpose purpose,
      Outgoing outgoing,
      DeliveryStatus status,
      String provider,
      String messageId,
      String error,
      Instant at) {
    DeliveryLogBase row;
    if (t.channel() == OtpChannel.SMS) {
      AbstractSmsLog sms = tx.newSmsLog();
      sms.setMessage(outgoing.loggedBody());
      row = sms;
    } else {
      AbstractEmailLog email = tx.newEmailLog();
      email.setSubject(outgoing.loggedSubject());
      row = email;
    }
    row.setMaskedDestination(t.masked());
    row.setTemplateName(purpose.code());
    row.setProvider(provider);
    row.setStatus(status);
    row.setProviderMessageId(messageId);
    row.setError(error);
    row.setCreatedAt(at);
    tx.insert(row);
  }

  private String providerName(OtpChannel channel) {
    return channel == OtpChannel.SMS
        ? ctx.smsSender().providerName()
        : ctx.emailSender().providerName();
  }

  private static String describe(RuntimeException e) {
    StringBuilder s = new StringBuilder(e.getClass().getSimpleName());
    if (e.getMessage() != null) {
      s.append(": ").append(e.getMessage());
    }
    if (e instanceof SmsDeliveryException
        && ((SmsDeliveryException) e).providerErrorCode() != null) {
      s.append(" (provider error ")
          .append(((SmsDeliveryException) e).providerErrorCode())
          .append(')');
    }
    return s.toString();
  }

  private static String redact(String text, String code) {
    return text.replace(code, "*".repeat(code.length()));
  }

  private static boolean mentions(Throwable e, String code) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c.getMessage() != null && c.getMessage().contains(code)) {
        return true;
      }
      for (Throwable s : c.getSuppressed()) {
        if (mentions(s, code)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The rendered message and its code-free copy for the log. */
  record Outgoing(String body, String loggedBody, EmailContent email, String loggedSubject) {
    @Override
    public String toString() {
      return "Outgoing[...]";
    }
  }

  private record Sent(String provider, String messageId) {}
}
