package dev.gatehouse.jpa.replica;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.PasswordSettings;
import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.entity.DefaultEntities;
import dev.gatehouse.core.entity.EntityClasses;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.email.EmailSender;
import dev.gatehouse.jpa.GatehouseJpa;
import dev.gatehouse.jpa.JpaAuthStore;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Gatehouse instance in a JVM of its own, for {@link KilledInstanceTest}: on the database of its
 * argument, {@code workers} threads each register accounts and rotate one session's refresh token
 * in a loop, with deliveries on the default worker pool, until the process is killed. It prints one
 * line per acknowledged step on stdout, flushed at once: {@code TRY address} before a registration,
 * {@code REG address} once it returned, {@code TOK chain token} once a refresh returned, {@code
 * SENT address} once the email provider accepted a message, {@code HUNG address} when the provider
 * holds a delivery worker for good.
 */
public final class InstanceProcess {
  /** The secret key of both the killed instance and the one that takes over. */
  static final String SECRET = "kill-test-secret-key-0123456789abcdef-0123456789";

  /** The chains' password. */
  static final String PASSWORD = "violet-orbit-7731";

  private InstanceProcess() {}

  /** The configuration both instances run with. */
  static GatehouseConfig.Builder config() {
    return GatehouseConfig.builder()
        .set(GatehouseConfig.SECRET_KEY, SECRET)
        .set(GatehouseConfig.FRONTEND_URL, URI.create("https://app.example.test"))
        .set(PasswordSettings.ARGON2_MEMORY_KIB, 7168)
        .set(PasswordSettings.ARGON2_ITERATIONS, 1)
        .set(TokenSettings.REFRESH_REUSE_GRACE, Duration.ofSeconds(60));
  }

  /**
   * @param args the JDBC URL of the database, then the chains' addresses
   */
  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    HikariConfig c = new HikariConfig();
    c.setJdbcUrl(args[0]);
    c.setMaximumPoolSize(8);
    HikariDataSource pool = new HikariDataSource(c);
    EntityClasses entities = DefaultEntities.classes();
    JpaAuthStore store =
        new JpaAuthStore(GatehouseJpa.bootstrap(pool, entities, List.of()), entities);
    // The 5th message is handed over and its delivery then hangs before the "sent" mark; the 10th
    // hangs before it is handed over.
    AtomicInteger sends = new AtomicInteger();
    CountDownLatch never = new CountDownLatch(1);
    EmailSender sender =
        new EmailSender() {
          @Override
          public String providerName() {
            return "stdout";
          }

          @Override
          public EmailReceipt send(EmailMessage message) {
            int n = sends.incrementAndGet();
            if (n != 10) {
              out.println("SENT " + message.to());
            }
            if (n == 5 || n == 10) {
              out.println("HUNG " + message.to());
              try {
                // Held until the test kills the process; bounded so an orphan still ends.
                boolean released = never.await(10, java.util.concurrent.TimeUnit.MINUTES);
                out.println("RELEASED " + released);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            return new EmailReceipt("stdout", null);
          }
        };
    Gatehouse g = Gatehouse.builder(config().build(), store).emailSender(sender).build();
    ClientInfo client = ClientInfo.web("198.51.100.51");
    for (int i = 1; i < args.length; i++) {
      int chain = i - 1;
      String address = args[i];
      Thread t =
          new Thread(
              () -> {
                String token =
                    g.accounts()
                        .login(new LoginRequest(address, PASSWORD, client))
                        .orElseThrow()
                        .tokens()
                        .refreshToken();
                out.println("TOK " + chain + " " + token);
                while (true) {
                  String next =
                      "k" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
                  out.println("TRY " + next);
                  g.accounts()
                      .register(
                          RegistrationRequest.builder().email(next).password(PASSWORD).build());
                  out.println("REG " + next);
                  token = g.sessions().refresh(token, client).refreshToken();
                  out.println("TOK " + chain + " " + token);
                }
              });
      t.start();
    }
  }
}
