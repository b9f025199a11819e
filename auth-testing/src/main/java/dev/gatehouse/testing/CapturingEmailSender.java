package dev.gatehouse.testing;

import dev.gatehouse.email.EmailSender;
import dev.gatehouse.email.EmailSender.EmailDeliveryException;
import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.email.EmailSender.EmailReceipt;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EmailSender} for tests that keeps every message in memory instead of sending it, and
 * can be told to fail. Thread-safe.
 */
public final class CapturingEmailSender implements EmailSender {
  private final List<EmailMessage> sent = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final AtomicReference<EmailDeliveryException> failure = new AtomicReference<>();

  @Override
  public String providerName() {
    return "capturing";
  }

  @Override
  public EmailReceipt send(EmailMessage message) {
    EmailDeliveryException f = failure.get();
    if (f != null) {
      throw f;
    }
    sent.add(message);
    return new EmailReceipt(providerName(), "<cap-" + ids.incrementAndGet() + "@test>");
  }

  /**
   * Every message accepted so far, oldest first.
   *
   * @return a snapshot of the accepted messages
   */
  public List<EmailMessage> sent() {
    return List.copyOf(sent);
  }

  /**
   * @param to an address
   * @return the newest message to that address (compared case-insensitively)
   */
  public Optional<EmailMessage> lastTo(String to) {
    for (int i = sent.size() - 1; i >= 0; i--) {
      if (sent.get(i).to().equalsIgnoreCase(to)) {
        return Optional.of(sent.get(i));
      }
    }
    return Optional.empty();
  }

  /**
   * Makes every following send throw {@code e}; {@code null} restores delivery.
   *
   * @param e the failure to throw, or {@code null}
   */
  public void failWith(@Nullable EmailDeliveryException e) {
    failure.set(e);
  }

  /** Forgets every captured message. */
  public void clear() {
    sent.clear();
  }
}
