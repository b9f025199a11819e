package dev.gatehouse.testing;

import dev.gatehouse.sms.SmsSender;
import dev.gatehouse.sms.SmsSender.SmsDeliveryException;
import dev.gatehouse.sms.SmsSender.SmsMessage;
import dev.gatehouse.sms.SmsSender.SmsReceipt;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * An {@link SmsSender} for tests that keeps every message in memory instead of sending it, and can
 * be told to fail. Thread-safe.
 */
public final class CapturingSmsSender implements SmsSender {
  private final List<SmsMessage> sent = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final AtomicReference<SmsDeliveryException> failure = new AtomicReference<>();

  @Override
  public String providerName() {
    return "capturing";
  }

  @Override
  public SmsReceipt send(SmsMessage message) {
    SmsDeliveryException f = failure.get();
    if (f != null) {
      throw f;
    }
    sent.add(message);
    return new SmsReceipt(providerName(), "cap-" + ids.incrementAndGet(), "sent");
  }

  /**
   * Every message accepted so far, oldest first.
   *
   * @return a snapshot of the accepted messages
   */
  public List<SmsMessage> sent() {
    return List.copyOf(sent);
  }

  /**
   * @param to an E.164 number
   * @return the newest message to that number
   */
  public Optional<SmsMessage> lastTo(String to) {
    for (int i = sent.size() - 1; i >= 0; i--) {
      if (sent.get(i).to().equals(to)) {
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
  public void failWith(@Nullable SmsDeliveryException e) {
    failure.set(e);
  }

  /** Forgets every captured message. */
  public void clear() {
    sent.clear();
  }
}
