package dev.gatehouse.core.account;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.entity.AbstractEmailLog;
import dev.gatehouse.core.entity.DeliveryStatus;
import dev.gatehouse.core.internal.GatehouseContext;
import dev.gatehouse.email.EmailContent;
import dev.gatehouse.email.EmailDeliveryException;
import dev.gatehouse.email.EmailMask;
import dev.gatehouse.email.EmailReceipt;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds confirmation and reset links from the configured frontend URL (never from a request) and
 * sends them after the flow committed, logging each send in the host's email log with the address
 * masked and without the link.
 */
final class LinkMailer {
  private static final Logger LOG = LoggerFactory.getLogger(LinkMailer.class);

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
   * Sends one link email. A delivery failure is logged and recorded, not thrown: the flow already
   * committed, and an error here would tell a caller that the address has an account.
   */
  void send(Mail mail) {
    Instant now = ctx.clock().instant();
    Locale locale =
        mail.language() == null || mail.language().isBlank()
            ? ctx.emailTemplates().defaultLocale()
            : Locale.forLanguageTag(mail.language());
    String link = link(mail.path(), mail.token());
    // The built-in templates show {code}; a host's own template may use {link}. Both get the link.
    EmailContent content =
        ctx.emailTemplates()
            .render(
                mail.purpose(),
                locale,
                Map.of(
                    "link", link,
                    "code", link,
                    "minutes", Long.toString(Math.max(1, mail.validity().toMinutes()))));
    String from = ctx.config().get(GatehouseConfig.DEFAULT_FROM_EMAIL);
    DeliveryStatus status;
    String messageId = null;
    String error = null;
    try {
      EmailReceipt receipt = ctx.emailSender().send(content.toMessage(mail.to(), from));
      status = DeliveryStatus.SENT;
      messageId = receipt.providerMessageId();
    } catch (EmailDeliveryException e) {
      status = DeliveryStatus.FAILED;
      error = e.getClass().getSimpleName() + (e.retryable() ? " (retryable)" : "");
      LOG.warn(
          "sending the {} email to {} failed: {}",
          mail.purpose(),
          EmailMask.mask(mail.to()),
          error);
    }
    DeliveryStatus finalStatus = status;
    String finalId = messageId;
    String finalError = error;
    try {
      ctx.store()
          .inTransaction(
              tx -> {
                AbstractEmailLog row = tx.newEmailLog();
                row.setMaskedDestination(EmailMask.mask(mail.to()));
                row.setTemplateName(mail.purpose());
                row.setProvider(ctx.emailSender().providerName());
                row.setStatus(finalStatus);
                row.setProviderMessageId(finalId);
                row.setError(finalError);
                row.setSubject(content.subject());
                row.setCreatedAt(now);
                tx.insert(row);
                return null;
              });
    } catch (RuntimeException e) {
      LOG.warn("writing the email log failed: {}", e.getClass().getSimpleName());
    }
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
