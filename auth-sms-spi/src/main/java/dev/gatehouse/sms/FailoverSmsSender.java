package dev.gatehouse.sms;

import dev.gatehouse.delivery.FailoverChain;
import dev.gatehouse.sms.SmsSender.PhoneMask;
import dev.gatehouse.sms.SmsSender.SmsDeliveryException;
import dev.gatehouse.sms.SmsSender.SmsMessage;
import dev.gatehouse.sms.SmsSender.SmsReceipt;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * See {@link SmsSenders#failover(List, int, SmsSenders.Backoff)}: an {@link SmsSender} over the
 * shared {@link FailoverChain}, logging each failed attempt under this class's name. Stateless, so
 * thread-safe.
 */
final class FailoverSmsSender implements SmsSender {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverSmsSender.class);

  private final FailoverChain<SmsSender, SmsMessage, SmsReceipt, SmsDeliveryException> chain;

  FailoverSmsSender(List<SmsSender> senders, int maxAttemptsPerSender, SmsSenders.Backoff backoff) {
    this.chain =
        FailoverChain.of(
            senders,
            maxAttemptsPerSender,
            SmsSender::providerName,
            SmsSender::send,
            SmsDeliveryException.class,
            SmsDeliveryException::retryable,
            // A null backoff reaches the chain's own check, which names it.
            backoff == null ? null : backoff::pause,
            FailoverSmsSender::logFailure);
  }

  private static void logFailure(
      SmsSender sender, SmsMessage message, int attempt, int maxAttempts, SmsDeliveryException e) {
    LOG.warn(
        "SMS to {} failed at {} (attempt {}/{}, retryable={}, code={}): {}",
        PhoneMask.mask(message.to()),
        sender.providerName(),
        attempt,
        maxAttempts,
        e.retryable(),
        e.providerErrorCode(),
        e.getMessage());
  }

  @Override
  public String providerName() {
    return chain.name();
  }

  @Override
  public boolean developmentOnly() {
    return chain.senders().stream().anyMatch(SmsSender::developmentOnly);
  }

  @Override
  public SmsReceipt send(SmsMessage message) {
    return chain.send(message);
  }
}
