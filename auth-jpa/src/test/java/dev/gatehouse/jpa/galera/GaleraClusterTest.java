package dev.gatehouse.jpa.galera;

import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.failures;
import static dev.gatehouse.core.flows.otp.OtpWorld.phone;
import static dev.gatehouse.core.flows.otp.OtpWorld.smsCode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatehouse.core.Gatehouse;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.RegistrationRequest;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.StorageConflictException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.account.AccountTests;
import dev.gatehouse.core.flows.host.DeliveryTest;
import dev.gatehouse.core.flows.otp.OtpWorld;
import dev.gatehouse.core.flows.session.Race;
import dev.gatehouse.core.flows.session.Users;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpRequest;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.InvalidRefreshTokenException;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.testing.CapturingEmailSender;
import dev.gatehouse.testing.MutableClock;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Three Gatehouse instances, each on its own node of a multi-primary MariaDB Galera cluster (three
 * nodes on one host, {@code .ci/galera.sh}; docs/OPERATIONS.md, "MariaDB Galera"), on one database.
 * Galera takes no row lock across nodes: two nodes' transactions writing one row both run, and the
 * one that commits second fails certification with error 1213 at its commit. These tests race the
 * flows that must happen once on all three nodes together and count every outcome: a success, the
 * flow's own refusal, or the store's typed conflict ({@link StorageConflictException}, HTTP 503);
 * never a second success or an untyped failure.
 *
 * <p>Runs when {@code GATEHOUSE_TEST_GALERA_URLS} names the three nodes; skipped otherwise, failed
 * with {@code GATEHOUSE_TEST_REQUIRE_GALERA=true}.
 */
class GaleraClusterTest {
  private static final String CONFLICT = "storage_conflict";
  private static GaleraDatabase db;
  private static String unavailable;

  @BeforeAll
  static void openDatabase() throws SQLException {
    unavailable = GaleraDatabase.unavailable();
    if (unavailable != null) {
      return;
    }
    long t0 = System.nanoTime();
    db = GaleraDatabase.create();
    report("database created and migrated in %d ms", (System.nanoTime() - t0) / 1_000_000);
  }

  @BeforeEach
  void needsTheCluster() {
    assumeTrue(unavailable == null, unavailable);
  }

  @AfterAll
  static void dropDatabase() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void oneRefreshTokenRacedOnThreeNodesGivesAtMostOneSuccessAndTypedRefusals() throws Exception {
    List<GatehouseFixture> g = instances(b -> b);
    Map<String, Integer> total = new TreeMap<>();
    for (int round = 0; round < 5; round++) {
      UUID user = Users.create(g.get(0));
      TokenPair pair = Users.login(g.get(0), user);
      List<Callable<TokenPair>> tasks = new ArrayList<>();
      for (int copy = 0; copy < 3; copy++) {
        for (GatehouseFixture node : g) {
          tasks.add(() -> node.gatehouse.sessions().refresh(pair.refreshToken(), client()));
        }
      }

      Map<String, Integer> counts = tally(Race.run(tasks));

      report("refresh race round %d (9 refreshes, 3 per node): %s", round, counts);
      assertThat(counts.getOrDefault("ok", 0)).isLessThanOrEqualTo(1);
      assertThat(counts.keySet()).isSubsetOf("ok", "invalid_refresh_token", CONFLICT);
      counts.forEach((k, v) -> total.merge(k, v, Integer::sum));
    }
    report("refresh races, 5 rounds: %s", total);
  }

  @Test
  void aRotatedTokenReplayedOnAnotherNodeRevokesTheFamilyOnAllNodes() {
    List<GatehouseFixture> g = instances(b -> b);
    UUID user = Users.create(g.get(0));
    TokenPair first = Users.login(g.get(0), user);
    TokenPair second = g.get(1).gatehouse.sessions().refresh(first.refreshToken(), client());

    assertThatThrownBy(() -> g.get(2).gatehouse.sessions().refresh(first.refreshToken(), client()))
        .isInstanceOf(InvalidRefreshTokenException.class);

    assertThat(g.get(2).events)
        .filteredOn(AuthEvent.TokenReuseDetected.class::isInstance)
        .hasSize(1);
    assertThatThrownBy(() -> g.get(0).gatehouse.sessions().refresh(second.refreshToken(), client()))
        .isInstanceOf(InvalidRefreshTokenException.class);
    for (GatehouseFixture node : g) {
      assertThat(node.gatehouse.sessions().listSessions(user, null)).isEmpty();
    }
  }

