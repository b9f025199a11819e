package dev.gatehouse.sms;

import dev.gatehouse.sms.SmsSender.SmsMessage;
import dev.gatehouse.sms.SmsSender.SmsReceipt;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Development sender: prints the message so a developer can read the code. Refused in production
 * mode, because printing a one-time code is exactly what production must never do.
 */
final class LoggingSmsSender implements SmsSender {
  private static final Logger LOG = LoggerFactory.getLogger("dev.gatehouse.sms.DEVELOPMENT");

  @Override
  public String providerName() {
    return "logging";
  }

  @Override
  public SmsReceipt send(SmsMessage message) {
    String id = "dev-" + UUID.randomUUID();
    // Development only: the whole point of this sender is to show the text to the developer.
    LOG.warn("[development SMS, not delivered] to {}: {}", message.to(), message.body());
    return new SmsReceipt(providerName(), id, "logged");
  }

  @Override
  public boolean developmentOnly() {
    return true;
  }
}
