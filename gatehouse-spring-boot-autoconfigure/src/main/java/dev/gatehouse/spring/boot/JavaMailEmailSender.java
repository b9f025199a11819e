package dev.gatehouse.spring.boot;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.email.EmailSender;
import dev.gatehouse.email.EmailSender.EmailDeliveryException;
import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.email.EmailSender.EmailReceipt;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * An {@link EmailSender} over Spring's {@link JavaMailSender} (configured by Spring Boot from
 * {@code spring.mail.*}). A message with an HTML body is sent as {@code multipart/alternative} with
 * the plain-text body beside it.
 *
 * <p>A refused address or a message that cannot be built is not retryable; every other failure
 * (connection refused, time-out, a server answering 4xx) is. Thread-safe when the {@link
 * JavaMailSender} is (Spring Boot's is).
 */
public final class JavaMailEmailSender implements EmailSender {
  private final JavaMailSender mailSender;

  /**
   * @param mailSender Spring's mail sender
   */
  public JavaMailEmailSender(JavaMailSender mailSender) {
    this.mailSender = requireNonNull(mailSender, "mailSender");
  }

  @Override
  public String providerName() {
    return "spring-mail";
  }

  @Override
  public EmailReceipt send(EmailMessage message) {
    requireNonNull(message, "message");
    MimeMessage mime;
    try {
      mime = mailSender.createMimeMessage();
      boolean multipart = message.htmlBody() != null;
      MimeMessageHelper helper =
          new MimeMessageHelper(mime, multipart, StandardCharsets.UTF_8.name());
      helper.setTo(message.to());
      helper.setFrom(message.from());
      helper.setSubject(message.subject());
      if (multipart) {
        helper.setText(message.textBody(), message.htmlBody());
      } else {
        helper.setText(message.textBody());
      }
    } catch (MessagingException | MailException e) {
      throw new EmailDeliveryException(
          "the email could not be built: " + e.getClass().getSimpleName(), false, e);
    }
    try {
      mailSender.send(mime);
    } catch (MailParseException | MailPreparationException e) {
      throw new EmailDeliveryException("the email was refused before sending", false, e);
    } catch (MailAuthenticationException e) {
      // A wrong password stays wrong: retrying only repeats the failure.
      throw new EmailDeliveryException("the mail server refused the credentials", false, e);
    } catch (MailException e) {
      throw new EmailDeliveryException("the mail server did not accept the email", true, e);
    }
    return new EmailReceipt(providerName(), messageId(mime));
  }

  private static String messageId(MimeMessage mime) {
    try {
      return mime.getMessageID();
    } catch (MessagingException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return "JavaMailEmailSender";
  }
}
