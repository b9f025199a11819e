package dev.gatehouse.spring.web;

import static dev.gatehouse.spring.web.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariPoolMXBean;
import dev.gatehouse.spring.web.Http.Reply;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The connection pool exhausted (issue 62 item 3; docs/OPERATIONS.md, "Faults"): while something
 * else holds every connection of the host's pool, each request waits at most the pool's connection
 * timeout and answers the typed 503 {@code storage_failed}, with nothing changed; once the
 * connections are back every request is served, no request thread still waits for a connection and
 * none holds one.
 */
class PoolExhaustedTest extends FaultTestSupport {

  @Test
  void whileThePoolIsExhaustedEveryRequestAnswersTheTyped503AndAfterwardsAllAreServed()
      throws Exception {
    String address = confirmedAccount();
    Reply login = login(address);
    String refresh = login.text("refresh");
    String access = login.text("access");
    HikariPoolMXBean pool = db.pool.getHikariPoolMXBean();

    List<Connection> held = new ArrayList<>();
    Map<String, Integer> answers = new TreeMap<>();
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      for (int i = 0; i < FaultHost.POOL_SIZE; i++) {
        held.add(db.pool.getConnection());
      }
      List<Callable<Reply>> requests = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        requests.add(
            () -> http.post("/auth/login/basic/", json("email", address, "password", PASSWORD)));
        requests.add(() -> http.post("/auth/token/refresh/", json("refresh", refresh)));
        requests.add(() -> http.get("/auth/me/", access));
        requests.add(
            () -> http.post("/auth/register/", json("email", newEmail(), "password", PASSWORD)));
      }
      for (Future<Reply> f : clients.invokeAll(requests)) {
        Reply r = f.get();
        answers.merge(outcome(r), 1, Integer::sum);
        if (r.status() == 503) {
          assertThat(r.contentType()).startsWith("application/problem+json");
        }
      }
    } finally {
      for (Connection c : held) {
        c.close();
      }
      clients.shutdown();
    }
    assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
    assertThat(answers).isEqualTo(Map.of("503 storage_failed", 12));
    assertThat(pool.getThreadsAwaitingConnection()).isZero();

    // Nothing changed while the pool was away: the same refresh token rotates once now.
    Reply rotated = http.post("/auth/token/refresh/", json("refresh", refresh));
    assertThat(rotated.status()).as(rotated.raw().body()).isEqualTo(200);
    assertThat(http.get("/auth/me/", rotated.text("access")).status()).isEqualTo(200);
    assertThat(
            http.post("/auth/login/basic/", json("email", address, "password", PASSWORD)).status())
        .isEqualTo(200);
    assertThat(pool.getActiveConnections()).isZero();
    assertThat(pool.getThreadsAwaitingConnection()).isZero();
  }
}
