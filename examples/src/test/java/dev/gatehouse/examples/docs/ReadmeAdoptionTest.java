package dev.gatehouse.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.core.token.SigningKeys;
import dev.gatehouse.jpa.GatehouseJpa;
import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.jpa.JpaAuthStore;
import dev.gatehouse.jpa.MigrationClasspathCheck;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.CapturingSmsSender;
import dev.gatehouse.testing.TestDatabase;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import jakarta.persistence.EntityManagerFactory;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the README's adoption and login snippets as written (regions {@code configure} and {@code
 * login}; {@link DocumentationSnippetsTest} checks that README.md shows exactly these lines).
 */
class ReadmeAdoptionTest {
  private static final Logger log = LoggerFactory.getLogger(ReadmeAdoptionTest.class);

  @Test
  void theReadmeSnippetsStartGatehouseOnAFreshDatabaseAndLogAUserIn() throws Exception {
    try (TestDatabase db = TestDatabase.create(DatabaseKind.H2)) {
      run(db.dataSource());
    }
  }

  private static void run(DataSource dataSource) {
    ClassLoader classLoader = ReadmeAdoptionTest.class.getClassLoader();
    CapturingSmsSender smsSender = new CapturingSmsSender();
    CapturingEmailSender emailSender = new CapturingEmailSender();
    String clientIp = "203.0.113.7";

    // snippet:start configure
    EntityClasses entities =
        EntityClasses.builder()
            .user(User.class)
            .profile(Profile.class)
            .device(Device.class)
            .otpCode(OtpCode.class)
            .smsLog(SmsLog.class)
            .emailLog(EmailLog.class)
            .build();
    MigrationClasspathCheck.check("db/changelog/master.xml", classLoader, dataSource)
        .throwIfProblems();
    GatehouseMigrations.migrate(dataSource, "db/changelog/master.xml", entities);
    EntityManagerFactory emf = GatehouseJpa.bootstrap(dataSource, entities, List.of());
    Map<String, String> env = System.getenv();
    Gatehouse.Builder builder =
        Gatehouse.builder(GatehouseConfig.fromEnvironment(env), new JpaAuthStore(emf, entities))
            .smsSender(smsSender) // e.g. new TwilioSmsSender(twilioConfig)
            .emailSender(emailSender) // e.g. new SmtpEmailSender(smtpConfig)
            .listener(event -> log.info("{}", event));
    if (env.containsKey(SigningKeys.ENV_JWKS) || env.containsKey(SigningKeys.ENV_PRIVATE_KEY_PEM)) {
      // Required in production; in development Gatehouse generates a key per start.
      builder.signingKeys(SigningKeys.fromEnvironment(env));
    }
    // snippet:hide
    // Messages wait in the outbox; the test sends them on its own thread below.
    builder.dispatchDeliveries(false);
    // snippet:show
    Gatehouse gatehouse = builder.build();
    // snippet:end configure

    // snippet:start login
    gatehouse
        .accounts()
        .register(
            RegistrationRequest.builder()
                .email("ann@example.com")
                .password("correct horse battery staple")
                .build());
    // Ann clicks the emailed link: https://app.example.com/confirm-email?token=…
    // snippet:hide
    gatehouse.deliverPending();
    String tokenFromTheLink =
        tokenIn(emailSender.lastTo("ann@example.com").orElseThrow().textBody());
    // snippet:show
    gatehouse.accounts().confirmEmail(tokenFromTheLink);
    TokenPair tokens =
        gatehouse
            .accounts()
            .login(
                new LoginRequest(
                    "Ann@Example.com", "correct horse battery staple", ClientInfo.web(clientIp)))
            .orElseThrow()
            .tokens();
    VerifiedAccessToken caller =
        gatehouse.sessions().verifyAccessToken(tokens.accessToken()); // no DB access
    TokenPair next = gatehouse.sessions().refresh(tokens.refreshToken(), ClientInfo.web(clientIp));
    // snippet:end login

    assertThat(caller).isNotNull();
    assertThat(next.refreshToken()).isNotEqualTo(tokens.refreshToken());
    gatehouse.close();
    emf.close();
  }

  private static String tokenIn(String body) {
    Matcher m = Pattern.compile("token=([A-Za-z0-9_-]+)").matcher(body);
    assertThat(m.find()).as("a link with a token in %s", body).isTrue();
    return m.group(1);
  }
}
