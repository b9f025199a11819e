package dev.gatehouse.core.flows.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.account.AccountService;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.store.UserRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;
import org.slf4j.LoggerFactory;

/**
 * Finding 8, beside {@code OtpLogsNeverContainCodesTest} (secrets): personal data. Concurrent
 * duplicate registrations of one email and of one phone, with the process's stdout and stderr
 * captured (where slf4j-simple writes Hibernate's, the drivers' and the library's logs, every level
 * of the library on): no line contains the address, its local part or the number. Before the fix,
 * PostgreSQL's {@code Key (email_normalized)=(...)}, MariaDB's {@code Duplicate entry '...'} and
 * H2's unique-index message reached the log through Hibernate's SQL-exception logging.
 */
class PersonalDataNeverInLogsTest {
  static {
    System.setProperty("org.slf4j.simpleLogger.log.dev.gatehouse", "trace");
  }

  private static final Fixtures FIXTURES = new Fixtures();
  private static final int RACERS = 8;

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void concurrentDuplicateRegistrationsLogNoEmailAndNoPhone(StoreKind kind) throws Exception {
    GatehouseFixture g = new GatehouseFixture(FIXTURES.get(kind));
    AccountService accounts = g.gatehouse.accounts();
    String local = "pd" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    String email = local + "@example.test";
    String phone = RecentAuthTest.phone();
    String password = "violet-orbit-7731";

    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = System.out;
    PrintStream err = System.err;
    PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
    // Hibernate logs through java.util.logging here, whose console handler keeps the stderr it
    // started with: catch that too.
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    java.util.logging.Handler jul =
        new java.util.logging.StreamHandler(tee, new java.util.logging.SimpleFormatter()) {
          @Override
          public synchronized void publish(java.util.logging.LogRecord r) {
            super.publish(r);
            flush();
          }
        };
    jul.setLevel(java.util.logging.Level.ALL);
    root.addHandler(jul);
    System.setOut(tee);
    System.setErr(tee);
    try {
      java.util.logging.Logger.getLogger("org.hibernate.probe").warning("jul capture probe");
      LoggerFactory.getLogger(PersonalDataNeverInLogsTest.class).warn("capture probe");
      race(
          () ->
              accounts.register(
                  RegistrationRequest.builder().email(email).password(password).build()));
      race(
          () ->
              accounts.register(
                  RegistrationRequest.builder().phone(phone).password(password).build()));
    } finally {
      System.setOut(out);
      System.setErr(err);
      root.removeHandler(jul);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).as("the capture works").contains("capture probe").contains("jul capture probe");
    assertThat(log).doesNotContain(local);
    assertThat(log).doesNotContain(phone.substring(1)).doesNotContain(phone.substring(3));
    // Exactly one account each, whatever the interleaving.
    Optional<UserRecord> byEmail = g.db.store.inTransaction(tx -> tx.users().findByEmail(email));
    Optional<UserRecord> byPhone = g.db.store.inTransaction(tx -> tx.users().findByPhone(phone));
    assertThat(byEmail).isPresent();
    assertThat(byPhone).isPresent();
  }

  /** Runs the registration on {@value #RACERS} threads released together; each must return. */
  private static void race(Runnable registration) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(RACERS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < RACERS; i++) {
        done.add(
            pool.submit(
                () -> {
                  start.await(1, TimeUnit.MINUTES);
                  registration.run();
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        // A deadlock fails the test instead of hanging the build; a registration never throws.
        f.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
