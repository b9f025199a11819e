package dev.gatehouse.core.account;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.internal.GatehouseContext;
import dev.gatehouse.core.internal.Outbox;
import dev.gatehouse.core.internal.PayloadSeal;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.email.EmailContent;
import dev.gatehouse.email.EmailMask;
import dev.gatehouse.email.EmailMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Builds confirmation and reset links from the configured frontend URL (never from a request) and
 * records them in the outbox; the delivery dispatcher sends them after commit and logs each attempt
 * in the host's email log with the address masked and without the link.
 */
final class LinkMailer {
  /** Path under the frontend URL where the confirmation page lives. */
  static final String CONFIRM_PATH = "/confirm-email";

  /** Path under the frontend URL where the reset page lives. */
  static final String RESET_PATH = "/reset-password";

  private final GatehouseContext ctx;

  LinkMailer(GatehouseContext ctx) {
    this.ctx = ctx;
  }

  /** A link to {@code path} under the frontend URL carrying the token. */
  String link(String path, String token) {
    String base = ctx.config().get(GatehouseConfig.FRONTEND_URL).toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    // Tokens are base64url, so they need no escaping in a query.
    return base + path + "?token=" + token;
  }

  /**
   * Records one link email in the outbox, in {@code tx}: the flow's own transaction (the host's,
   * when Gatehouse joined one), so the email exists exactly when the change that causes it does. It
   * is sent after commit. Never waits for the provider, so the caller's answer and timing do not
   * depend on whether the address has an account.
   */
  void send(StoreTransaction tx, Mail mail) {
    Instant now = ctx.clock().instant();
    Locale locale =
        mail.language() == null || mail.language().isBlank()
            ? ctx.emailTemplates().defaultLocale()
            : Locale.forLanguageTag(mail.language());
    String link = link(mail.path(), mail.token());
    String minutes = Long.toString(Math.max(1, mail.validity().toMinutes()));
    // The built-in templates show {code}; a host's own template may use {link}. Both get the link.
    EmailContent content =
        ctx.emailRenderer()
            .render(
                mail.purpose(),
                locale,
                ctx.emailValues(Map.of("link", link, "code", link, "minutes", minutes)));
    String from = ctx.config().get(GatehouseConfig.DEFAULT_FROM_EMAIL);
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
            ctx.config().get(GatehouseConfig.DELIVERY_MAX_ATTEMPTS));
    Outbox.Sealed sealed = ctx.outbox().seal(queued);
    ctx.outbox().enqueue(tx, sealed, null, null, now);
  }

  /**
   * One email to send after commit.
   *
   * @param to the address as stored
   * @param purpose the template purpose
   * @param path the frontend path
   * @param token the raw token (only ever in the email)
   * @param validity how long the link works
   * @param language the recipient's language tag, or {@code null}
   */
  record Mail(
      String to, String purpose, String path, String token, Duration validity, String language) {
    @Override
    public String toString() {
      return "Mail[" + purpose + "]";
    }
  }
}
