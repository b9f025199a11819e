package dev.gatehouse.examples;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.email.smtp.SmtpConfig;
import dev.gatehouse.email.smtp.SmtpEmailSender;
import dev.gatehouse.email.smtp.SmtpSecurity;
import dev.gatehouse.sms.twilio.TwilioConfig;
import dev.gatehouse.sms.twilio.TwilioSmsSender;
import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses the example's providers from the environment: SMTP when {@code GATEHOUSE_SMTP_HOST} is
 * set, Twilio when {@code GATEHOUSE_TWILIO_ACCOUNT_SID} is set, else the development senders that
 * print messages (refused in production mode).
 */
final class Providers {
  private Providers() {}

  static void configure(Gatehouse.Builder b, Map<String, String> env) {
    String smtpHost = env.get("GATEHOUSE_SMTP_HOST");
    if (smtpHost != null) {
      SmtpConfig.Builder c =
          SmtpConfig.builder()
              .host(smtpHost)
              .port(Integer.parseInt(env.getOrDefault("GATEHOUSE_SMTP_PORT", "587")))
              .security(
                  SmtpSecurity.valueOf(
                      env.getOrDefault("GATEHOUSE_SMTP_SECURITY", "STARTTLS")
                          .toUpperCase(Locale.ROOT)));
      if (env.containsKey("GATEHOUSE_SMTP_USER")) {
        c.credentials(
            env.get("GATEHOUSE_SMTP_USER"), env.getOrDefault("GATEHOUSE_SMTP_PASSWORD", ""));
      }
      b.emailSender(new SmtpEmailSender(c.build()));
    }
    String sid = env.get("GATEHOUSE_TWILIO_ACCOUNT_SID");
    if (sid != null) {
      TwilioConfig.Builder c =
          TwilioConfig.builder()
              .accountSid(sid)
              .authToken(env.getOrDefault("GATEHOUSE_TWILIO_AUTH_TOKEN", ""));
      if (env.containsKey("GATEHOUSE_TWILIO_FROM")) {
        c.fromNumber(env.get("GATEHOUSE_TWILIO_FROM"));
      }
      if (env.containsKey("GATEHOUSE_TWILIO_MESSAGING_SERVICE_SID")) {
        c.messagingServiceSid(env.get("GATEHOUSE_TWILIO_MESSAGING_SERVICE_SID"));
      }
      if (env.containsKey("GATEHOUSE_TWILIO_BASE_URL")) {
        c.baseUri(URI.create(env.get("GATEHOUSE_TWILIO_BASE_URL")));
      }
      b.smsSender(new TwilioSmsSender(c.build()));
    }
  }
}
