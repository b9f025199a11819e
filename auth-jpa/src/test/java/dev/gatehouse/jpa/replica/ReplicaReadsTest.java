package dev.gatehouse.jpa.replica;

import static dev.gatehouse.core.flows.account.AccountTests.PASSWORD;
import static dev.gatehouse.core.flows.account.AccountTests.codeOf;
import static dev.gatehouse.core.flows.account.AccountTests.confirmed;
import static dev.gatehouse.core.flows.account.AccountTests.email;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionService.TokenPair;
import dev.gatehouse.core.store.CounterStore.CounterState;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.jpa.JpaAuthStore;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Gatehouse instance on a PostgreSQL primary whose stale reads ({@code Gatehouse.Builder#
 * staleReads}) go to the primary's streaming replica ({@code .ci/pg-replica.sh};
 * docs/OPERATIONS.md, "PostgreSQL primary and streaming replica"). With the replica's replay
 * paused, the replica holds old data: every credential decision made meanwhile (sign-in, refresh, a
 * link's token, the lockout) still follows the primary's truth, and the revocation feed, read from
 * the replica, lags until the replica applies the primary's writes.
 *
 * <p>Runs when {@code GATEHOUSE_TEST_PG_REPLICA_URLS} names the pair; skipped otherwise, failed
 * with {@code GATEHOUSE_TEST_REQUIRE_PG_REPLICA=true}.
 */
class ReplicaReadsTest {
  private static final ClientInfo CLIENT = ClientInfo.web("198.51.100.31");
  private static ReplicaDatabase db;
  private static String unavailable;

  @BeforeAll
  static void openDatabase() throws SQLException {
    unavailable = ReplicaDatabase.unavailable();
    if (unavailable == null) {
      // Commits wait for the replica's flush, not its replay: a paused replay holds no commit up.
      db = ReplicaDatabase.create("on");
    }
  }

  @BeforeEach
  void needsThePair() {
    assumeTrue(unavailable == null, unavailable);
  }

  @AfterAll
  static void dropDatabase() throws Exception {
    if (db != null) {
      db.query(1, "select pg_wal_replay_resume()");
      db.close();
    }
  }

  @Test
  void whileTheReplicaStandsStillCredentialsFollowThePrimaryAndTheRevocationFeedTheReplica()
      throws Exception {
    GatehouseFixture g =
        new GatehouseFixture(
            db.primary,
            b ->
                b.set(ThrottleSettings.LOGIN_DELAY_AFTER, 2)
                    .set(ThrottleSettings.LOGIN_MAX_FAILURES, 3)
                    .set(TokenSettings.REVOCATION_FOLLOW, Duration.ofSeconds(2)),
            w -> w.staleReads(db.replica));
    // Another instance on the same primary, which revokes a session g learns of only by its feed.
    GatehouseFixture other = new GatehouseFixture(db.primary);
    String ada = email();
    String bob = email();
    UUID adaId = confirmed(g, ada);
    UUID bobId = confirmed(g, bob);
    TokenPair first = login(g, ada);
    TokenPair elsewhere = login(g, ada);
    assertThat(g.gatehouse.sessions().verifyUnrevokedAccessToken(elsewhere.accessToken()))
        .isNotNull();

    pauseReplay();
    try {
      // Written on the primary while the replica applies nothing.
      TokenPair rotated = g.gatehouse.sessions().refresh(first.refreshToken(), CLIENT);
      for (int i = 0; i < 3; i++) {
        g.clock.advance(Duration.ofSeconds(10));
        assertThat(codeOf(() -> g.gatehouse.accounts().login(LoginRequest.of(bob, "wrong-one"))))
            .isEqualTo("invalid_credentials");
      }
      // Last, so that the replica is behind it by less than the feed's overlap (30 s) below.
      other.clock.set(g.clock.instant());
      other.gatehouse.sessions().logout(adaId, sessionOf(g, elsewhere));
      String carl = email();
      UUID carlId = confirmed(g, carl);

      // The replica's view is the old one.
      assertThat(failures(db.replica, bobId)).isZero();
      Optional<UserRecord> carlOnReplica =
          db.replica.inTransaction(tx -> tx.users().findByPublicId(carlId));
      assertThat(carlOnReplica).isEmpty();
      assertThat(failures((JpaAuthStore) db.primary.store, bobId)).isEqualTo(3);

      // The revocation feed is read from the replica: the session revoked through the other
      // instance still passes here, past the follow interval. (This instance revokes nothing
      // before: a revocation made here would make the next look read the primary.)
      g.clock.advance(Duration.ofSeconds(3));
      assertThat(g.gatehouse.sessions().verifyUnrevokedAccessToken(elsewhere.accessToken()))
          .isNotNull();

      // Every credential decision follows the primary.
      assertThat(
              codeOf(() -> g.gatehouse.accounts().login(new LoginRequest(bob, PASSWORD, CLIENT))))
          .as("the lockout, which the replica does not know of")
          .isEqualTo("account_locked");
      assertThat(login(g, carl).refreshToken())
          .as("sign-in of an account the replica does not have")
          .isNotBlank();
      TokenPair again = g.gatehouse.sessions().refresh(rotated.refreshToken(), CLIENT);
      assertThat(again.refreshToken()).as("a refresh token the replica does not have").isNotBlank();
      assertThat(codeOf(() -> g.gatehouse.sessions().refresh(first.refreshToken(), CLIENT)))
          .as("a token rotated after the replica stopped")
          .isEqualTo("invalid_refresh_token");
      assertThat(codeOf(() -> g.gatehouse.sessions().refresh(elsewhere.refreshToken(), CLIENT)))
          .as("a session revoked elsewhere after the replica stopped")
          .isEqualTo("invalid_refresh_token");

    } finally {
      resumeReplayAndCatchUp();
    }
    g.clock.advance(Duration.ofSeconds(3));
    assertThat(
            codeOf(
                () -> g.gatehouse.sessions().verifyUnrevokedAccessToken(elsewhere.accessToken())))
        .isEqualTo("invalid_token");
  }

  @Test
  void aRevocationThroughThisInstanceIsFollowedAtOnceFromThePrimary() throws Exception {
    GatehouseFixture g =
        new GatehouseFixture(
            db.primary,
            b -> b.set(TokenSettings.REVOCATION_FOLLOW, Duration.ofSeconds(2)),
            w -> w.staleReads(db.replica));
    String ada = email();
    UUID adaId = confirmed(g, ada);
    TokenPair pair = login(g, ada);
    assertThat(g.gatehouse.sessions().verifyUnrevokedAccessToken(pair.accessToken())).isNotNull();

    pauseReplay();
    try {
      g.gatehouse.sessions().logout(adaId, sessionOf(g, pair));

      assertThat(
              codeOf(() -> g.gatehouse.sessions().verifyUnrevokedAccessToken(pair.accessToken())))
          .isEqualTo("invalid_token");
    } finally {
      resumeReplayAndCatchUp();
    }
  }

  private static TokenPair login(GatehouseFixture g, String email) {
    return g.gatehouse
        .accounts()
        .login(new LoginRequest(email, PASSWORD, CLIENT))
        .orElseThrow()
        .tokens();
  }

  private static String sessionOf(GatehouseFixture g, TokenPair pair) {
    return g.gatehouse.sessions().verifyAccessToken(pair.accessToken()).sessionId();
  }

  private static long failures(JpaAuthStore store, UUID id) {
    Optional<CounterState> c = store.inTransaction(tx -> tx.counters().find("login:user:" + id));
    return c.map(CounterState::count).orElse(0L);
  }

  /** Pauses the replica's replay and waits (bounded) until it has stopped. */
  private static void pauseReplay() throws SQLException {
    db.query(1, "select pg_wal_replay_pause()");
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!"paused".equals(db.query(1, "select pg_get_wal_replay_pause_state()"))) {
      assertThat(System.nanoTime()).as("replay still running").isLessThan(deadline);
    }
  }

  /** Resumes the replay and waits (bounded) until the replica has applied all the primary wrote. */
  private static void resumeReplayAndCatchUp() throws SQLException {
    db.query(1, "select pg_wal_replay_resume()");
    String target = db.query(0, "select pg_current_wal_lsn()::text");
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!"t"
        .equals(db.query(1, "select pg_last_wal_replay_lsn() >= '" + target + "'::pg_lsn"))) {
      assertThat(System.nanoTime()).as("replica not caught up").isLessThan(deadline);
    }
  }
}