  @Test
  void aOneTimeCodeVerifiedOnThreeNodesAtOnceSucceedsOnce() throws Exception {
    List<GatehouseFixture> g = new ArrayList<>();
    for (var node : db.nodes) {
      g.add(OtpWorld.gatehouse(node));
    }
    sameClock(g);
    Map<String, Integer> total = new TreeMap<>();
    for (int round = 0; round < 3; round++) {
      String phone = phone();
      g.get(0).gatehouse.otp().request(OtpRequest.of(phone, OtpChannel.SMS, OtpPurpose.LOGIN));
      String code = smsCode(g.get(0), phone);
      List<Callable<Object>> tasks = new ArrayList<>();
      for (int copy = 0; copy < 8; copy++) {
        for (GatehouseFixture node : g) {
          tasks.add(
              () -> {
                node.gatehouse.otp().verify(phone, OtpChannel.SMS, OtpPurpose.LOGIN, code);
                return Boolean.TRUE;
              });
        }
      }

      Map<String, Integer> counts = tally(Race.run(tasks));

      report("code race round %d (24 verifications, 8 per node): %s", round, counts);
      assertThat(counts.get("ok")).isEqualTo(1);
      assertThat(counts.keySet()).isSubsetOf("ok", "otp_used", CONFLICT);
      counts.forEach((k, v) -> total.merge(k, v, Integer::sum));
    }
    report("code races, 3 rounds: %s", total);
  }

  /**
   * The lockout's counter is one row, so the nodes' increments certify one after another: with the
   * delay starting at the ninth failure and the lock at the tenth, 45 wrong passwords spread over
   * the three nodes evaluate no more than nine, the tenth locks the account, and the lock holds on
   * every node.
   */
  @Test
  void wrongPasswordsSpreadOverThreeNodesLockTheAccountAtTheLimit() throws Exception {
    List<GatehouseFixture> g =
        instances(
            b ->
                b.set(ThrottleSettings.LOGIN_DELAY_AFTER, 9)
                    .set(ThrottleSettings.LOGIN_MAX_FAILURES, 10));
    String email = "lock" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    UUID id = confirmed(g.get(0), email);
    long before = hashes(g);
    List<Callable<Object>> tasks = new ArrayList<>();
    for (int copy = 0; copy < 15; copy++) {
      for (GatehouseFixture node : g) {
        String ip = "198.51.100." + (tasks.size() + 1);
        tasks.add(() -> node.gatehouse.accounts().login(wrong(email, ip)));
      }
    }

    Map<String, Integer> burst = tally(Race.run(tasks));

    long evaluated = hashes(g) - before;
    report("lockout burst (45 wrong passwords, 15 per node): %s, evaluated %d", burst, evaluated);
    assertThat(burst.keySet()).isSubsetOf("invalid_credentials", "rate_limited", CONFLICT);
    assertThat(evaluated)
        .isEqualTo((long) burst.getOrDefault("invalid_credentials", 0))
        .isLessThanOrEqualTo(9);
    assertThat(failures(g.get(1), id)).isEqualTo(evaluated);
    // The delay ends; failures up to the limit, each on the next node, then the account is locked.
    for (long n = evaluated; n < 10; n++) {
      advance(g, Duration.ofSeconds(1));
      Gatehouse next = g.get((int) (n % 3)).gatehouse;
      assertThat(code(() -> next.accounts().login(wrong(email, "198.51.100.250"))))
          .isEqualTo("invalid_credentials");
    }
    assertThat(failures(g.get(2), id)).isEqualTo(10);
    List<Callable<Object>> locked = new ArrayList<>();
    for (int copy = 0; copy < 10; copy++) {
      for (GatehouseFixture node : g) {
        locked.add(() -> node.gatehouse.accounts().login(wrong(email, "198.51.100.200")));
        locked.add(
            () -> node.gatehouse.accounts().login(LoginRequest.of(email, AccountTests.PASSWORD)));
      }
    }
    long beforeLocked = hashes(g);

    Map<String, Integer> afterLock = tally(Race.run(locked));

    report("after the lock (60 logins, half with the right password): %s", afterLock);
    assertThat(afterLock).isEqualTo(Map.of("account_locked", 60));
    assertThat(hashes(g)).isEqualTo(beforeLocked);
    assertThat(
            g.stream()
                .mapToLong(
                    f -> f.events.stream().filter(AuthEvent.Locked.class::isInstance).count())
                .sum())
        .isEqualTo(1);
  }

