package dev.gatehouse.core.internal;

import dev.gatehouse.core.config.DeliverySettings;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.email.EmailRenderer;
import dev.gatehouse.email.EmailRenderer.EmailContent;
import dev.gatehouse.email.EmailSender.EmailMask;
import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.email.EmailTemplates;
import dev.gatehouse.sms.SmsSender.PhoneMask;
import dev.gatehouse.sms.SmsTemplates;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Security notices to an account's owner ("your password was changed"): rendered from the {@code
 * EmailTemplates}/{@code SmsTemplates} notice purposes, recorded in the outbox in the flow's
 * transaction and sent after its commit. They carry no code, link or secret. Thread-safe. Internal:
 * not API.
 */
public final class Notices {
  private final GatehouseConfig config;
  private final Clock clock;
  private final SmsTemplates smsTemplates;
  private final EmailTemplates emailTemplates;
  private final Outbox outbox;
  private final EmailRenderer emailRenderer;

  /** */
  public Notices(
      GatehouseConfig config,
      Clock clock,
      SmsTemplates smsTemplates,
      EmailTemplates emailTemplates,
      Outbox outbox,
      EmailRenderer emailRenderer) {
    this.config = config;
    this.clock = clock;
    this.smsTemplates = smsTemplates;
    this.emailTemplates = emailTemplates;
    this.outbox = outbox;
    this.emailRenderer = emailRenderer;
  }

  /**
   * Records a notice to the account's email, or by SMS to its phone when it has no email.
   *
   * @param tx the flow's transaction
   * @param user the account as the flow read it
   * @param purpose the template purpose, e.g. {@code password_changed}
   */
  public void toAccount(StoreTransaction tx, UserRecord user, String purpose) {
    if (user.email() != null) {
      email(tx, user.email(), user.language(), purpose);
    } else if (user.phone() != null) {
      sms(tx, user.phone(), user.language(), purpose);
    }
  }

  /**
   * Records a notice email to one address.
   *
   * @param tx the flow's transaction
   * @param to the address
   * @param language the recipient's language tag, or {@code null}
   * @param purpose the template purpose
   */
  public void email(StoreTransaction tx, String to, String language, String purpose) {
    Locale locale = locale(language, emailTemplates.defaultLocale());
    EmailContent content = emailRenderer.render(purpose, locale, Map.of());
    EmailMessage m = content.toMessage(to, config.get(GatehouseConfig.DEFAULT_FROM_EMAIL));
    enqueue(
        tx,
        new Outbox.Message(
            "email",
            purpose,
            EmailMask.mask(to),
            content.subject(),
            new PayloadSeal.Payload(
                m.to(), m.from(), m.subject(), m.textBody(), m.htmlBody(), null),
            config.get(DeliverySettings.DELIVERY_MAX_ATTEMPTS)));
  }

  /**
   * Records a notice SMS to one number.
   *
   * @param tx the flow's transaction
   * @param e164 the number
   * @param language the recipient's language tag, or {@code null}
   * @param purpose the template purpose
   */
  public void sms(StoreTransaction tx, String e164, String language, String purpose) {
    Locale locale = locale(language, smsTemplates.defaultLocale());
    String text = smsTemplates.render(purpose, locale, Map.of()).text();
    enqueue(
        tx,
        new Outbox.Message(
            "sms",
            purpose,
            PhoneMask.mask(e164),
            text,
            new PayloadSeal.Payload(e164, null, null, text, null, null),
            config.get(DeliverySettings.DELIVERY_MAX_ATTEMPTS)));
  }

  /**
   * Records a one-time code message (email or SMS) to one destination. The code is only in the
   * sealed payload; the log copy shows asterisks. One attempt: the code expires within minutes.
   *
   * @param tx the flow's transaction
   * @param sms whether it goes by SMS (else email)
   * @param to the address or E.164 number
   * @param language the recipient's language tag, or {@code null}
   * @param purpose the template purpose, e.g. {@code change_email}
   * @param code the code
   * @param validity how long it works
   */
  public void code(
      StoreTransaction tx,
      boolean sms,
      String to,
      String language,
      String purpose,
      String code,
      java.time.Duration validity) {
    String masked = "*".repeat(code.length());
    if (sms) {
      Locale locale = locale(language, smsTemplates.defaultLocale());
      String text = smsTemplates.render(purpose, locale, code, validity).text();
      String logged = smsTemplates.render(purpose, locale, masked, validity).text();
      enqueue(
          tx,
          new Outbox.Message(
              "sms",
              purpose,
              PhoneMask.mask(to),
              logged,
              new PayloadSeal.Payload(to, null, null, text, null, code),
              1));
      return;
    }
    Locale locale = locale(language, emailTemplates.defaultLocale());
    String minutes = Long.toString((validity.toSeconds() + 59) / 60);
    EmailContent content =
        emailRenderer.render(purpose, locale, Map.of("code", code, "minutes", minutes));
    String logged =
        emailRenderer.render(purpose, locale, Map.of("code", masked, "minutes", minutes)).subject();
    EmailMessage m = content.toMessage(to, config.get(GatehouseConfig.DEFAULT_FROM_EMAIL));
    enqueue(
        tx,
        new Outbox.Message(
            "email",
            purpose,
            EmailMask.mask(to),
            logged,
            new PayloadSeal.Payload(
                m.to(), m.from(), m.subject(), m.textBody(), m.htmlBody(), code),
            1));
  }

  private void enqueue(StoreTransaction tx, Outbox.Message message) {
    Instant now = clock.instant();
    outbox.enqueue(tx, outbox.seal(message), null, null, now);
  }

  private static Locale locale(String language, Locale fallback) {
    return language == null || language.isBlank() ? fallback : Locale.forLanguageTag(language);
  }
}
