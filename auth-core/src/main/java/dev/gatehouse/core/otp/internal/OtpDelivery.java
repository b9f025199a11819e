package dev.gatehouse.core.otp.internal;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.internal.Outbox;
import dev.gatehouse.core.internal.PayloadSeal.Payload;
import dev.gatehouse.core.otp.OtpService;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.store.DeliveryLogStore;
import dev.gatehouse.core.store.DeliveryLogStore.DeliveryStatus;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.email.EmailRenderer;
import dev.gatehouse.email.EmailRenderer.EmailContent;
import dev.gatehouse.email.EmailSender;
import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.email.EmailTemplates;
import dev.gatehouse.sms.SmsSender;
import dev.gatehouse.sms.SmsTemplates;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place in this package that renders code messages and hands them to the outbox ({@link
 * #enqueue}, in the issuing transaction; the delivery dispatcher sends them after commit), and
 * writes the delivery-log row of a message that was never sent ({@link #logBlocked}).
 */
final class OtpDelivery {
  // Logged under the facade's name, as before the split, so hosts' logging settings still apply.
  private static final Logger LOG = LoggerFactory.getLogger(OtpService.class);

  private final GatehouseConfig config;
  private final SmsSender smsSender;
  private final EmailSender emailSender;
  private final SmsTemplates smsTemplates;
  private final EmailTemplates emailTemplates;
  private final Outbox outbox;
  private final EmailRenderer emailRenderer;

  OtpDelivery(
      GatehouseConfig config,
      SmsSender smsSender,
      EmailSender emailSender,
      SmsTemplates smsTemplates,
      EmailTemplates emailTemplates,
      Outbox outbox,
      EmailRenderer emailRenderer) {
    this.config = config;
    this.smsSender = smsSender;
    this.emailSender = emailSender;
    this.smsTemplates = smsTemplates;
    this.emailTemplates = emailTemplates;
    this.outbox = outbox;
    this.emailRenderer = emailRenderer;
  }

  /** The language of a request that names none. */
  Locale defaultLocale(OtpChannel channel) {
    return channel == OtpChannel.SMS
        ? smsTemplates.defaultLocale()
        : emailTemplates.defaultLocale();
  }

  /** Renders the message and its code-free copy for the log; writes nothing. */
  Outgoing render(OtpTarget t, OtpPurpose purpose, Locale locale, String code, Duration validity) {
    // The log copy is rendered with asterisks in place of the code rather than by replacing the
    // code in the text, which could also hit the same digits elsewhere in the message.
    String masked = "*".repeat(code.length());
    if (t.channel() == OtpChannel.SMS) {
      return new Outgoing(
          smsTemplates.render(purpose.code(), locale, code, validity).text(),
          smsTemplates.render(purpose.code(), locale, masked, validity).text(),
          null,
          null);
    }
    EmailContent content =
        emailRenderer.render(purpose.code(), locale, emailValues(code, validity));
    EmailContent logged =
        emailRenderer.render(purpose.code(), locale, emailValues(masked, validity));
    return new Outgoing(null, null, content, logged.subject());
  }

  private Map<String, String> emailValues(String code, Duration validity) {
    long minutes = (validity.toSeconds() + 59) / 60;
    return Map.of("code", code, "minutes", Long.toString(minutes));
  }

  /**
   * Seals the code's message for the outbox, before anything is written. A code message gets one
   * attempt (the code expires within minutes): when no provider accepts it, the dispatcher drops
   * the code and frees the cooldown, so the user may ask again at once.
   */
  Outbox.Sealed seal(OtpTarget t, OtpPurpose purpose, String code, Outgoing outgoing) {
    Payload payload;
    String loggedText;
    if (t.channel() == OtpChannel.SMS) {
      payload = new Payload(t.address(), null, null, outgoing.body(), null, code);
      loggedText = outgoing.loggedBody();
    } else {
      EmailMessage m =
          outgoing.email().toMessage(t.address(), config.get(GatehouseConfig.DEFAULT_FROM_EMAIL));
      payload = new Payload(m.to(), m.from(), m.subject(), m.textBody(), m.htmlBody(), code);
      loggedText = outgoing.loggedSubject();
    }
    return outbox.seal(
        new Outbox.Message(t.channel().code(), purpose.code(), t.masked(), loggedText, payload, 1));
  }

  /**
   * Records the sealed message in the outbox, in the issuing transaction; the delivery dispatcher
   * sends it after commit and logs every attempt.
   *
   * @param codeId the stored code the message carries
   * @param releaseKey the cooldown claim, or {@code null}
   */
  void enqueue(
      StoreTransaction tx,
      OtpTarget t,
      OtpPurpose purpose,
      Outbox.Sealed sealed,
      Long codeId,
      @Nullable String releaseKey,
      Instant now) {
    outbox.enqueue(tx, sealed, codeId, releaseKey, now);
    LOG.info("OTP {} for {} to {} queued", t.channel().code(), purpose.code(), t.masked());
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
    tx.deliveryLogs()
        .record(
            new DeliveryLogStore.Entry(
                t.channel().code(),
                t.masked(),
                purpose.code(),
                provider,
                status,
                messageId,
                error,
                t.channel() == OtpChannel.SMS ? outgoing.loggedBody() : outgoing.loggedSubject(),
                at));
  }

  private String providerName(OtpChannel channel) {
    return channel == OtpChannel.SMS ? smsSender.providerName() : emailSender.providerName();
  }

  /** The rendered message and its code-free copy for the log. */
  record Outgoing(String body, String loggedBody, EmailContent email, String loggedSubject) {
    @Override
    public String toString() {
      return "Outgoing[...]";
    }
  }
}
