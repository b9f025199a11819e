package dev.gatehouse.jpa.host;

import static dev.gatehouse.core.flows.host.DeliveryTest.PASSWORD;
import static dev.gatehouse.core.flows.host.DeliveryTest.address;
import static dev.gatehouse.core.flows.host.DeliveryTest.clock;
import static dev.gatehouse.core.flows.host.DeliveryTest.gatehouse;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.jpa.GatehouseJpa;
import dev.gatehouse.jpa.JpaAuthStore;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.jpa.fixture.JpaFixtures;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.MutableClock;
import dev.gatehouse.testing.TestDatabase.DatabaseKind;
import dev.gatehouse.testing.TestDatabase.EnabledDatabases;
import jakarta.persistence.EntityManagerFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Delivery with two instances, each with its own connection pool, on one database: the outbox's
 * claims hold across them. The rest of delivery is tested in auth-core ({@code DeliveryTest}), and
 * runs on every database here from the flow-test jar.
 */
class DeliveryInstancesTest {
  private static final JpaFixtures FIXTURES = new JpaFixtures();

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void twoDispatchersOnOneDatabaseNeverSendAMessageTwice(DatabaseKind kind) throws Exception {
    JpaFixture db = FIXTURES.get(kind);
    MutableClock clock = clock();
    CapturingEmailSender first = new CapturingEmailSender();
    CapturingEmailSender second = new CapturingEmailSender();
    int users = 25;
    List<String> addresses = new ArrayList<>();
    try (Gatehouse web =
        gatehouse(db.store, clock, first, null, b -> b.dispatchDeliveries(false))) {
      for (int i = 0; i < users; i++) {
        String a = address("twice-" + i + "-");
        addresses.add(a);
        web.accounts().register(RegistrationRequest.builder().email(a).password(PASSWORD).build());
      }
    }
    try (HikariDataSource otherPool = db.db.newPool(4)) {
      EntityManagerFactory otherEmf = GatehouseJpa.bootstrap(otherPool, db.entities, List.of());
      try (Gatehouse a =
              gatehouse(db.store, clock, first, null, b -> b.deliveryExecutor(Runnable::run));
          Gatehouse b =
              gatehouse(
                  new JpaAuthStore(otherEmf, db.entities),
                  clock,
                  second,
                  null,
                  x -> x.deliveryExecutor(Runnable::run))) {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
          List<Future<Integer>> runs = new ArrayList<>();
          for (Gatehouse instance : List.of(a, b)) {
            runs.add(
                pool.submit(
                    () -> {
                      assertThat(start.await(10, TimeUnit.SECONDS)).isTrue();
                      return instance.deliverPending();
                    }));
          }
          start.countDown();
          for (Future<Integer> run : runs) {
            run.get(60, TimeUnit.SECONDS);
          }
        } finally {
          pool.shutdownNow();
        }
      } finally {
        otherEmf.close();
      }
    }
    List<String> delivered = new ArrayList<>();
    for (CapturingEmailSender s : List.of(first, second)) {
      for (EmailMessage m : s.sent()) {
        if (addresses.contains(m.to())) {
          delivered.add(m.to());
        }
      }
    }
    Set<String> distinct = new HashSet<>(delivered);
    assertThat(distinct).containsExactlyInAnyOrderElementsOf(addresses);
    assertThat(delivered).hasSize(addresses.size());
  }
}
