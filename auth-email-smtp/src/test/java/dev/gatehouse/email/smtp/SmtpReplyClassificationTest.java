package dev.gatehouse.email.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.gatehouse.email.EmailSender.EmailDeliveryException;
import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.email.smtp.SmtpConfig.SmtpSecurity;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SmtpReplyClassificationTest {
  private static final EmailMessage MESSAGE =
      new EmailMessage("alice@example.com", "no-reply@acme.example", "Code", "123456", null);

  private static EmailDeliveryException sendTo(ScriptedSmtpServer server, Duration readTimeout) {
    SmtpEmailSender sender =
        new SmtpEmailSender(
            SmtpConfig.builder()
                .host("127.0.0.1")
                .port(server.port())
                .security(SmtpSecurity.NONE)
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(readTimeout)
                .build());
    return catchThrowableOfType(EmailDeliveryException.class, () -> sender.send(MESSAGE));
  }

  @Test
  void aTemporaryRecipientRefusalIsRetryable() throws Exception {
    try (ScriptedSmtpServer server =
        new ScriptedSmtpServer("220 ready", "450 4.2.1 mailbox busy")) {
      EmailDeliveryException e = sendTo(server, Duration.ofSeconds(5));

      assertThat(e.retryable()).isTrue();
      assertThat(e.getMessage()).contains("reply 450");
    }
  }

  @Test
  void aPermanentRecipientRefusalIsNotRetryable() throws Exception {
    try (ScriptedSmtpServer server =
        new ScriptedSmtpServer("220 ready", "550 5.1.1 no such user")) {
      EmailDeliveryException e = sendTo(server, Duration.ofSeconds(5));

      assertThat(e.retryable()).isFalse();
      assertThat(e.getMessage()).contains("reply 550");
    }
  }

  @Test
  void aBusyGreetingIsRetryable() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer("421 4.3.2 try later", "250 OK")) {
      assertThat(sendTo(server, Duration.ofSeconds(5)).retryable()).isTrue();
    }
  }

  @Test
  void aServerThatNeverAnswersTimesOutRetryably() throws Exception {
    try (ScriptedSmtpServer server = new ScriptedSmtpServer(null, "250 OK")) {
      EmailDeliveryException e = sendTo(server, Duration.ofMillis(300));

      assertThat(e.retryable()).isTrue();
    }
  }
}
