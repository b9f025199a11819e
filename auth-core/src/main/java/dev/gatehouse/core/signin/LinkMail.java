package dev.gatehouse.core.signin;

import dev.gatehouse.core.config.Setting;
import java.time.Duration;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One emailed link to record in the outbox ({@link
 * dev.gatehouse.core.session.ModuleMail#sendLink}): the link is built from the configured frontend
 * URL and the template setting, never from a request, and the mail is sent after the commit of the
 * transaction that recorded it.
 *
 * @param to the address as stored
 * @param purpose the template purpose (a name of {@code TemplateNames})
 * @param link the setting holding the link's template, with <code>{token}</code> and <code>{uid}
 *     </code> placeholders
 * @param account the account's public id (the link's {@code uid}), or {@code null}
 * @param token the raw token (only ever in the email)
 * @param validity how long the link works, shown in the mail
 * @param language the recipient's language tag, or {@code null} for the default
 */
public record LinkMail(
    String to,
    String purpose,
    Setting<String> link,
    @Nullable UUID account,
    String token,
    Duration validity,
    @Nullable String language) {
  @Override
  public String toString() {
    // The address is personal data and the token a secret: neither is shown.
    return "LinkMail[purpose=" + purpose + "]";
  }
}
