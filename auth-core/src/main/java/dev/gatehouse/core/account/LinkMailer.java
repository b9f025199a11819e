package dev.gatehouse.core.account;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.Setting;
import dev.gatehouse.core.internal.GatehouseContext;
import dev.gatehouse.core.internal.Outbox;
import dev.gatehouse.core.internal.PayloadSeal;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.email.EmailContent;
import dev.gatehouse.email.EmailMask;
import dev.gatehouse.email.EmailMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Builds confirmation and reset links from the configured frontend URL (never from a request) and
 * records them in the outbox; the delivery dispatcher sends them after commit and logs each attempt
 * in the host's email log with the address masked and without the link.
 */
final class LinkMailer {
  private final GatehouseContext ctx;

  LinkMailer(GatehouseContext ctx) {
    this.ctx = ctx;
  }

  /**
   * The link of {@code template} (a setting such as {@link GatehouseConfig#CONFIRMATION_LINK})
   * under the frontend URL, carrying the token and the account's {@code uid}.
   */
  String link(Setting<String> template, String token, UUID account) {
    String base = ctx.config().get(GatehouseConfig.FRONTEND_URL).toString();
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    // Tokens and uids are base64url, so they need no escaping in a path or query.
    return base
        + ctx.config().get(template).replace("{uid}", uid(account)).replace("{token}", token);
  }

  /**
   * The {@code uid} of a link: the account's public id as base64url without padding, the shape of
   * Django's {@code urlsafe_base64_encode} that jb-drf-auth front ends pass back.
   *
   * @param account the account's public id
   * @return the uid
   */
  static String uid(UUID account) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(account.toString().getBytes(StandardCharsets.US_ASCII));
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
    String link = link(mail.link(), mail.token(), mail.account());
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
   * @param link the setting holding the link's template
   * @param account the account's public id (the link's {@code uid})
   * @param token the raw token (only ever in the email)
   * @param validity how long the link works
   * @param language the recipient's language tag, or {@code null}
   */
  record Mail(
      String to,
      String purpose,
      Setting<String> link,
      UUID account,
      String token,
      Duration validity,
      String language) {
    @Override
    public String toString() {
      return "Mail[" + purpose + "]";
    }
  }
}
