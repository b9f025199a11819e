package dev.gatehouse.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatehouse.core.identity.Identifiers.IdentifierKind;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.CounterStore.CounterState;
import dev.gatehouse.core.store.DeviceStore.DeviceRecord;
import dev.gatehouse.core.store.OtpCodeStore;
import dev.gatehouse.core.store.ProfileStore.ProfileRecord;
import dev.gatehouse.core.store.SessionStore;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import dev.gatehouse.core.store.StoreTransaction.SessionOwner;
import dev.gatehouse.core.store.UserRecord;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link AuthStore} must have, as tests: identifiers found once normalised and
 * unique, conditional updates that answer whether they applied, a profile or device never reached
 * through another user, one-time codes spent once under a burst, counters counted exactly under a
 * burst and restarted with their window, a refresh token rotated once under a race and never for a
 * revoked session, a failed transaction that wrote nothing, after-commit actions that run only
 * after a commit, and instants kept to the microsecond. Gatehouse's JPA store passes it on H2,
 * PostgreSQL and MariaDB.
 *
 * <p>A store certifies itself by extending this class in its own tests and answering {@link
 * #store()}; every test makes its own users and keys, so one store may serve them all, in any
 * order. The tests use JUnit 5 only.
 *
 * <pre>{@code
 * class MyStoreContractTest extends AuthStoreContract {
 *   private static final AuthStore STORE = MyStore.open(...);
 *
 *   @Override
 *   public AuthStore store() {
 *     return STORE;
 *   }
 * }
 * }</pre>
 */
public abstract class AuthStoreContract implements FeatureStoresContract, SessionStoresContract {
  /** The time the tests' rows are written at. */
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  /** For subclasses. */
  protected AuthStoreContract() {}

  /**
   * @return the store under test; it may be the same instance for every test
   */
  @Override
  public abstract AuthStore store();

  private <T> T inTx(Function<StoreTransaction, T> work) {
    return store().inTransaction(work);
  }

  private boolean applied(Function<StoreTransaction, Boolean> work) {
    return store().inTransaction(work);
  }

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  private UUID createUser(String email) {
    return inTx(
        tx ->
            tx.users()
                .create(
                    UserRecord.newAccount(NOW)
                        .email(email, email.toLowerCase(java.util.Locale.ROOT))
                        .passwordHash("old-hash")
                        .build())
                .publicId());
  }

  private UserRecord user(UUID id) {
    return inTx(tx -> tx.users().findByPublicId(id)).orElseThrow();
  }

  /** A user is found by each normalised identifier and by its public id, and by nothing else. */
  @Test
  public void usersAreFoundByEveryNormalisedIdentifierAndPublicId() {
    String email = unique("Ann") + "@Example.com";
    String phone = "+1415555" + (1000 + Math.floorMod(email.hashCode(), 8999));
    String username = unique("ann");
    UUID id =
        inTx(
            tx ->
                tx.users()
                    .create(
                        UserRecord.newAccount(NOW)
                            .email(email, email.toLowerCase(java.util.Locale.ROOT))
                            .phone(phone)
                            .username("Ann", username)
                            .build())
                    .publicId());
    inTx(
        tx -> {
          assertEquals(
              Optional.of(id),
              tx.users()
                  .findByEmail(email.toLowerCase(java.util.Locale.ROOT))
                  .map(UserRecord::publicId));
          assertEquals(Optional.of(id), tx.users().findByPhone(phone).map(UserRecord::publicId));
          assertEquals(
              Optional.of(id), tx.users().findByUsername(username).map(UserRecord::publicId));
          assertEquals(Optional.of(email), tx.users().findByPublicId(id).map(UserRecord::email));
          assertTrue(
              tx.users()
                  .findByEmail("nobody-" + email.toLowerCase(java.util.Locale.ROOT))
                  .isEmpty());
          assertTrue(tx.users().findByEmail(null).isEmpty());
          return null;
        });
  }

  /**
   * A second account with the same canonical email fails with {@link DuplicateKeyException}, and
   * the transaction that tried writes nothing at all.
   */
  @Test
  public void aDuplicateCanonicalEmailIsRefusedAndTheWholeTransactionRollsBack() {
    String email = unique("dup") + "@example.com";
    createUser(email);
    String bystander = unique("bystander") + "@example.com";
    DuplicateKeyException refused =
        assertThrows(
            DuplicateKeyException.class,
            () ->
                inTx(
                    tx -> {
                      tx.users()
                          .create(UserRecord.newAccount(NOW).email(bystander, bystander).build());
                      return tx.users()
                          .create(
                              UserRecord.newAccount(NOW)
                                  .email(email.toUpperCase(java.util.Locale.ROOT), email)
                                  .build());
                    }));
    assertEquals("duplicate", refused.code());
    assertTrue(inTx(tx -> tx.users().findByEmail(bystander)).isEmpty());
  }

  /**
   * Each update answers whether it applied; a record read before is never changed behind the
   * caller's back, a new read in the same transaction sees the update; soft deletion applies once.
   */
  @Test
  public void userUpdatesAnswerWhetherTheyAppliedAndALaterReadSeesThem() {
    Instant later = NOW.plusSeconds(60);
    String taken = unique("taken");
    inTx(tx -> tx.users().create(UserRecord.newAccount(NOW).username("Taken", taken).build()));
    UUID id = createUser(unique("upd") + "@example.com");
    String name = unique("bea");
    UserRecord u =
        inTx(
            tx -> {
              UserRecord before = tx.users().findByPublicId(id).orElseThrow();
              assertTrue(tx.users().recordLogin(id, later));
              assertTrue(tx.users().markVerified(id, IdentifierKind.EMAIL, later));
              assertTrue(
                  tx.users().updateDetails(id, "es-MX", "America/Mexico_City", "Bea", name, later));
              assertNull(before.lastLoginAt());
              return tx.users().findByPublicId(id).orElseThrow();
            });
    assertEquals(later, u.lastLoginAt());
    assertTrue(u.emailVerified());
    assertTrue(u.verified());
    assertFalse(u.phoneVerified());
    assertEquals("es-MX", u.language());
    assertEquals(name, u.usernameCanonical());
    assertEquals(later, u.modifiedAt());
    assertThrows(
        DuplicateKeyException.class,
        () -> inTx(tx -> tx.users().updateDetails(id, null, null, "Taken", taken, later)));
    assertTrue(applied(tx -> tx.users().softDelete(id, later)));
    assertFalse(applied(tx -> tx.users().softDelete(id, later)));
    assertTrue(user(id).deleted());
    assertTrue(
        applied(tx -> tx.users().update(u.toBuilder().deletedAt(null).active(false).build())));
    assertFalse(user(id).deleted());
    assertFalse(user(id).active());
    assertFalse(applied(tx -> tx.users().recordLogin(UUID.randomUUID(), NOW)));
  }

  /**
   * A password login is recorded only for a live, active user whose stored hash is still the one
   * that was verified.
   */
  @Test
  public void aPasswordLoginIsRecordedOnlyForALiveActiveUserWithTheVerifiedHash() {
    UUID id = createUser(unique("rpl") + "@example.com");
    Instant first = NOW.plusSeconds(10);
    Instant second = NOW.plusSeconds(20);
    assertFalse(applied(tx -> tx.users().recordPasswordLogin(id, "stale", first)));
    assertNull(user(id).lastLoginAt());
    assertTrue(applied(tx -> tx.users().recordPasswordLogin(id, "old-hash", first)));
    UserRecord u = user(id);
    assertEquals(first, u.lastLoginAt());
    assertEquals(first, u.modifiedAt());
    inTx(tx -> tx.users().update(u.toBuilder().active(false).build()));
    assertFalse(applied(tx -> tx.users().recordPasswordLogin(id, "old-hash", second)));
    inTx(tx -> tx.users().update(u.toBuilder().active(true).build()));
    inTx(tx -> tx.users().softDelete(id, second));
    assertFalse(applied(tx -> tx.users().recordPasswordLogin(id, "old-hash", second)));
    assertFalse(
        applied(tx -> tx.users().recordPasswordLogin(UUID.randomUUID(), "old-hash", second)));
    assertEquals(first, user(id).lastLoginAt());
  }

  /** A password hash is replaced only while it is still the one that was verified. */
  @Test
  public void aPasswordHashIsReplacedOnlyIfItIsStillTheOneThatWasVerified() {
    UUID id = createUser(unique("cas") + "@example.com");
    assertFalse(applied(tx -> tx.users().replacePasswordHash(id, "stale", "new", NOW)));
    assertTrue(applied(tx -> tx.users().replacePasswordHash(id, "old-hash", "new", NOW)));
    assertEquals("new", user(id).passwordHash());
  }

  /** Making a profile the default leaves exactly one default. */
  @Test
  public void switchingTheDefaultProfileLeavesExactlyOneDefault() {
    UUID id = createUser(unique("prof") + "@example.com");
    List<Long> ids =
        inTx(
            tx -> {
              List<Long> out = new ArrayList<>();
              for (String role : List.of("client", "provider", "admin")) {
                out.add(tx.profiles().create(ProfileRecord.of(id, role, NOW)).id());
              }
              assertTrue(tx.profiles().makeDefault(id, out.get(0), NOW));
              return out;
            });
    assertTrue(applied(tx -> tx.profiles().makeDefault(id, ids.get(2), NOW)));
    List<Boolean> defaults =
        inTx(tx -> tx.profiles().list(id).stream().map(ProfileRecord::defaultProfile).toList());
    assertEquals(List.of(false, false, true), defaults);
    assertEquals(
        Optional.of(ids.get(2)), inTx(tx -> tx.profiles().findDefault(id)).map(ProfileRecord::id));
  }

  /** A profile is never found, changed, made default or deleted through another user. */
  @Test
  public void aProfileOfAnotherUserIsNeverReached() {
    UUID owner = createUser(unique("own") + "@example.com");
    UUID stranger = createUser(unique("str") + "@example.com");
    long profileId =
        inTx(
            tx ->
                tx.profiles()
                    .create(ProfileRecord.of(owner, "client", NOW).withDefaultProfile(true))
                    .id());
    inTx(
        tx -> {
          assertTrue(tx.profiles().find(stranger, profileId).isEmpty());
          ProfileRecord p = tx.profiles().find(owner, profileId).orElseThrow();
          assertFalse(
              tx.profiles()
                  .update(
                      new ProfileRecord(
                          p.id(), stranger, "admin", "x", null, false, false, NOW, NOW)));
          assertFalse(tx.profiles().makeDefault(stranger, profileId, NOW));
          assertFalse(tx.profiles().delete(stranger, profileId));
          return null;
        });
    ProfileRecord kept = inTx(tx -> tx.profiles().find(owner, profileId)).orElseThrow();
    assertEquals("client", kept.role());
    assertTrue(kept.active());
    assertTrue(kept.defaultProfile());
  }

  /**
   * The store's session-owner read answers what {@link StoreTransaction}'s default (a user read,
   * then a profile read) answers: the account's flags, and the profile only when it is the owner's.
   */
  @Test
  public void theSessionOwnerReadAnswersWhatTheDefaultReadsAnswer() {
    UUID owner = createUser(unique("own") + "@example.com");
    UUID stranger = createUser(unique("str") + "@example.com");
    UUID disabled = createUser(unique("dis") + "@example.com");
    UUID deleted = createUser(unique("del") + "@example.com");
    long own = inTx(tx -> tx.profiles().create(ProfileRecord.of(owner, "client", NOW)).id());
    long strangers =
        inTx(tx -> tx.profiles().create(ProfileRecord.of(stranger, "client", NOW)).id());
    inTx(
        tx -> {
          tx.users().update(user(tx, disabled).toBuilder().active(false).build());
          tx.users().update(user(tx, deleted).toBuilder().deletedAt(NOW).build());
          return null;
        });
    record Case(UUID user, Long profile, Optional<SessionOwner> expected) {}
    List<Case> cases =
        List.of(
            new Case(owner, own, Optional.of(new SessionOwner(true, false, true))),
            new Case(owner, null, Optional.of(new SessionOwner(true, false, false))),
            new Case(owner, strangers, Optional.of(new SessionOwner(true, false, false))),
            new Case(owner, 987_654_321L, Optional.of(new SessionOwner(true, false, false))),
            new Case(stranger, strangers, Optional.of(new SessionOwner(true, false, true))),
            new Case(disabled, null, Optional.of(new SessionOwner(false, false, false))),
            new Case(deleted, own, Optional.of(new SessionOwner(true, true, false))),
            new Case(UUID.randomUUID(), own, Optional.empty()));
    for (Case c : cases) {
      Optional<SessionOwner> one = inTx(tx -> tx.sessionOwner(c.user(), c.profile()));
      Optional<SessionOwner> byDefault =
          inTx(tx -> defaultsOnly(tx).sessionOwner(c.user(), c.profile()));
      assertEquals(byDefault, one, c.toString());
      assertEquals(
          c.expected(),
          one.map(o -> new SessionOwner(o.active(), o.deleted(), o.profileFound())),
          c.toString());
    }
  }

  private static UserRecord user(StoreTransaction tx, UUID id) {
    return tx.users().findByPublicId(id).orElseThrow();
  }

  /** {@code tx} with its own methods except those the interface implements by default. */
  private static StoreTransaction defaultsOnly(StoreTransaction tx) {
    return (StoreTransaction)
        Proxy.newProxyInstance(
            StoreTransaction.class.getClassLoader(),
            new Class<?>[] {StoreTransaction.class},
            (proxy, method, args) ->
                method.isDefault()
                    ? InvocationHandler.invokeDefault(proxy, method, args)
                    : method.invoke(tx, args));
  }

  /** A device is one row per user and installation token, updated in place. */
  @Test
  public void devicesAreUpsertedByUserAndToken() {
    UUID id = createUser(unique("dev") + "@example.com");
    List<Long> ids = new ArrayList<>();
    for (String push : List.of("push-1", "push-2")) {
      ids.add(
          inTx(
              tx ->
                  tx.devices()
                      .upsert(new DeviceRecord(null, id, "install-1", "ios", null, push, NOW, NOW))
                      .id()));
    }
    List<DeviceRecord> devices = inTx(tx -> tx.devices().list(id));
    assertEquals(1, devices.size());
    assertEquals(ids.get(0), devices.get(0).id());
    assertEquals(ids.get(1), devices.get(0).id());
    assertEquals("push-2", devices.get(0).notificationToken());
    assertEquals("ios", devices.get(0).platform());
  }

  private long storeCode(int maxAttempts, Instant expires) {
    String destination =
        "+1415" + (1_000_000 + Math.floorMod(UUID.randomUUID().hashCode(), 8_999_999));
    return inTx(
        tx ->
            tx.otpCodes()
                .create(
                    new OtpCodeStore.NewOtpCode(
                        null, "sms", destination, "login", "h", expires, maxAttempts, NOW)));
  }

  /**
   * Of a hundred concurrent consumptions of one code, exactly one succeeds.
   *
   * @throws Exception when a consumption fails or the burst does not finish
   */
  @Test
  public void aHundredConcurrentConsumptionsOfOneCodeGiveExactlyOneSuccess() throws Exception {
    long id = storeCode(5, NOW.plusSeconds(300));
    assertEquals(1, Bursts.countTrue(100, () -> inTx(tx -> tx.otpCodes().consume(id, NOW))));
  }

  /** An expired code, or one whose attempts are used up, cannot be consumed. */
  @Test
  public void anExpiredOrBurnedCodeCannotBeConsumed() {
    long expired = storeCode(5, NOW.minusSeconds(1));
    assertFalse(applied(tx -> tx.otpCodes().consume(expired, NOW)));
    long burned = storeCode(2, NOW.plusSeconds(300));
    assertEquals(1, this.<Integer>inTx(tx -> tx.otpCodes().recordFailure(burned, NOW)));
    assertEquals(2, this.<Integer>inTx(tx -> tx.otpCodes().recordFailure(burned, NOW)));
    assertFalse(applied(tx -> tx.otpCodes().consume(burned, NOW)));
  }

  /**
   * Fifty concurrent increments of one counter count fifty.
   *
   * @throws Exception when an increment fails or the burst does not finish
   */
  @Test
  public void fiftyConcurrentHitsOnOneCounterAreCountedAsFifty() throws Exception {
    String key = unique("login:acct:");
    Bursts.countTrue(
        50, () -> inTx(tx -> tx.counters().increment(key, NOW, Duration.ofMinutes(15))) != null);
    assertEquals(50, inTx(tx -> tx.counters().find(key)).orElseThrow().count());
  }

  /** A counter starts again at one when its window is over, and a reset removes it. */
  @Test
  public void aCounterRestartsWhenItsWindowIsOver() {
    String key = unique("ip:");
    Duration window = Duration.ofMinutes(10);
    inTx(tx -> tx.counters().increment(key, NOW, window));
    assertEquals(2, inTx(tx -> tx.counters().increment(key, NOW.plusSeconds(60), window)).count());
    Instant after = NOW.plus(window).plusSeconds(1);
    CounterState restarted = inTx(tx -> tx.counters().increment(key, after, window));
    assertEquals(1, restarted.count());
    assertEquals(after, restarted.windowStart());
    inTx(
        tx -> {
          tx.counters().reset(key);
          return null;
        });
    assertTrue(inTx(tx -> tx.counters().find(key)).isEmpty());
  }

  /** Preparing counters creates the missing ones empty and leaves existing ones as they are. */
  @Test
  public void preparedCountersAreCreatedEmptyAndExistingOnesKeepTheirCount() {
    String existing = unique("prepare:existing:");
    String missing = unique("prepare:missing:");
    Duration window = Duration.ofMinutes(15);
    inTx(
        tx -> {
          tx.counters().increment(existing, NOW, window);
          return tx.counters().increment(existing, NOW, window);
        });
    Instant later = NOW.plusSeconds(30);
    for (int i = 0; i < 2; i++) {
      store()
          .inNewTransaction(
              tx -> {
                tx.counters().prepare(List.of(existing, missing), later);
                return null;
              });
    }
    CounterState kept = inTx(tx -> tx.counters().find(existing)).orElseThrow();
    assertEquals(2, kept.count());
    assertEquals(NOW, kept.windowStart());
    CounterState created = inTx(tx -> tx.counters().find(missing)).orElseThrow();
    assertEquals(0, created.count());
    assertEquals(later, created.windowStart());
    assertNull(created.lockedUntil());
    assertEquals(1, inTx(tx -> tx.counters().increment(missing, later, window)).count());
  }

  private String createSession(UUID owner, String refreshHash) {
    String sessionId = UUID.randomUUID().toString();
    inTx(
        tx -> {
          tx.sessions()
              .createSession(
                  new SessionStore.NewSession(
                      sessionId,
                      owner,
                      "web",
                      null,
                      List.of("pwd"),
                      null,
                      null,
                      null,
                      NOW,
                      NOW,
                      NOW.plus(Duration.ofDays(30)),
                      NOW.plus(Duration.ofDays(7))),
                  refreshHash);
          return null;
        });
    return sessionId;
  }

  /**
   * Of twenty concurrent rotations of one refresh token, exactly one succeeds; its successor is the
   * session's live token, and the presented one is marked rotated.
   *
   * @throws Exception when a rotation fails or the burst does not finish
   */
  @Test
  public void aRefreshTokenRotatedByTwentyRequestsAtOnceIsRotatedOnce() throws Exception {
    UUID owner = createUser(unique("rot") + "@example.com");
    String first = unique("first-hash-");
    String sessionId = createSession(owner, first);
    AtomicInteger next = new AtomicInteger();
    List<String> winners = new ArrayList<>();
    int rotated =
        Bursts.countTrue(
            20,
            () -> {
              String successor = first + "-next-" + next.incrementAndGet();
              boolean won =
                  inTx(tx -> tx.sessions().rotateRefreshToken(first, successor, NOW.plusSeconds(5)))
                      .map(s -> s.id().equals(sessionId))
                      .orElse(false);
              if (won) {
                synchronized (winners) {
                  winners.add(successor);
                }
              }
              return won;
            });
    assertEquals(1, rotated);
    SessionStore.RefreshTokenState old =
        inTx(tx -> tx.sessions().findRefreshToken(first)).orElseThrow();
    assertEquals(winners.get(0), old.successorHash());
    assertEquals(NOW.plusSeconds(5), old.rotatedAt());
    assertTrue(
        inTx(tx ->
                tx.sessions()
                    .rotateRefreshToken(winners.get(0), unique("third-"), NOW.plusSeconds(6)))
            .isPresent());
  }

  /** A revoked session rotates no token and records no use. */
  @Test
  public void aRevokedSessionRotatesNothingAndRecordsNoUse() {
    UUID owner = createUser(unique("rev") + "@example.com");
    String token = unique("token-hash-");
    String sessionId = createSession(owner, token);
    assertTrue(
        applied(
            tx ->
                tx.sessions()
                    .recordUse(sessionId, NOW.plusSeconds(1), NOW.plusSeconds(3600), null, null)));
    assertTrue(
        applied(tx -> tx.sessions().revokeSession(sessionId, owner, NOW.plusSeconds(2), "logout")));
    assertFalse(
        applied(
            tx ->
                tx.sessions()
                    .recordUse(sessionId, NOW.plusSeconds(3), NOW.plusSeconds(3600), null, null)));
    assertTrue(
        inTx(tx -> tx.sessions().rotateRefreshToken(token, unique("after-"), NOW.plusSeconds(4)))
            .isEmpty());
    assertTrue(inTx(tx -> tx.sessions().liveSessionsOf(owner, NOW.plusSeconds(5))).isEmpty());
  }

  /**
   * A transaction that fails writes nothing, and its after-commit actions never run; those of a
   * committed one run once, after the commit.
   */
  @Test
  public void aFailedTransactionWritesNothingAndRunsNoAfterCommitAction() {
    String email = unique("rolled-back") + "@example.com";
    AtomicInteger ran = new AtomicInteger();
    IllegalStateException failure =
        assertThrows(
            IllegalStateException.class,
            () ->
                inTx(
                    tx -> {
                      tx.users().create(UserRecord.newAccount(NOW).email(email, email).build());
                      tx.afterCommit(ran::incrementAndGet);
                      throw new IllegalStateException("the flow failed");
                    }));
    assertEquals("the flow failed", failure.getMessage());
    assertTrue(inTx(tx -> tx.users().findByEmail(email)).isEmpty());
    assertEquals(0, ran.get());
    inTx(
        tx -> {
          tx.afterCommit(ran::incrementAndGet);
          assertEquals(0, ran.get(), "an after-commit action ran before the commit");
          return null;
        });
    assertEquals(1, ran.get());
  }

  /** Instants come back as they were written, to the microsecond, whatever the time zone. */
  @Test
  public void instantsSurviveTheRoundTripToTheMicrosecond() {
    Instant precise = Instant.parse("2026-07-04T23:59:58.123456Z");
    String phone = "+4420" + (10_000_000 + Math.floorMod(UUID.randomUUID().hashCode(), 8_999_999));
    UUID id =
        inTx(
            tx ->
                tx.users().create(UserRecord.newAccount(precise).phone(phone).build()).publicId());
    assertEquals(precise, user(id).dateJoined());
  }
}
