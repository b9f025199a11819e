package dev.gatehouse.spring.boot.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Emails rendered through Thymeleaf: link emails say "link" and link, a host's template wins. */
class EmailTemplatesTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static final Pattern HREF =
      Pattern.compile("<a href=\"(https://app\\.example\\.test/confirm-email\\?token=[^\"]+)\"");

  @Test
  void theConfirmationEmailHasAClickableLinkAndCallsItALink() throws Exception {
    try (TestDatabase db = TestDatabase.create(DatabaseKind.H2);
        ConfigurableApplicationContext app =
            RunningHost.builder(db, RunningHost.TestSenders.class).run()) {
      app.getBean(Gatehouse.class)
          .accounts()
          .register(
              RegistrationRequest.builder().email("links@example.com").password(PASSWORD).build());

      EmailMessage m =
          app.getBean(CapturingEmailSender.class).lastTo("links@example.com").orElseThrow();
      assertThat(m.subject()).startsWith("Confirm your email address for ");
      Matcher href = HREF.matcher(m.htmlBody());
      assertThat(href.find()).as(m.htmlBody()).isTrue();
      String link = href.group(1);
      assertThat(m.textBody()).contains("Open this link").contains(link).doesNotContain("code");
      assertThat(m.htmlBody()).contains("copy this link").doesNotContain("code");
    }
  }

  @Test
  void aCodeEmailWithoutATemplateFallsBackToTheBuiltInText() throws Exception {
    try (TestDatabase db = TestDatabase.create(DatabaseKind.H2);
        ConfigurableApplicationContext app =
            RunningHost.builder(db, RunningHost.TestSenders.class).run()) {
      Gatehouse gatehouse = app.getBean(Gatehouse.class);
      gatehouse
          .accounts()
          .register(
              RegistrationRequest.builder().email("codes@example.com").password(PASSWORD).build());
      gatehouse
          .otp()
          .request(OtpRequest.of("codes@example.com", OtpChannel.EMAIL, OtpPurpose.LOGIN));

      EmailMessage m =
          app.getBean(CapturingEmailSender.class).lastTo("codes@example.com").orElseThrow();
      assertThat(m.textBody()).containsPattern("(?<!\\d)\\d{6}(?!\\d)").contains("code");
    }
  }

  @Test
  void aHostTemplateFolderReplacesTheShippedTemplates() throws Exception {
    try (TestDatabase db = TestDatabase.create(DatabaseKind.H2);
        ConfigurableApplicationContext app =
            RunningHost.builder(
                    db,
                    RunningHost.TestSenders.class,
                    "gatehouse.templates.email-prefix=host-templates/email/")
                .run()) {
      app.getBean(Gatehouse.class)
          .accounts()
          .register(
              RegistrationRequest.builder().email("host@example.com").password(PASSWORD).build());

      EmailMessage m =
          app.getBean(CapturingEmailSender.class).lastTo("host@example.com").orElseThrow();
      assertThat(m.subject()).isEqualTo("Hello from Host");
      assertThat(m.htmlBody()).contains("<p>Host</p>").contains("<a href=\"https://");
      // No text template in the host's folder: the built-in text, which still has the link.
      assertThat(m.textBody()).contains("https://app.example.test/confirm-email?token=");
    }
  }
}
