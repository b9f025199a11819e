package dev.gatehouse.email.smtp;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.email.EmailSender;
import dev.gatehouse.email.EmailSender.EmailDeliveryException;
import dev.gatehouse.email.EmailSender.EmailMask;
import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.email.EmailSender.EmailReceipt;
import dev.gatehouse.email.smtp.SmtpConfig.SmtpSecurity;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.util.Date;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends email over SMTP with Jakarta Mail (Eclipse Angus).
 *
 * <p>A message with an HTML body goes out as {@code multipart/alternative} (plain text first, HTML
 * second, as RFC 2046 orders them); a text-only message as {@code text/plain}, both UTF-8. The
 * receipt's {@link EmailReceipt#providerMessageId()} is the {@code Message-ID} header, generated as
 * {@code <random-uuid@sender-domain>} so it does not reveal the local host name.
 *
 * <p>Each {@link #send} opens one connection, sends once and closes. Failures are reported as
 * {@link EmailDeliveryException}: connection failures, timeouts and 4xx SMTP replies are
 * {@linkplain EmailDeliveryException#retryable() retryable}; 5xx replies (including a rejected
 * password) and invalid addresses are not. Bodies and the password are never logged.
 *
 * <p>Thread-safe: the Jakarta Mail session is shared, each call uses its own transport.
 *
 * <pre>{@code
 * EmailSender email = new SmtpEmailSender(SmtpConfig.builder()
 *     .host("smtp.example.com").credentials("user", password).build());
 * EmailReceipt receipt = email.send(content.toMessage("alice@example.com", "no-reply@acme.example"));
 * }</pre>
 */
public final class SmtpEmailSender implements EmailSender {
  /** The name written to the email log. */
  public static final String PROVIDER_NAME = "smtp";

  private static final Logger LOG = LoggerFactory.getLogger(SmtpEmailSender.class);

  private final SmtpConfig config;
  private final Session session;
  private final String protocol;

  /**
   * Creates a sender.
   *
   * @param config server, security and credentials
   * @throws NullPointerException when {@code config} is null
   */
  public SmtpEmailSender(SmtpConfig config) {
    this.config = requireNonNull(config, "config");
    this.protocol = config.security() == SmtpSecurity.SSL ? "smtps" : "smtp";
    this.session = Session.getInstance(properties(config, protocol));
  }

  private static Properties properties(SmtpConfig config, String protocol) {
    String p = "mail." + protocol + ".";
    Properties props = new Properties();
    props.setProperty("mail.transport.protocol", protocol);
    props.setProperty(p + "host", config.host());
    props.setProperty(p + "port", Integer.toString(config.port()));
    props.setProperty(p + "auth", Boolean.toString(config.username().isPresent()));
    props.setProperty(p + "connectiontimeout", Long.toString(config.connectTimeout().toMillis()));
    props.setProperty(p + "timeout", Long.toString(config.readTimeout().toMillis()));
    props.setProperty(p + "writetimeout", Long.toString(config.writeTimeout().toMillis()));
    switch (config.security()) {
      case STARTTLS -> {
        props.setProperty(p + "starttls.enable", "true");
        props.setProperty(p + "starttls.required", Boolean.toString(config.startTlsRequired()));
        props.setProperty(p + "ssl.checkserveridentity", "true");
      }
      case SSL -> {
        props.setProperty(p + "ssl.enable", "true");
        props.setProperty(p + "ssl.checkserveridentity", "true");
      }
      case NONE -> {}
    }
    props.putAll(config.properties());
    return props;
  }

  @Override
  public String providerName() {
    return PROVIDER_NAME;
  }

  /**
   * Sends one email. A blank {@link EmailMessage#from()} is replaced by the configured {@linkplain
   * SmtpConfig#defaultFrom() default sender}.
   *
   * @param message the message
   * @return the {@code Message-ID} of the sent message
   * @throws EmailDeliveryException when the server could not be reached or refused the message, or
   *     an address is invalid
   */
  @Override
  public EmailReceipt send(EmailMessage message) {
    requireNonNull(message, "message");
    String to = EmailMask.mask(message.to());
    MimeMessage mime;
    try {
      mime = compose(message);
    } catch (AddressException e) {
      throw new EmailDeliveryException(
          "Invalid address in email to " + to + " (position " + e.getPos() + ")", false, e);
    } catch (MessagingException e) {
      throw new EmailDeliveryException("Could not compose email to " + to, false, e);
    }
    Transport transport = null;
    try {
      transport = session.getTransport(protocol);
      transport.connect(
          config.host(),
          config.port(),
          config.username().orElse(null),
          config.password().orElse(null));
      transport.sendMessage(mime, mime.getAllRecipients());
      String id = mime.getMessageID();
      LOG.debug("SMTP server {} accepted email to {} as {}", config.host(), to, id);
      return new EmailReceipt(PROVIDER_NAME, id);
    } catch (MessagingException e) {
      int lastReply =
          transport instanceof SMTPTransport ? ((SMTPTransport) transport).getLastReturnCode() : -1;
      throw classify(e, lastReply, to);
    } finally {
      closeQuietly(transport);
    }
  }

  private MimeMessage compose(EmailMessage message) throws MessagingException {
    String fromText =
        message.from().isBlank()
            ? config
                .defaultFrom()
                .orElseThrow(
                    () -> new AddressException("message has no from and no defaultFrom is set"))
            : message.from();
    InternetAddress from = new InternetAddress(fromText, true);
    InternetAddress recipient = new InternetAddress(message.to(), true);
    MimeMessage mime = new IdentifiedMimeMessage(session, domainOf(from.getAddress()));
    mime.setFrom(from);
    mime.setRecipient(Message.RecipientType.TO, recipient);
    mime.setSubject(message.subject(), "UTF-8");
    mime.setSentDate(new Date());
    if (message.htmlBody() == null) {
      mime.setText(message.textBody(), "UTF-8");
    } else {
      MimeBodyPart text = new MimeBodyPart();
      text.setText(message.textBody(), "UTF-8");
      MimeBodyPart html = new MimeBodyPart();
      html.setText(message.htmlBody(), "UTF-8", "html");
      MimeMultipart alternative = new MimeMultipart("alternative");
      alternative.addBodyPart(text);
      alternative.addBodyPart(html);
      mime.setContent(alternative);
    }
    mime.saveChanges();
    return mime;
  }

  /**
   * Retryable for 4xx replies and I/O failures, permanent for 5xx replies and everything else. The
   * server's reply text stays in the cause only: it often repeats the address in full.
   */
  private static EmailDeliveryException classify(MessagingException e, int lastReply, String to) {
    int reply = replyCode(e);
    if (reply < 400 && lastReply >= 400) {
      reply = lastReply;
    }
    if (reply >= 400 && reply < 500) {
      return new EmailDeliveryException(
          "SMTP server temporarily refused email to " + to + ": reply " + reply, true, e);
    }
    if (reply >= 500) {
      return new EmailDeliveryException(
          "SMTP server refused email to " + to + ": reply " + reply, false, e);
    }
    if (e instanceof AuthenticationFailedException) {
      return new EmailDeliveryException("SMTP authentication failed for email to " + to, false, e);
    }
    Throwable io = ioCause(e);
    if (io != null) {
      return new EmailDeliveryException(
          "Could not talk to the SMTP server for email to "
              + to
              + ": "
              + io.getClass().getSimpleName(),
          true,
          e);
    }
    return new EmailDeliveryException("Could not send email to " + to, false, e);
  }

  /** The SMTP reply code carried by the exception or its chain, or -1. */
  private static int replyCode(MessagingException e) {
    for (Exception x = e;
        x != null;
        x = x instanceof MessagingException ? ((MessagingException) x).getNextException() : null) {
      if (x instanceof SMTPAddressFailedException) {
        return ((SMTPAddressFailedException) x).getReturnCode();
      }
      if (x instanceof SMTPSenderFailedException) {
        return ((SMTPSenderFailedException) x).getReturnCode();
      }
      if (x instanceof SMTPSendFailedException) {
        return ((SMTPSendFailedException) x).getReturnCode();
      }
    }
    return -1;
  }

  private static Throwable ioCause(Throwable e) {
    for (int depth = 0; e != null && depth < 16; depth++) {
      if (e instanceof IOException) {
        return e;
      }
      Throwable next =
          e instanceof MessagingException && ((MessagingException) e).getNextException() != null
              ? ((MessagingException) e).getNextException()
              : e.getCause();
      e = next == e ? null : next;
    }
    return null;
  }

  private static void closeQuietly(Transport transport) {
    if (transport == null) {
      return;
    }
    try {
      transport.close();
    } catch (MessagingException e) {
      // The message is already sent or already failed; a failing QUIT changes neither.
      LOG.debug("Closing the SMTP connection failed: {}", e.getClass().getSimpleName());
    }
  }

  private static String domainOf(String address) {
    int at = address.lastIndexOf('@');
    String domain = at < 0 ? "" : address.substring(at + 1).toLowerCase(Locale.ROOT);
    return domain.matches("[a-z0-9.-]+") ? domain : "gatehouse.invalid";
  }

  @Override
  public String toString() {
    return "SmtpEmailSender[" + config + "]";
  }

  /** Generates {@code Message-ID: <uuid@domain>} instead of one naming the local host. */
  private static final class IdentifiedMimeMessage extends MimeMessage {
    private final String domain;

    IdentifiedMimeMessage(Session session, String domain) {
      super(session);
      this.domain = domain;
    }

    @Override
    protected void updateMessageID() throws MessagingException {
      setHeader("Message-ID", "<" + UUID.randomUUID() + "@" + domain + ">");
    }
  }
}
