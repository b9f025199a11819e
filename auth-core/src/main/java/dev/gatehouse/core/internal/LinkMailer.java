package dev.gatehouse.core.internal;

import dev.gatehouse.core.config.AccountSettings;
import dev.gatehouse.core.config.DeliverySettings;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.Setting;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.signin.Counters;
import dev.gatehouse.core.signin.LinkMail;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.email.EmailRenderer;
import dev.gatehouse.email.EmailRenderer.EmailContent;
import dev.gatehouse.email.EmailSender.EmailMask;
import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.email.EmailTemplates;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Builds the emailed links (confirmation, reset, sign-in) from the configured frontend URL (never
 * from a request) and records them in the outbox; the delivery dispatcher sends them after commit
 * and logs each attempt in the host's email log with the address masked and without the link. Also
 * holds the one limit of link mails per address. Internal: not API.
 */
public final class LinkMailer {
  private final GatehouseConfig config;
  private final Clock clock;
  private final SecretHasher secrets;
  private final EmailTemplates emailTemplates;
  private final Outbox outbox;
  private final EmailRenderer emailRenderer;

  /** */
  public LinkMailer(
      GatehouseConfig config,
      Clock clock,
      SecretHasher secrets,
      EmailTemplates emailTemplates,
      Outbox outbox,
      EmailRenderer emailRenderer) {
    this.config = config;
    this.clock = clock;
    this.secrets = secrets;
    this.emailTemplates = emailTemplates;
    this.outbox = outbox;
    this.emailRenderer = emailRenderer;
  }

  /**
   * Counts one link mail to an address and answers whether it is within {@code
   * gatehouse.otp.max-per-destination} an hour (always, when throttling is off).
   *
   * @param tx the transaction that sends the mail
   * @param purpose the link's purpose (each purpose has its own count)
   * @param canonical the address's canonical form
   * @param now the current time
   * @return whether the mail may be sent
   */
  public boolean underMailLimit(
      StoreTransaction tx, String purpose, String canonical, Instant now) {
    if (!config.get(ThrottleSettings.THROTTLE_ENABLED)) {
      return true;
    }
    return Counters.MAIL_TO_ADDRESS
        .count(config, tx, now, purpose, secrets.hash("mail-bucket", canonical))
        .isEmpty();
  }

  /**
   * The link of {@code template} (a setting such as {@link AccountSettings#CONFIRMATION_LINK})
   * under the frontend URL, carrying the token and the account's {@code uid}.
   */
  private String link(Setting<String> template, String token, UUID account) {
    String base = config.get(GatehouseConfig.FRONTEND_URL).toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    // Tokens and uids are base64url, so they need no escaping in a path or query.
    return base + config.get(template).replace("{uid}", uid(account)).replace("{token}", token);
  }

  /**
   * The {@code uid} of a link: the account's public id as base64url without padding, the shape of
   * Django's {@code urlsafe_base64_encode} that jb-drf-auth front ends pass back.
   *
   * @param account the account's public id, or {@code null} for a link to no account yet
   * @return the uid, empty without an account
   */
  private static String uid(UUID account) {
    if (account == null) {
      return "";
    }
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(account.toString().getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Records one link email in the outbox, in {@code tx}: the flow's own transaction (the host's,
   * when Gatehouse joined one), so the email exists exactly when the change that causes it does. It
   * is sent after commit. Never waits for the provider, so the caller's answer and timing do not
   * depend on whether the address has an account.
   *
   * @param tx the flow's transaction
   * @param mail the mail
   */
  public void send(StoreTransaction tx, LinkMail mail) {
    send(tx, mail, null);
  }

  /**
   * As {@link #send(StoreTransaction, LinkMail)}, for a mail that carries a code beside its link
   * (the template's <code>{code}</code>; without one, <code>{code}</code> is the link too).
   *
   * @param tx the flow's transaction
   * @param mail the mail
   * @param code the code to show, or {@code null}
   */
  public void send(StoreTransaction tx, LinkMail mail, String code) {
    Instant now = clock.instant();
    Locale locale =
        mail.language() == null || mail.language().isBlank()
            ? emailTemplates.defaultLocale()
            : Locale.forLanguageTag(mail.language());
    String link = link(mail.link(), mail.token(), mail.account());
    String minutes = Long.toString(Math.max(1, mail.validity().toMinutes()));
    // A host's older template may show {code} for a link: without a code of its own, both are it.
    EmailContent content =
        emailRenderer.render(
            mail.purpose(),
            locale,
            Map.of("link", link, "code", code == null ? link : code, "minutes", minutes));
    String from = config.get(GatehouseConfig.DEFAULT_FROM_EMAIL);
    EmailMessage message = content.toMessage(mail.to(), from);
    Outbox.Message queued =
        new Outbox.Message(
            "email",
            mail.purpose(),
            EmailMask.mask(mail.to()),
            content.subject(),
            new PayloadSeal.Payload(
                message.to(),
                message.from(),
                message.subject(),
                message.textBody(),
                message.htmlBody(),
                mail.token()),
            config.get(DeliverySettings.DELIVERY_MAX_ATTEMPTS));
    Outbox.Sealed sealed = outbox.seal(queued);
    outbox.enqueue(tx, sealed, null, null, now);
  }
}