  /**
   * A transaction that loses to another node's commit of the same row is ended by Galera with error
   * 1213 ("Deadlock found ... try restarting transaction") at its commit; the store reports it as
   * the typed conflict, whose caller may run it again, and none of its writes remain.
   */
  @Test
  void aTransactionThatLosesCertificationIsATypedConflictAndWritesNothing() throws Exception {
    String key = "galera-probe-" + UUID.randomUUID();
    try (Connection node1 = db.connect(0)) {
      try (PreparedStatement insert =
          node1.prepareStatement(
              "insert into gh_counter (counter_key, hits, window_start, updated_at)"
                  + " values (?, 0, current_timestamp, current_timestamp)")) {
        insert.setString(1, key);
        assertThat(insert.executeUpdate()).isEqualTo(1);
      }
      Throwable lost =
          catchThrowable(
              () ->
                  db.store(1)
                      .inBulkTransaction(
                          tx ->
                              tx.onConnection(
                                  node2 -> {
                                    assertThat(addHits(node2, key, 1)).isEqualTo(1);
                                    // Node 1 knows nothing of node 2's row lock and commits first.
                                    assertThat(addHits(node1, key, 100)).isEqualTo(1);
                                    return null;
                                  })));

      assertThat(lost).isInstanceOf(StorageConflictException.class);
      assertThat(sqlErrorCode(lost)).isEqualTo(1213);
    }
    for (int node = 0; node < 3; node++) {
      try (Connection c = db.connect(node);
          PreparedStatement q =
              c.prepareStatement("select hits from gh_counter where counter_key = ?")) {
        q.setString(1, key);
        try (ResultSet r = q.executeQuery()) {
          assertThat(r.next()).isTrue();
          assertThat(r.getLong(1)).as("node %d", node + 1).isEqualTo(100);
        }
      }
    }
  }

  @Test
  void threeDispatchersOnThreeNodesDeliverEachMessageOnce() throws Exception {
    MutableClock clock = DeliveryTest.clock();
    int users = 30;
    List<String> addresses = new ArrayList<>();
    long before = lastOutboxId();
    try (Gatehouse web =
        DeliveryTest.gatehouse(
            db.store(0),
            clock,
            new CapturingEmailSender(),
            null,
            b -> b.dispatchDeliveries(false))) {
      for (int i = 0; i < users; i++) {
        String a = DeliveryTest.address("galera-" + i + "-");
        addresses.add(a);
        web.accounts()
            .register(
                RegistrationRequest.builder().email(a).password(DeliveryTest.PASSWORD).build());
      }
    }
    List<CapturingEmailSender> senders = new ArrayList<>();
    List<Gatehouse> dispatchers = new ArrayList<>();
    try {
      for (int node = 0; node < 3; node++) {
        CapturingEmailSender sender = new CapturingEmailSender();
        senders.add(sender);
        dispatchers.add(
            DeliveryTest.gatehouse(
                db.store(node), clock, sender, null, b -> b.deliveryExecutor(Runnable::run)));
      }
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (Gatehouse d : dispatchers) {
        tasks.add(d::deliverPending);
      }

      List<Object> race = Race.run(tasks);

      Map<String, Integer> counts = tally(race);
      int settled =
          race.stream().filter(Integer.class::isInstance).mapToInt(Integer.class::cast).sum();
      report("dispatch race (3 dispatchers, %d messages): %s, settled %d", users, counts, settled);
      // A claim that loses certification to another node's claim of the same message is run
      // again and finds it claimed; a settlement that loses is run again and written: no
      // dispatcher fails, and every message is settled by the one that sent it.
      assertThat(counts).isEqualTo(Map.of("ok", 3));
      assertThat(settled).isEqualTo(users);
      for (Gatehouse d : dispatchers) {
        assertThat(d.deliverPending()).isZero();
      }
    } finally {
      for (Gatehouse d : dispatchers) {
        d.close();
      }
    }
    List<String> delivered = new ArrayList<>();
    List<Integer> perNode = new ArrayList<>();
    for (CapturingEmailSender s : senders) {
      int mine = 0;
      for (EmailMessage m : s.sent()) {
        if (addresses.contains(m.to())) {
          delivered.add(m.to());
          mine++;
        }
      }
      perNode.add(mine);
    }
    report("messages sent per node: %s", perNode);
    assertThat(delivered).containsExactlyInAnyOrderElementsOf(addresses);
    // Every message's row is settled as sent: none is left claimed, to be sent again at its lease's
    // end.
    List<String> unsettled = new ArrayList<>();
    try (Connection c = db.connect(2);
        PreparedStatement q =
            c.prepareStatement(
                "select id, purpose, status, attempts from gh_outbox where id > ?"
                    + " and status <> 'SENT' order by id")) {
      q.setLong(1, before);
      try (ResultSet r = q.executeQuery()) {
        while (r.next()) {
          unsettled.add(
              r.getLong(1) + " " + r.getString(2) + " " + r.getString(3) + " " + r.getInt(4));
        }
      }
    }
    assertThat(unsettled).isEmpty();
  }

