package dev.gatehouse.examples.plain;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.email.EmailSender;
import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.email.EmailSender.EmailReceipt;
import dev.gatehouse.examples.app.AppEntities;
import dev.gatehouse.jpa.GatehouseJpa;
import dev.gatehouse.jpa.GatehouseMigrations;
import dev.gatehouse.jpa.JpaAuthStore;
import jakarta.persistence.EntityManagerFactory;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gatehouse without any framework: the example's entities on an in-memory H2 database, migrated and
 * bootstrapped by Gatehouse itself, then register, confirm (the link read from an in-memory
 * mailbox) and log in, in a {@code main}.
 *
 * <pre>{@code
 * mvn -B -ntp -pl examples -am package -Dmaven.test.skip=true \
 *     -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
 * java -cp examples/target/gatehouse-examples.jar \
 *     -Dloader.main=dev.gatehouse.examples.plain.PlainJavaExample \
 *     org.springframework.boot.loader.launch.PropertiesLauncher
 * }</pre>
 */
public final class PlainJavaExample {
  private PlainJavaExample() {}

  /** An email provider that keeps the messages in memory, standing for the user's inbox. */
  private static final class Mailbox implements EmailSender {
    private final BlockingQueue<EmailMessage> messages = new LinkedBlockingQueue<>();

    @Override
    public String providerName() {
      return "mailbox";
    }

    @Override
    public EmailReceipt send(EmailMessage message) {
      messages.add(message);
      return new EmailReceipt(providerName(), UUID.randomUUID().toString());
    }

    /** The token of the next emailed link, waiting at most ten seconds for it. */
    String nextLinkToken() throws InterruptedException {
      EmailMessage m = messages.poll(10, TimeUnit.SECONDS);
      if (m == null) {
        throw new IllegalStateException("no email arrived within ten seconds");
      }
      Matcher token = Pattern.compile("token=([A-Za-z0-9_-]+)").matcher(m.textBody());
      if (!token.find()) {
        throw new IllegalStateException("the email carries no link: " + m.subject());
      }
      return token.group(1);
    }
  }

  /**
   * Registers, confirms and logs a user in on a fresh in-memory database.
   *
   * @param email the user's address
   * @param password the user's password
   * @return the verified access token of the login
   * @throws InterruptedException when interrupted while waiting for the email
   */
  public static VerifiedAccessToken run(String email, String password) throws InterruptedException {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl("jdbc:h2:mem:plain-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    hc.setUsername("sa");
    try (HikariDataSource dataSource = new HikariDataSource(hc)) {
      EntityClasses entities = AppEntities.classes();
      GatehouseMigrations.migrate(dataSource, AppEntities.CHANGELOG, entities);
      EntityManagerFactory emf = GatehouseJpa.bootstrap(dataSource, entities, List.of());
      Mailbox mailbox = new Mailbox();
      try (Gatehouse gatehouse =
          Gatehouse.builder(GatehouseConfig.builder().build(), new JpaAuthStore(emf, entities))
              .emailSender(mailbox)
              .build()) {
        gatehouse
            .accounts()
            .register(RegistrationRequest.builder().email(email).password(password).build());
        gatehouse.accounts().confirmEmail(mailbox.nextLinkToken());
        TokenPair tokens =
            gatehouse
                .accounts()
                .login(new LoginRequest(email, password, ClientInfo.web("127.0.0.1")))
                .orElseThrow()
                .tokens();
        return gatehouse.sessions().verifyAccessToken(tokens.accessToken());
      } finally {
        emf.close();
      }
    }
  }

  /**
   * Runs the example once.
   *
   * @param args ignored
   * @throws InterruptedException when interrupted
   */
  public static void main(String[] args) throws InterruptedException {
    VerifiedAccessToken caller = run("ann@example.com", "correct horse battery staple");
    System.out.println("registered, confirmed and logged in: user " + caller.subject());
  }
}
