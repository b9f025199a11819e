package dev.gatehouse.sms;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** See {@link SmsSenders#failover(List, int, SmsSenders.Backoff)}. Stateless, so thread-safe. */
final class FailoverSmsSender implements SmsSender {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverSmsSender.class);

  private final List<SmsSender> senders;
  private final int maxAttemptsPerSender;
  private final SmsSenders.Backoff backoff;
  private final String name;

  FailoverSmsSender(List<SmsSender> senders, int maxAttemptsPerSender, SmsSenders.Backoff backoff) {
    this.senders = senders;
    this.maxAttemptsPerSender = maxAttemptsPerSender;
    this.backoff = backoff;
    this.name =
        senders.stream()
            .map(SmsSender::providerName)
            .collect(Collectors.joining(",", "failover(", ")"));
  }

  @Override
  public String providerName() {
    return name;
  }

  @Override
  public boolean developmentOnly() {
    return senders.stream().anyMatch(SmsSender::developmentOnly);
  }

  @Override
  public SmsReceipt send(SmsMessage message) {
    List<SmsDeliveryException> failures = new ArrayList<>();
    for (SmsSender sender : senders) {
      for (int attempt = 1; attempt <= maxAttemptsPerSender; attempt++) {
        try {
          return sender.send(message);
        } catch (SmsDeliveryException e) {
          failures.add(e);
          LOG.warn(
              "SMS to {} failed at {} (attempt {}/{}, retryable={}, code={}): {}",
              PhoneMask.mask(message.to()),
              sender.providerName(),
              attempt,
              maxAttemptsPerSender,
              e.retryable(),
              e.providerErrorCode(),
              e.getMessage());
          if (Thread.currentThread().isInterrupted()) {
            throw withSuppressed(failures);
          }
          if (!e.retryable() || attempt == maxAttemptsPerSender) {
            break;
          }
          try {
            backoff.pause(sender.providerName(), attempt, e);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw withSuppressed(failures);
          }
        }
      }
    }
    throw withSuppressed(failures);
  }

  private static SmsDeliveryException withSuppressed(List<SmsDeliveryException> failures) {
    SmsDeliveryException last = failures.get(failures.size() - 1);
    for (SmsDeliveryException earlier : failures.subList(0, failures.size() - 1)) {
      if (earlier != last) {
        last.addSuppressed(earlier);
      }
    }
    return last;
  }
}
