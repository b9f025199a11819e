package dev.gatehouse.email;

import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.email.EmailSender.EmailReceipt;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Development sender: prints the message so a developer can follow links and read codes. */
final class LoggingEmailSender implements EmailSender {
  private static final Logger LOG = LoggerFactory.getLogger("dev.gatehouse.email.DEVELOPMENT");

  @Override
  public String providerName() {
    return "logging";
  }

  @Override
  public EmailReceipt send(EmailMessage message) {
    // Development only: showing the body to the developer is this sender's purpose.
    LOG.warn(
        "[development email, not delivered] to {} subject {}:\n{}",
        message.to(),
        message.subject(),
        message.textBody());
    return new EmailReceipt(providerName(), "dev-" + UUID.randomUUID());
  }

  @Override
  public boolean developmentOnly() {
    return true;
  }
}
