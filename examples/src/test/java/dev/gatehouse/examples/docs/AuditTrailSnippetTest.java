package dev.gatehouse.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.AuditStore.AuditEntry;
import dev.gatehouse.jpa.GatehouseJpa;
import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.jpa.JpaAuthStore;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import jakarta.persistence.EntityManagerFactory;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Runs the snippet of {@code docs/OBSERVABILITY.md} (region {@code audit-trail}) as written: a
 * sign-in is in the account's history, with its method and the client's network.
 */
class AuditTrailSnippetTest {

  @Test
  void anAccountsHistoryShowsItsSignInAndTheCleanupKeepsWhatIsYoung() throws Exception {
    try (TestDatabase db = TestDatabase.create(DatabaseKind.H2)) {
      EntityClasses entities =
          EntityClasses.builder()
              .user(User.class)
              .profile(Profile.class)
              .device(Device.class)
              .otpCode(OtpCode.class)
              .smsLog(SmsLog.class)
              .emailLog(EmailLog.class)
              .build();
      GatehouseMigrations.migrate(db.dataSource(), "db/changelog/master.xml", entities);
      EntityManagerFactory emf = GatehouseJpa.bootstrap(db.dataSource(), entities, List.of());
      CapturingEmailSender email = new CapturingEmailSender();
      try (Gatehouse gatehouse =
          Gatehouse.builder(GatehouseConfig.defaults(), new JpaAuthStore(emf, entities))
              .emailSender(email)
              .deliveryExecutor(Runnable::run)
              .build()) {
        gatehouse
            .accounts()
            .register(
                RegistrationRequest.builder()
                    .email("ann@example.com")
                    .password("correct horse battery staple")
                    .build());
        java.util.regex.Matcher link =
            java.util.regex.Pattern.compile("token=([A-Za-z0-9_-]+)")
                .matcher(email.lastTo("ann@example.com").orElseThrow().textBody());
        assertThat(link.find()).isTrue();
        gatehouse.accounts().confirmEmail(link.group(1));
        TokenPair login =
            gatehouse
                .accounts()
                .login(
                    new LoginRequest(
                        "ann@example.com",
                        "correct horse battery staple",
                        ClientInfo.web("198.51.100.23")))
                .orElseThrow()
                .tokens();
        UUID userId =
            UUID.fromString(gatehouse.sessions().verifyAccessToken(login.accessToken()).subject());

        // snippet:start audit-trail
        List<AuditEntry> history = gatehouse.audit().forUser(userId, 50);
        List<String> lines = // e.g. for an account's "recent activity" page
            history.stream()
                .map(e -> e.at() + " " + e.event() + " " + e.method() + " " + e.network())
                .toList();
        int deleted = gatehouse.audit().cleanup(); // older than gatehouse.audit.retention
        // snippet:end audit-trail

        assertThat(history)
            .extracting(AuditEntry::event)
            .containsExactly("LoggedIn", "EmailVerified", "Registered");
        assertThat(history.get(0).method()).isEqualTo("pwd");
        assertThat(history.get(0).network()).isEqualTo("198.51.100.0/24");
        assertThat(lines.get(0)).endsWith(" LoggedIn pwd 198.51.100.0/24");
        assertThat(deleted).isZero();
        assertThat(gatehouse.audit().forUser(userId, 50)).hasSize(3);
      }
    }
  }
}
