package dev.gatehouse.core.session;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.signin.DeferredMail;
import dev.gatehouse.core.signin.LinkMail;
import dev.gatehouse.core.signin.OutboxChannel;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What a module sends: mails and entries of its own outbox channel, each recorded in the outbox in
 * the flow's transaction and delivered by the core's workers after its commit, so nothing outlives
 * a rolled-back transaction and no request waits for a provider. Asked for with {@code
 * context.capability(ModuleMail.class)}.
 *
 * <p>Called inside the module's flow, with the transaction that writes the change the message is
 * about; {@link #deferMail} opens its own (a request whose mail depends on the address).
 * Thread-safe.
 */
public interface ModuleMail {
  /**
   * Records a security notice to the account's own email (or phone without one) in the outbox, in
   * {@code tx}, sent after its commit.
   *
   * @param tx the flow's transaction
   * @param account the account
   * @param template the notice's template name ({@code TemplateNames})
   */
  void sendNotice(StoreTransaction tx, UserRecord account, String template);

  /**
   * Records an emailed link in the outbox, in {@code tx}, to be sent after its commit.
   *
   * @param tx the flow's transaction
   * @param mail the mail
   * @param code a code shown beside the link, or {@code null}
   */
  void sendLink(StoreTransaction tx, LinkMail mail, @Nullable String code);

  /**
   * Records a request whose mail depends on whether the address has an account: one sealed outbox
   * entry, the same for every address, counted against the network's limit of account mails; {@link
   * DeferredMail} registered for {@code purpose} does the rest on a delivery worker.
   *
   * @param purpose the request's purpose, as registered with {@link
   *     dev.gatehouse.core.signin.DeferredMail#purpose()}
   * @param subject what the handler needs (sealed in the entry; never logged)
   * @param ip the client's address, or {@code null}
   * @throws AuthException.RateLimitedException when the network asked for too many mails
   */
  void deferMail(String purpose, String subject, @Nullable String ip);

  /**
   * Records an entry of a module's channel in the outbox, sealed, in {@code tx}; delivered to the
   * channel's {@link OutboxChannel} after the commit, after every interactive message that is due.
   *
   * @param tx the flow's transaction
   * @param channel the channel ({@link OutboxChannel#channel()})
   * @param entry the entry (its {@link OutboxChannel.Entry#id()} is ignored)
   * @param maxAttempts delivery attempts before it fails for good (with a doubling backoff from 30
   *     seconds, capped at about 8.5 hours)
   * @param now the flow's time
   * @return the entry's outbox key
   * @throws IllegalArgumentException when the channel is one of the core's
   * @throws dev.gatehouse.core.error.AuthException.ConfigurationException when the sealed entry is
   *     too large for the outbox
   */
  long enqueue(
      StoreTransaction tx, String channel, OutboxChannel.Entry entry, int maxAttempts, Instant now);
}
