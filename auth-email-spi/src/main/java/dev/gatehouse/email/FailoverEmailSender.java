package dev.gatehouse.email;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * See {@link EmailSenders#failover(List, int, EmailSenders.Backoff)}. Stateless, so thread-safe.
 */
final class FailoverEmailSender implements EmailSender {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverEmailSender.class);

  private final List<EmailSender> senders;
  private final int maxAttemptsPerSender;
  private final EmailSenders.Backoff backoff;
  private final String name;

  FailoverEmailSender(
      List<EmailSender> senders, int maxAttemptsPerSender, EmailSenders.Backoff backoff) {
    this.senders = senders;
    this.maxAttemptsPerSender = maxAttemptsPerSender;
    this.backoff = backoff;
    this.name =
        senders.stream()
            .map(EmailSender::providerName)
            .collect(Collectors.joining(",", "failover(", ")"));
  }

  @Override
  public String providerName() {
    return name;
  }

  @Override
  public boolean developmentOnly() {
    return senders.stream().anyMatch(EmailSender::developmentOnly);
  }

  @Override
  public EmailReceipt send(EmailMessage message) {
    List<EmailDeliveryException> failures = new ArrayList<>();
    for (EmailSender sender : senders) {
      for (int attempt = 1; attempt <= maxAttemptsPerSender; attempt++) {
        try {
          return sender.send(message);
        } catch (EmailDeliveryException e) {
          failures.add(e);
          LOG.warn(
              "Email to {} failed at {} (attempt {}/{}, retryable={}): {}",
              EmailMask.mask(message.to()),
              sender.providerName(),
              attempt,
              maxAttemptsPerSender,
              e.retryable(),
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

  private static EmailDeliveryException withSuppressed(List<EmailDeliveryException> failures) {
    EmailDeliveryException last = failures.get(failures.size() - 1);
    for (EmailDeliveryException earlier : failures.subList(0, failures.size() - 1)) {
      if (earlier != last) {
        last.addSuppressed(earlier);
      }
    }
    return last;
  }
}
