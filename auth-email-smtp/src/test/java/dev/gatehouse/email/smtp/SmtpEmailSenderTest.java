package dev.gatehouse.email.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.gatehouse.email.EmailSender.EmailDeliveryException;
import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.email.EmailSender.EmailReceipt;
import dev.gatehouse.email.smtp.SmtpConfig.SmtpSecurity;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SmtpEmailSenderTest {
  private static final String TEXT = "Your code is 123456.\nIt expires in 10 minutes.";
  private static final String HTML = "<p>Your code is <b>123456</b>. Grüße</p>";

  @RegisterExtension
  static final GreenMailExtension greenMail =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
          .withConfiguration(
              GreenMailConfiguration.aConfig().withUser("sender@acme.example", "sender", "s3cret"));

  private static SmtpConfig.Builder config() {
    return SmtpConfig.builder()
        .host("127.0.0.1")
        .port(greenMail.getSmtp().getPort())
        .security(SmtpSecurity.NONE)
        .connectTimeout(Duration.ofSeconds(5))
        .readTimeout(Duration.ofSeconds(5));
  }

  @Test
  void deliversTextAndHtmlAsMultipartAlternativeAndReturnsTheMessageId() throws Exception {
    SmtpEmailSender sender = new SmtpEmailSender(config().build());

    EmailReceipt receipt =
        sender.send(
            new EmailMessage(
                "alice@example.com",
                "Acme <no-reply@acme.example>",
                "Your Acme code – ünïcode",
                TEXT,
                HTML));

    assertThat(greenMail.waitForIncomingEmail(5_000, 1)).isTrue();
    MimeMessage received = greenMail.getReceivedMessages()[0];
    assertThat(receipt.provider()).isEqualTo("smtp");
    assertThat(receipt.providerMessageId()).matches("<[0-9a-f-]{36}@acme\\.example>");
    assertThat(received.getMessageID()).isEqualTo(receipt.providerMessageId());
    assertThat(received.getSubject()).isEqualTo("Your Acme code – ünïcode");
    assertThat(received.getFrom())
        .containsExactly(new InternetAddress("Acme <no-reply@acme.example>"));
    assertThat(received.getRecipients(Message.RecipientType.TO))
        .containsExactly(new InternetAddress("alice@example.com"));
    assertThat(received.getContentType()).startsWith("multipart/alternative");
    MimeMultipart parts = (MimeMultipart) received.getContent();
    assertThat(parts.getCount()).isEqualTo(2);
    assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain");
    assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
    assertThat(normalise((String) parts.getBodyPart(0).getContent())).isEqualTo(TEXT);
    assertThat((String) parts.getBodyPart(1).getContent()).isEqualTo(HTML);
  }

  @Test
  void aTextOnlyMessageIsPlainText() throws Exception {
    new SmtpEmailSender(config().build())
        .send(new EmailMessage("bob@example.com", "no-reply@acme.example", "Code", TEXT, null));

    MimeMessage received = greenMail.getReceivedMessages()[0];
    assertThat(received.getContentType()).startsWith("text/plain");
    assertThat(normalise((String) received.getContent())).isEqualTo(TEXT);
  }

  @Test
  void aBlankFromUsesTheConfiguredDefault() throws Exception {
    new SmtpEmailSender(config().defaultFrom("Acme <hello@acme.example>").build())
        .send(new EmailMessage("bob@example.com", "", "Code", TEXT, null));

    assertThat(greenMail.getReceivedMessages()[0].getFrom())
        .containsExactly(new InternetAddress("Acme <hello@acme.example>"));
  }

  @Test
  void authenticatesWithValidCredentials() throws Exception {
    new SmtpEmailSender(config().credentials("sender", "s3cret").build())
        .send(new EmailMessage("carol@example.com", "sender@acme.example", "Code", TEXT, HTML));

    assertThat(greenMail.getReceivedMessages()).hasSize(1);
  }

  @Test
  void aRejectedPasswordIsPermanent() {
    SmtpEmailSender sender = new SmtpEmailSender(config().credentials("sender", "wrong").build());

    EmailDeliveryException e =
        catchThrowableOfType(
            EmailDeliveryException.class,
            () ->
                sender.send(
                    new EmailMessage(
                        "carol@example.com", "sender@acme.example", "Code", TEXT, null)));

    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage()).doesNotContain("wrong").doesNotContain("123456");
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void aRefusedConnectionIsRetryable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    SmtpEmailSender sender = new SmtpEmailSender(config().port(closedPort).build());

    EmailDeliveryException e =
        catchThrowableOfType(
            EmailDeliveryException.class,
            () ->
                sender.send(
                    new EmailMessage(
                        "dave@example.com", "no-reply@acme.example", "Code", TEXT, null)));

    assertThat(e.retryable()).isTrue();
    assertThat(e.getMessage()).contains("d***@example.com").doesNotContain("dave@");
  }

  @Test
  void anInvalidAddressIsPermanent() {
    EmailDeliveryException e =
        catchThrowableOfType(
            EmailDeliveryException.class,
            () ->
                new SmtpEmailSender(config().build())
                    .send(
                        new EmailMessage(
                            "not an address", "no-reply@acme.example", "Code", TEXT, null)));

    assertThat(e.retryable()).isFalse();
  }

  private static String normalise(String body) {
    return body.replace("\r\n", "\n");
  }
}
