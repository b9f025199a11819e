package dev.gatehouse.examples;

import dev.gatehouse.email.EmailSender;
import dev.gatehouse.email.smtp.SmtpConfig;
import dev.gatehouse.email.smtp.SmtpConfig.SmtpSecurity;
import dev.gatehouse.email.smtp.SmtpEmailSender;
import dev.gatehouse.sms.SmsSender;
import dev.gatehouse.sms.twilio.TwilioConfig;
import dev.gatehouse.sms.twilio.TwilioSmsSender;
import java.net.URI;
import java.util.Locale;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The example's providers, as beans the starter hands to Gatehouse: SMTP when {@code
 * GATEHOUSE_SMTP_HOST} is set, Twilio when {@code GATEHOUSE_TWILIO_ACCOUNT_SID} is set, else the
 * development senders that print messages (refused in production mode).
 */
@Configuration(proxyBeanMethods = false)
class Providers {

  /**
   * @param env {@code GATEHOUSE_SMTP_HOST}, {@code _PORT} (587), {@code _SECURITY} (STARTTLS, or
   *     SSL, NONE), {@code _USER}, {@code _PASSWORD}
   * @return email over SMTP
   */
  @Bean
  @ConditionalOnProperty("GATEHOUSE_SMTP_HOST")
  EmailSender smtpEmailSender(Environment env) {
    SmtpConfig.Builder c =
        SmtpConfig.builder()
            .host(env.getRequiredProperty("GATEHOUSE_SMTP_HOST"))
            .port(env.getProperty("GATEHOUSE_SMTP_PORT", Integer.class, 587))
            .security(
                SmtpSecurity.valueOf(
                    env.getProperty("GATEHOUSE_SMTP_SECURITY", "STARTTLS")
                        .toUpperCase(Locale.ROOT)));
    String user = env.getProperty("GATEHOUSE_SMTP_USER");
    if (user != null) {
      c.credentials(user, env.getProperty("GATEHOUSE_SMTP_PASSWORD", ""));
    }
    return new SmtpEmailSender(c.build());
  }

  /**
   * @param env {@code GATEHOUSE_TWILIO_ACCOUNT_SID}, {@code _AUTH_TOKEN}, {@code _FROM} or {@code
   *     _MESSAGING_SERVICE_SID}, {@code _BASE_URL} (a stand-in's, in tests)
   * @return SMS through Twilio
   */
  @Bean
  @ConditionalOnProperty("GATEHOUSE_TWILIO_ACCOUNT_SID")
  SmsSender twilioSmsSender(Environment env) {
    TwilioConfig.Builder c =
        TwilioConfig.builder()
            .accountSid(env.getRequiredProperty("GATEHOUSE_TWILIO_ACCOUNT_SID"))
            .authToken(env.getProperty("GATEHOUSE_TWILIO_AUTH_TOKEN", ""));
    String from = env.getProperty("GATEHOUSE_TWILIO_FROM");
    if (from != null) {
      c.fromNumber(from);
    }
    String service = env.getProperty("GATEHOUSE_TWILIO_MESSAGING_SERVICE_SID");
    if (service != null) {
      c.messagingServiceSid(service);
    }
    String baseUrl = env.getProperty("GATEHOUSE_TWILIO_BASE_URL");
    if (baseUrl != null) {
      c.baseUri(URI.create(baseUrl));
    }
    return new TwilioSmsSender(c.build());
  }
}
