package dev.gatehouse.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.email.EmailSender;
import dev.gatehouse.email.EmailSenders;
import dev.gatehouse.email.smtp.SmtpConfig;
import dev.gatehouse.email.smtp.SmtpConfig.SmtpSecurity;
import dev.gatehouse.email.smtp.SmtpEmailSender;
import dev.gatehouse.testing.InMemoryAuthStore;
import jakarta.mail.internet.MimeMessage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The SMTP provider down, with the real SMTP sender (issue 62, item 3): the first provider accepts
 * connections and never answers (a hung relay), the second is an in-test SMTP server. Every code
 * request returns while the first provider holds the delivery workers, and once its connections
 * fail each code goes out once through the second. docs/OPERATIONS.md, "Faults".
 */
class SmtpDownTest {

  @Test
  void whileTheFirstProviderHangsEveryRequestReturnsAndEachCodeGoesOutOnceThroughTheSecond()
      throws Exception {
    GreenMail backup = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    backup.start();
    InMemoryAuthStore store = new InMemoryAuthStore();
    // Its backlog takes the connections; nothing ever reads them or answers the greeting.
    ServerSocket hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    EmailSender first = smtp(hung.getLocalPort());
    EmailSender second = smtp(backup.getSmtp().getPort());
    GatehouseConfig config =
        GatehouseConfig.builder()
            .set(GatehouseConfig.SECRET_KEY, "smtp-down-secret-key-0123456789abcdef-0123456789")
            .set(GatehouseConfig.FRONTEND_URL, URI.create("https://app.example.test"))
            .build();
    List<String> addresses = new ArrayList<>();
    try (Gatehouse g =
        Gatehouse.builder(config, store)
            .emailSender(EmailSenders.failover(List.of(first, second), 1))
            .build()) {
      for (int i = 0; i < 10; i++) {
        String address = "down-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        addresses.add(address);
        g.otp().request(OtpRequest.of(address, OtpChannel.EMAIL, OtpPurpose.LOGIN));
      }

      // Every request has returned, and the first provider has not answered one connection: no
      // request waited for it.
      assertThat(backup.getReceivedMessages()).isEmpty();
      hung.close(); // the connections waiting in its backlog are reset: a retryable failure

      assertThat(backup.waitForIncomingEmail(60_000, addresses.size())).isTrue();
      Map<String, Integer> received = new HashMap<>();
      for (MimeMessage m : backup.getReceivedMessages()) {
        for (String to : GreenMailUtil.getAddressList(m.getAllRecipients()).split(",")) {
          received.merge(to.trim(), 1, Integer::sum);
        }
      }
      Map<String, Integer> once = new HashMap<>();
      addresses.forEach(a -> once.put(a, 1));
      assertThat(received).isEqualTo(once);
    } finally {
      hung.close();
      backup.stop();
    }
    assertThat(store.outbox())
        .extracting(InMemoryAuthStore.OutboxEntry::status)
        .containsOnly("SENT");
  }

  private static EmailSender smtp(int port) {
    return new SmtpEmailSender(
        SmtpConfig.builder()
            .host("127.0.0.1")
            .port(port)
            .security(SmtpSecurity.NONE)
            .connectTimeout(Duration.ofSeconds(60))
            .readTimeout(Duration.ofSeconds(60))
            .defaultFrom("Gatehouse <no-reply@example.test>")
            .build());
  }
}