  private static long lastOutboxId() throws SQLException {
    try (Connection c = db.connect(0);
        PreparedStatement q = c.prepareStatement("select coalesce(max(id), 0) from gh_outbox");
        ResultSet r = q.executeQuery()) {
      assertThat(r.next()).isTrue();
      return r.getLong(1);
    }
  }

  private static int addHits(Connection c, String key, int hits) throws SQLException {
    try (PreparedStatement u =
        c.prepareStatement("update gh_counter set hits = hits + ? where counter_key = ?")) {
      u.setInt(1, hits);
      u.setString(2, key);
      return u.executeUpdate();
    }
  }

  private static int sqlErrorCode(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLException sql) {
        return sql.getErrorCode();
      }
    }
    return 0;
  }

  /** One Gatehouse per node, all on one clock instant, with {@code tweak}'s configuration. */
  private static List<GatehouseFixture> instances(UnaryOperator<GatehouseConfig.Builder> tweak) {
    List<GatehouseFixture> g = new ArrayList<>();
    for (var node : db.nodes) {
      g.add(new GatehouseFixture(node, tweak));
    }
    sameClock(g);
    return g;
  }

  private static void sameClock(List<GatehouseFixture> g) {
    Instant now = g.get(0).clock.instant();
    g.forEach(f -> f.clock.set(now));
  }

  private static void advance(List<GatehouseFixture> g, Duration d) {
    g.forEach(f -> f.clock.advance(d));
  }

  private static long hashes(List<GatehouseFixture> g) {
    return g.stream().mapToLong(f -> f.gatehouse.passwordHashing().hashComputations()).sum();
  }

  private static ClientInfo client() {
    return ClientInfo.web("198.51.100.9");
  }

  private static LoginRequest wrong(String email, String ip) {
    return new LoginRequest(email, "wrong-password", ClientInfo.web(ip));
  }

  private static String code(Callable<?> call) {
    try {
      call.call();
      return "ok";
    } catch (Exception e) {
      return outcome(e);
    }
  }

  /** What a raced call came to: "ok", the typed refusal's code, or the unexpected failure. */
  private static String outcome(Object result) {
    if (!(result instanceof Throwable t)) {
      return "ok";
    }
    if (t instanceof StorageConflictException) {
      return CONFLICT;
    }
    if (t instanceof AuthException e) {
      return e.code();
    }
    return "unexpected " + t;
  }

  private static Map<String, Integer> tally(List<Object> results) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Object r : results) {
      counts.merge(outcome(r), 1, Integer::sum);
    }
    return counts;
  }

  private static void report(String format, Object... args) {
    System.out.println("galera: " + String.format(format, args));
  }
}
