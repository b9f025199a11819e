package dev.gatehouse.email;

import dev.gatehouse.delivery.FailoverChain;
import dev.gatehouse.email.EmailSender.EmailDeliveryException;
import dev.gatehouse.email.EmailSender.EmailMask;
import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.email.EmailSender.EmailReceipt;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * See {@link EmailSenders#failover(List, int, EmailSenders.Backoff)}: an {@link EmailSender} over
 * the shared {@link FailoverChain}, logging each failed attempt under this class's name. Stateless,
 * so thread-safe.
 */
final class FailoverEmailSender implements EmailSender {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverEmailSender.class);

  private final FailoverChain<EmailSender, EmailMessage, EmailReceipt, EmailDeliveryException>
      chain;

  FailoverEmailSender(
      List<EmailSender> senders, int maxAttemptsPerSender, EmailSenders.Backoff backoff) {
    this.chain =
        FailoverChain.of(
            senders,
            maxAttemptsPerSender,
            EmailSender::providerName,
            EmailSender::send,
            EmailDeliveryException.class,
            EmailDeliveryException::retryable,
            // A null backoff reaches the chain's own check, which names it.
            backoff == null ? null : backoff::pause,
            FailoverEmailSender::logFailure);
  }

  private static void logFailure(
      EmailSender sender,
      EmailMessage message,
      int attempt,
      int maxAttempts,
      EmailDeliveryException e) {
    LOG.warn(
        "Email to {} failed at {} (attempt {}/{}, retryable={}): {}",
        EmailMask.mask(message.to()),
        sender.providerName(),
        attempt,
        maxAttempts,
        e.retryable(),
        e.getMessage());
  }

  @Override
  public String providerName() {
    return chain.name();
  }

  @Override
  public boolean developmentOnly() {
    return chain.senders().stream().anyMatch(EmailSender::developmentOnly);
  }

  @Override
  public EmailReceipt send(EmailMessage message) {
    return chain.send(message);
  }
}
