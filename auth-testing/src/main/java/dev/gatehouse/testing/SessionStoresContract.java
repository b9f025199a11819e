package dev.gatehouse.testing;

import static dev.gatehouse.testing.FeatureStoresContract.AT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.SessionStore;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of the session rows every {@link AuthStore} must have beyond login and refresh
 * ({@link AuthStoreContract}'s own tests), as tests: a session's {@code auth_time} and the claims
 * modules keep in it survive every write, the cleanup deletes dead sessions with their refresh
 * tokens in batches, and the sessions revoked since a time are answered (what every instance
 * follows). {@link FeatureStoresContract#AT} is the time the rows are written at.
 *
 * <p>{@link AuthStoreContract} implements it, so a store that extends that class passes these tests
 * too; every test makes its own users and keys.
 */
public interface SessionStoresContract {
  /**
   * @return the store under test; it may be the same instance for every test
   */
  AuthStore store();

  private <T> T tx(Function<StoreTransaction, T> work) {
    return store().inTransaction(work);
  }

  /** Runs {@code work}, a conditional change or check, in a transaction; answers its answer. */
  private boolean ok(Function<StoreTransaction, Boolean> work) {
    return store().inTransaction(work);
  }

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private UUID newUser() {
    String email = unique("sessions-") + "@example.com";
    return tx(tx -> tx.users().create(UserRecord.newAccount(AT).email(email, email).build()))
        .publicId();
  }

  /** A web session of {@code owner} started at {@link #AT}, idle after {@code idle}. */
  private static SessionStore.NewSession session(String id, UUID owner, Duration idle) {
    return session(id, owner, idle, AT);
  }

  /** The same, signed in at {@code authTime} (or at no known time). */
  private static SessionStore.NewSession session(
      String id, UUID owner, Duration idle, Instant authTime) {
    return new SessionStore.NewSession(
        id,
        owner,
        "web",
        null,
        List.of("pwd"),
        null,
        null,
        null,
        AT,
        authTime,
        AT.plus(Duration.ofDays(30)),
        AT.plus(idle));
  }

  /**
   * A session's auth time is stored as given — a legacy sign-in before the session started, or none
   * at all — and no later write (rotation, use, profile switch) changes it: a carried-over
   * session's {@code auth_time} survives its refreshes.
   */
  @Test
  default void aSessionKeepsItsAuthTimeOrItsLackOfOneThroughEveryWrite() {
    UUID owner = newUser();
    for (Instant authTime : new Instant[] {AT.minus(Duration.ofHours(20)), null}) {
      String first = unique("auth-time-");
      String id = unique("s-auth-time-");
      tx(
          tx -> {
            tx.sessions().createSession(session(id, owner, Duration.ofDays(7), authTime), first);
            return null;
          });
      assertEquals(authTime, tx(tx -> tx.sessions().findSession(id)).orElseThrow().authTime());
      assertTrue(
          tx(tx -> tx.sessions().findHeldSession(id)).isEmpty(),
          "a session with token rows holds no token");
      Instant later = AT.plusSeconds(5);
      assertEquals(
          authTime,
          tx(tx -> tx.sessions().rotateRefreshToken(first, first + "-next", later))
              .orElseThrow()
              .authTime());
      tx(
          tx -> {
            tx.sessions().recordUse(id, later, AT.plus(Duration.ofDays(7)), "203.0.113.0", "agent");
            tx.sessions().setSessionProfile(id, null);
            return null;
          });
      SessionStore.SessionState live =
          tx(tx -> tx.sessions().liveSessionsOf(owner, later)).stream()
              .filter(s -> s.id().equals(id))
              .findFirst()
              .orElseThrow();
      assertEquals(authTime, live.authTime());
      assertEquals(AT, live.createdAt());
      assertEquals(later, live.lastUsedAt());
    }
  }

  /**
   * A refresh's rotation with its use ({@link SessionStore#rotateAndRecordUse}), however a store
   * does it: answers the session as before the rotation and records the use; keeps the stored idle
   * expiry while the new one moves it by less than a hundredth of the timeout and moves it after;
   * keeps the stored IP and user agent when none is given; a token already rotated, and the live
   * token of a revoked session, rotate nothing.
   */
  @Test
  default void aRotationRecordsItsUseWithTheIdleStepAndRotatesATokenOnce() {
    UUID owner = newUser();
    String first = unique("use-");
    String id = unique("s-use-");
    Duration idle = Duration.ofDays(7);
    tx(
        tx -> {
          tx.sessions().createSession(session(id, owner, idle), first);
          return null;
        });
    Instant soon = AT.plusSeconds(5);
    SessionStore.RotatedSession rotated =
        tx(tx ->
                tx.sessions()
                    .rotateAndRecordUse(
                        new SessionStore.RefreshUse(
                            first, first + "-2", soon, idle, "203.0.113.0", "agent")))
            .orElseThrow();
    assertTrue(rotated.used());
    assertEquals(id, rotated.session().id());
    assertEquals(AT, rotated.session().lastUsedAt());
    SessionStore.SessionState used = tx(tx -> tx.sessions().findSession(id)).orElseThrow();
    assertEquals(soon, used.lastUsedAt());
    assertEquals(AT.plus(idle), used.idleExpiresAt(), "five seconds move it by less than a step");
    assertEquals("203.0.113.0", used.coarseIp());
    assertEquals("agent", used.userAgent());
    assertTrue(
        tx(tx ->
                tx.sessions()
                    .rotateAndRecordUse(
                        new SessionStore.RefreshUse(first, first + "-3", soon, idle, null, null)))
            .isEmpty(),
        "a rotated token rotates nothing");
    Instant later = AT.plus(Duration.ofHours(3));
    assertTrue(
        tx(tx ->
                tx.sessions()
                    .rotateAndRecordUse(
                        new SessionStore.RefreshUse(
                            first + "-2", first + "-4", later, idle, null, null)))
            .orElseThrow()
            .used());
    SessionStore.SessionState moved = tx(tx -> tx.sessions().findSession(id)).orElseThrow();
    assertEquals(later.plus(idle), moved.idleExpiresAt(), "three hours are more than a step");
    assertEquals("203.0.113.0", moved.coarseIp());
    assertEquals("agent", moved.userAgent());
    assertTrue(ok(tx -> tx.sessions().revokeSession(id, null, later, "logout")));
    assertTrue(
        tx(tx ->
                tx.sessions()
                    .rotateAndRecordUse(
                        new SessionStore.RefreshUse(
                            first + "-4", first + "-5", later, idle, null, null)))
            .isEmpty(),
        "the live token of a revoked session rotates nothing");
    assertNull(tx(tx -> tx.sessions().findRefreshToken(first + "-4")).orElseThrow().rotatedAt());
  }

  /**
   * A session that holds its token: generation 0 with its hash at the start and no token row; an
   * advance succeeds once per generation and secret, records the use with the idle step, and leaves
   * an ended session as it was; the grace use of the generation just behind is claimed once and
   * only inside its window; a replacement moves to the next generation of a live session only.
   */
  @Test
  default void aSessionHoldingItsTokenAdvancesOncePerGenerationAndClaimsItsGraceOnce() {
    UUID owner = newUser();
    String id = unique("s-held-");
    Duration idle = Duration.ofDays(7);
    tx(
        tx -> {
          tx.sessions().createSessionHoldingToken(session(id, owner, idle), "h0");
          return null;
        });
    SessionStore.HeldSession found = tx(tx -> tx.sessions().findHeldSession(id)).orElseThrow();
    assertEquals(id, found.session().id(), "the session, read with its token");
    assertEquals(owner, found.session().userPublicId());
    assertTrue(
        found.owner() == null || found.owner().maySignIn(),
        "an owner read with the session is the one the store's owner read answers");
    SessionStore.HeldToken start = found.token();
    assertEquals(0, start.generation());
    assertEquals("h0", start.secretHash());
    assertNull(start.advancedAt());
    assertEquals(-1, start.graceGeneration());
    assertTrue(tx(tx -> tx.sessions().findRefreshToken("h0")).isEmpty(), "no token row");

    Instant soon = AT.plusSeconds(5);
    assertTrue(
        tx(tx ->
                tx.sessions()
                    .advanceAndRecordUse(
                        id, 0, new SessionStore.RefreshUse("wrong", "h1", soon, idle, null, null)))
            .isEmpty(),
        "another secret advances nothing");
    SessionStore.RotatedSession advanced =
        tx(tx ->
                tx.sessions()
                    .advanceAndRecordUse(
                        id,
                        0,
                        new SessionStore.RefreshUse("h0", "h1", soon, idle, "203.0.113.0", "ua")))
            .orElseThrow();
    assertTrue(advanced.used());
    assertEquals(id, advanced.session().id());
    SessionStore.SessionState used = tx(tx -> tx.sessions().findSession(id)).orElseThrow();
    assertEquals(soon, used.lastUsedAt());
    assertEquals(AT.plus(idle), used.idleExpiresAt(), "five seconds move it by less than a step");
    assertEquals("203.0.113.0", used.coarseIp());
    SessionStore.HeldToken one = tx(tx -> tx.sessions().findHeldSession(id)).orElseThrow().token();
    assertEquals(1, one.generation());
    assertEquals("h1", one.secretHash());
    assertEquals(soon, one.advancedAt());
    assertTrue(
        tx(tx ->
                tx.sessions()
                    .advanceAndRecordUse(
                        id, 0, new SessionStore.RefreshUse("h0", "h1b", soon, idle, null, null)))
            .isEmpty(),
        "a generation advances once");

    Instant window = soon.minusSeconds(10);
    assertTrue(!ok(tx -> tx.sessions().claimHeldGrace(id, 0, soon.plusSeconds(1))), "too late");
    assertTrue(ok(tx -> tx.sessions().claimHeldGrace(id, 0, window)));
    assertTrue(!ok(tx -> tx.sessions().claimHeldGrace(id, 0, window)), "claimed once");
    assertEquals(
        0, tx(tx -> tx.sessions().findHeldSession(id)).orElseThrow().token().graceGeneration());

    Instant later = AT.plus(Duration.ofHours(3));
    assertTrue(!ok(tx -> tx.sessions().replaceHeldToken(id, 0, "h2", later)), "not at 0");
    assertTrue(ok(tx -> tx.sessions().replaceHeldToken(id, 1, "h2", later)));
    assertEquals(2, tx(tx -> tx.sessions().findHeldSession(id)).orElseThrow().token().generation());
    assertTrue(!ok(tx -> tx.sessions().claimHeldGrace(id, 0, window)), "not the one behind");

    assertTrue(ok(tx -> tx.sessions().revokeSession(id, null, later, "logout")));
    assertTrue(
        tx(tx ->
                tx.sessions()
                    .advanceAndRecordUse(
                        id, 2, new SessionStore.RefreshUse("h2", "h3", later, idle, null, null)))
            .isEmpty(),
        "an ended session advances nothing");
    assertTrue(!ok(tx -> tx.sessions().replaceHeldToken(id, 2, "h3", later)));
    SessionStore.HeldSession ended = tx(tx -> tx.sessions().findHeldSession(id)).orElseThrow();
    assertEquals(2, ended.token().generation());
    assertEquals(later, ended.session().revokedAt(), "an ended session is read as ended");
    assertEquals("logout", ended.session().revokeReason());
  }

  /**
   * The claims modules keep in a session: none for a new session, kept as given through a rotation,
   * a use and a profile switch, answered by every read of the session, and gone when set to none.
   */
  @Test
  default void aSessionKeepsTheClaimsModulesSetThroughEveryWrite() {
    UUID owner = newUser();
    String first = unique("claims-");
    String id = unique("s-claims-");
    tx(
        tx -> {
          tx.sessions().createSession(session(id, owner, Duration.ofDays(7)), first);
          return null;
        });
    assertNull(tx(tx -> tx.sessions().findSession(id)).orElseThrow().claims());
    String claims = "{\"organizations\":{\"org_id\":\"" + owner + "\",\"org_role\":\"owner\"}}";
    tx(
        tx -> {
          tx.sessions().setSessionClaims(id, claims);
          return null;
        });
    Instant later = AT.plusSeconds(5);
    assertEquals(
        claims,
        tx(tx -> tx.sessions().rotateRefreshToken(first, first + "-next", later))
            .orElseThrow()
            .claims());
    tx(
        tx -> {
          tx.sessions().recordUse(id, later, AT.plus(Duration.ofDays(7)), "203.0.113.0", "agent");
          tx.sessions().setSessionProfile(id, null);
          return null;
        });
    assertEquals(claims, tx(tx -> tx.sessions().findSession(id)).orElseThrow().claims());
    assertEquals(
        claims,
        tx(tx -> tx.sessions().liveSessionsOf(owner, later)).stream()
            .filter(s -> s.id().equals(id))
            .findFirst()
            .orElseThrow()
            .claims());
    tx(
        tx -> {
          tx.sessions().setSessionClaims(id, null);
          return null;
        });
    assertNull(tx(tx -> tx.sessions().findSession(id)).orElseThrow().claims());
  }

  /**
   * The cleanup deletes dead sessions — revoked, or idle past their expiry — with their refresh
   * tokens, at most a batch at a time, and leaves a live one with its token.
   */
  @Test
  default void deadSessionsGoWithTheirRefreshTokensInBatches() {
    UUID owner = newUser();
    List<String> hashes = List.of(unique("dead-a-"), unique("dead-b-"), unique("live-"));
    List<String> ids = List.of(unique("s-a-"), unique("s-b-"), unique("s-live-"));
    tx(
        tx -> {
          for (int i = 0; i < 3; i++) {
            Duration idle = i == 1 ? Duration.ofMinutes(1) : Duration.ofDays(7);
            tx.sessions().createSession(session(ids.get(i), owner, idle), hashes.get(i));
          }
          return tx.sessions().revokeSession(ids.get(0), owner, AT, "logout");
        });
    Instant later = AT.plus(Duration.ofHours(1));
    int deleted = 0;
    for (int round = 0; round < 10_000; round++) {
      int batch = tx(tx -> tx.sessions().deleteDeadSessions(later, 1));
      assertTrue(batch <= 1, "a batch deleted more than its size");
      if (batch == 0) {
        break;
      }
      deleted += batch;
    }
    assertTrue(deleted >= 2);
    for (int i = 0; i < 2; i++) {
      String id = ids.get(i);
      String hash = hashes.get(i);
      assertTrue(tx(tx -> tx.sessions().findSession(id)).isEmpty());
      assertTrue(tx(tx -> tx.sessions().findRefreshToken(hash)).isEmpty());
    }
    assertTrue(tx(tx -> tx.sessions().findSession(ids.get(2))).isPresent());
    assertTrue(tx(tx -> tx.sessions().findRefreshToken(hashes.get(2))).isPresent());
  }

  /**
   * The sessions revoked since a time are answered with their revocation time; those revoked
   * earlier and those never revoked are not (what every instance reads to follow revocations).
   */
  @Test
  default void theSessionsRevokedSinceATimeAreAnsweredWithTheirRevocationTime() {
    UUID owner = newUser();
    List<String> ids = List.of(unique("s-earlier-"), unique("s-later-"), unique("s-live-"));
    Instant since = AT.plusSeconds(100);
    tx(
        tx -> {
          for (String id : ids) {
            tx.sessions().createSession(session(id, owner, Duration.ofDays(7)), unique("hash-"));
          }
          return null;
        });
    assertTrue(
        ok(tx -> tx.sessions().revokeSession(ids.get(0), owner, since.minusMillis(1), "logout")));
    assertTrue(ok(tx -> tx.sessions().revokeSession(ids.get(1), owner, since, "logout")));
    List<SessionStore.Revocation> found = tx(tx -> tx.sessions().revokedSince(since));
    assertTrue(found.contains(new SessionStore.Revocation(ids.get(1), since)), found.toString());
    assertTrue(found.stream().noneMatch(r -> r.sessionId().equals(ids.get(0))), found.toString());
    assertTrue(found.stream().noneMatch(r -> r.sessionId().equals(ids.get(2))), found.toString());
  }
}
