package dev.gatehouse.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.store.SessionStore.NewSession;
import dev.gatehouse.testing.InMemoryAuthStore;
import dev.gatehouse.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The follower's memory is bounded: a storm of revocations (an attacker logging in and out as fast
 * as the throttle lets him) past its limit makes it answer "unknown", so the caller reads the
 * session, rather than growing without end or answering "not revoked" for what it dropped.
 */
class RevocationFollowerTest {
  private final MutableClock clock = MutableClock.at(Instant.parse("2026-03-01T10:00:00Z"));
  private final InMemoryAuthStore store = new InMemoryAuthStore();
  private final UUID owner = UUID.randomUUID();

  private String revokedSession() {
    String id = UUID.randomUUID().toString();
    Instant now = clock.instant();
    store.inTransaction(
        tx -> {
          tx.sessions()
              .createSession(
                  new NewSession(
                      id,
                      owner,
                      "web",
                      null,
                      List.of("pwd"),
                      null,
                      null,
                      null,
                      now,
                      now,
                      now.plus(Duration.ofDays(30)),
                      now.plus(Duration.ofDays(7))),
                  "hash-" + id);
          return tx.sessions().revokeSession(id, owner, now, "logout");
        });
    return id;
  }

  @Test
  void pastItsLimitItAnswersUnknownForAnUnknownSessionUntilTheRevocationsAgeOut() {
    RevocationFollower follower =
        new RevocationFollower(
            Duration.ofSeconds(2),
            Duration.ofMinutes(5),
            Duration.ofSeconds(30),
            clock,
            store,
            store,
            2);
    String first = revokedSession();
    String second = revokedSession();
    assertThat(follower.isRevoked("never-revoked")).contains(false);
    assertThat(follower.isRevoked(first)).contains(true);

    String third = revokedSession();
    follower.revokedHere();
    assertThat(follower.isRevoked(third)).contains(true);
    assertThat(follower.isRevoked(second)).contains(true);
    assertThat(follower.isRevoked("never-revoked")).isEqualTo(Optional.empty());

    // Their tokens have all expired (5 minutes plus twice the skew): forgotten, answers again.
    clock.advance(Duration.ofMinutes(6).plusSeconds(1));
    assertThat(follower.isRevoked("never-revoked")).contains(false);
  }

  /**
   * With a store for stale reads (here an empty one: a replica that applied none of the
   * revocations), the periodic look reads it and misses what another instance revoked; the look a
   * revocation made here asks for reads the main store and sees it at once.
   */
  @Test
  void periodicLooksReadTheStaleStoreAndALookAfterARevocationHereReadsTheMainStore() {
    InMemoryAuthStore replica = new InMemoryAuthStore();
    RevocationFollower follower =
        new RevocationFollower(
            Duration.ofSeconds(2),
            Duration.ofMinutes(5),
            Duration.ofSeconds(30),
            clock,
            store,
            replica);
    String elsewhere = revokedSession();

    assertThat(follower.isRevoked(elsewhere)).contains(false);

    follower.revokedHere();
    assertThat(follower.isRevoked(elsewhere)).contains(true);
  }
}
