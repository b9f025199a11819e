package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.spring.web.Http.Reply;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.test.context.TestPropertySource;

/**
 * The database restarted mid-flow (issue 62 item 3; docs/OPERATIONS.md, "Faults"): the contract on
 * the private PostgreSQL primary of {@code .ci/pg-replica.sh}, with clients registering accounts
 * and rotating refresh tokens over HTTP while the primary is stopped and started again. Every
 * answer is a success or the typed 503 {@code storage_failed} (never a 500, never a hang); after
 * the restart every client is served again; every acknowledged registration is stored with its
 * profile, and every chain's last acknowledged refresh token still rotates. Runs when {@code
 * GATEHOUSE_TEST_PG_REPLICA_URLS} names the pair.
 */
@EnabledIfEnvironmentVariable(named = PrimaryRestart.URLS, matches = ".+")
@TestPropertySource(properties = "gatehouse.test.fault-database=PRIMARY")
class DatabaseRestartTest extends FaultTestSupport {
  private static final int CHAINS = 3;
  private static final int REGISTERING = 2;

  @Test
  void whileTheDatabaseRestartsAnswersAreTyped503sAndAfterItNothingAcknowledgedIsLost()
      throws Exception {
    List<AtomicReference<String>> chains = new ArrayList<>();
    for (int i = 0; i < CHAINS; i++) {
      chains.add(new AtomicReference<>(login(confirmedAccount()).text("refresh")));
    }
    Map<String, Integer> answers = new ConcurrentHashMap<>();
    Set<String> attempted = ConcurrentHashMap.newKeySet();
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicBoolean down = new AtomicBoolean();
    AtomicBoolean restarted = new AtomicBoolean();
    CountDownLatch before = new CountDownLatch(20);
    CountDownLatch whileDown = new CountDownLatch(10);
    CountDownLatch after = new CountDownLatch(30);
    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < CHAINS + REGISTERING; i++) {
      AtomicReference<String> chain = i < CHAINS ? chains.get(i) : null;
      clients.add(
          new Thread(
              () -> {
                while (!stop.get()) {
                  Reply r;
                  try {
                    if (chain != null) {
                      r = http.post("/auth/token/refresh/", json("refresh", chain.get()));
                      if (r.status() == 200) {
                        chain.set(r.text("refresh"));
                      }
                    } else {
                      String address = newEmail();
                      attempted.add(address);
                      r =
                          http.post(
                              "/auth/register/", json("email", address, "password", PASSWORD));
                      if (r.status() == 201) {
                        acknowledged.add(address);
                      }
                    }
                  } catch (Exception e) {
                    answers.merge("no answer: " + e, 1, Integer::sum);
                    continue;
                  }
                  String outcome = outcome(r);
                  answers.merge(
                      (restarted.get() ? "after: " : down.get() ? "down: " : "before: ") + outcome,
                      1,
                      Integer::sum);
                  if (r.status() < 300) {
                    (restarted.get() ? after : before).countDown();
                  } else if (down.get() && !restarted.get()) {
                    whileDown.countDown();
                  }
                }
              }));
    }
    clients.forEach(Thread::start);
    try {
      assertThat(before.await(120, TimeUnit.SECONDS)).as("served before the stop").isTrue();
      down.set(true);
      PrimaryRestart.script("stop-primary");
      boolean refused = whileDown.await(120, TimeUnit.SECONDS);
      PrimaryRestart.script("start-primary");
      restarted.set(true);
      assertThat(refused).as("answers while the database was down: %s", answers).isTrue();
      assertThat(after.await(120, TimeUnit.SECONDS)).as("served after: %s", answers).isTrue();
    } finally {
      stop.set(true);
      for (Thread t : clients) {
        t.join(TimeUnit.MINUTES.toMillis(2));
      }
    }
    System.out.println("database restart: " + new TreeMap<>(answers));
    for (String answer : answers.keySet()) {
      // During the stop, a request in flight may also see its connection end under it: the
      // same typed 503.
      assertThat(answer).matches("(before|down|after): (200|201|503 storage_failed)");
    }
    assertThat(answers.keySet()).contains("down: 503 storage_failed");
    assertThat(clients).noneMatch(Thread::isAlive);

    // Nothing acknowledged is lost, nothing is half made: every account answered 201 is stored,
    // every stored one was asked for, and each has its default profile.
    Set<String> stored = new HashSet<>();
    int withoutProfile;
    try (Connection c = db.pool.getConnection();
        Statement s = c.createStatement()) {
      try (ResultSet r = s.executeQuery("select email_normalized from gh_user")) {
        while (r.next()) {
          stored.add(r.getString(1));
        }
      }
      try (ResultSet r =
          s.executeQuery(
              "select count(*) from gh_user u where not exists (select 1 from gh_profile p"
                  + " where p.user_id = u.id and p.is_default)")) {
        r.next();
        withoutProfile = r.getInt(1);
      }
    }
    assertThat(stored).containsAll(acknowledged);
    Set<String> registered = new HashSet<>(stored);
    registered.retainAll(attempted);
    assertThat(registered).hasSizeGreaterThanOrEqualTo(acknowledged.size());
    assertThat(withoutProfile).isZero();
    for (AtomicReference<String> chain : chains) {
      Reply r = http.post("/auth/token/refresh/", json("refresh", chain.get()));
      assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
    }
  }
}
