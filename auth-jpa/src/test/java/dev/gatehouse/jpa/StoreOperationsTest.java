package dev.gatehouse.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.error.StorageConflictException;
import dev.gatehouse.core.identity.IdentifierKind;
import dev.gatehouse.core.store.CounterStore;
import dev.gatehouse.core.store.CounterStore.CounterState;
import dev.gatehouse.core.store.DeviceRecord;
import dev.gatehouse.core.store.DuplicateKeyException;
import dev.gatehouse.core.store.OtpCodeStore;
import dev.gatehouse.core.store.ProfileRecord;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.StoreTransaction.SessionOwner;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.jpa.fixture.Bursts;
import dev.gatehouse.jpa.fixture.Fixtures;
import dev.gatehouse.jpa.fixture.JpaFixture;
import dev.gatehouse.testing.DatabaseKind;
import dev.gatehouse.testing.EnabledDatabases;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

class StoreOperationsTest {
  private static final Fixtures FIXTURES = new Fixtures();
  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  private static String unique(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A new active user with nothing set, created at {@code at}, to fill in. */
  static UserRecord.Builder user(Instant at) {
    return UserRecord.newAccount(at);
  }

  private static UUID createUser(JpaFixture f, String email) {
    return f.store.inTransaction(
        tx -> {
          return tx.users()
              .create(user(NOW).email(email, email.toLowerCase()).passwordHash("old-hash").build())
              .publicId();
        });
  }

  /** Preparing counters creates the missing ones with no hits and leaves existing ones alone. */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void preparedCountersAreCreatedEmptyAndExistingOnesKeepTheirCount(DatabaseKind kind) {
    JpaFixture f = FIXTURES.get(kind);
    String existing = unique("prepare:existing:");
    String missing = unique("prepare:missing:");
    Duration window = Duration.ofMinutes(15);
    f.store.inTransaction(
        tx -> {
          tx.counters().increment(existing, NOW, window);
          return tx.counters().increment(existing, NOW, window);
        });
    Instant later = NOW.plusSeconds(30);
    for (int i = 0; i < 2; i++) {
      f.store.inNewTransaction(
          tx -> {
            tx.counters().prepare(List.of(existing, missing), later);
            return null;
          });
    }
    CounterState kept = f.store.inTransaction(tx -> tx.counters().find(existing)).orElseThrow();
    assertThat(kept.count()).isEqualTo(2);
    assertThat(kept.windowStart()).isEqualTo(NOW);
    CounterState created = f.store.inTransaction(tx -> tx.counters().find(missing)).orElseThrow();
    assertThat(created.count()).isZero();
    assertThat(created.windowStart()).isEqualTo(later);
    assertThat(created.lockedUntil()).isNull();
    assertThat(f.store.inTransaction(tx -> tx.counters().increment(missing, later, window)).count())
        .isEqualTo(1);
  }

  /**
   * Two transactions of the store's own that take two counters in opposite orders deadlock: the one
   * the database ends fails with a {@link StorageConflictException} ({@code storage_failed},
   * retryable) and wrote nothing, and the other commits.
   */
  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aDeadlockEndsOneTransactionAsAStorageConflictThatWroteNothing(DatabaseKind kind)
      throws Exception {
    JpaFixture f = FIXTURES.get(kind);
    String a = unique("deadlock:a:");
    String b = unique("deadlock:b:");
    Duration window = Duration.ofMinutes(15);
    f.store.inTransaction(
        tx -> {
          tx.counters().increment(a, NOW, window);
          return tx.counters().increment(b, NOW, window);
        });
    CountDownLatch bothHoldOne = new CountDownLatch(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (List<String> order : List.of(List.of(a, b), List.of(b, a))) {
        runs.add(
            pool.submit(
                () ->
                    f.store.inNewTransaction(
                        tx -> {
                          tx.counters().increment(order.get(0), NOW, window);
                          bothHoldOne.countDown();
                          try {
                            assertThat(bothHoldOne.await(1, TimeUnit.MINUTES)).isTrue();
                          } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                          }
                          return tx.counters().increment(order.get(1), NOW, window);
                        })));
      }
      List<Throwable> failures = new ArrayList<>();
      for (Future<?> run : runs) {
        try {
          run.get(2, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
          failures.add(e.getCause());
        }
      }
      assertThat(failures)
          .singleElement()
          .isInstanceOfSatisfying(
              StorageConflictException.class,
              e -> {
                assertThat(e.code()).isEqualTo("storage_failed");
                assertThat(e.retryable()).isTrue();
              });
    } finally {
      pool.shutdownNow();
    }
    for (String key : List.of(a, b)) {
      assertThat(f.store.inTransaction(tx -> tx.counters().find(key)).orElseThrow().count())
          .as(key)
          .isEqualTo(2);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void usersAreFoundByEveryNormalisedIdentifierAndPublicId(DatabaseKind kind) {
    JpaFixture f = FIXTURES.get(kind);
    String email = unique("Ann") + "@Example.com";
    String phone = "+1415555" + (1000 + (int) (Math.random() * 8999));
    UUID id =
        f.store.inTransaction(
            tx -> {
              return tx.users()
                  .create(
                      user(NOW)
                          .email(email, email.toLowerCase())
                          .phone(phone)
                          .username("Ann", unique("ann"))
                          .build())
                  .publicId();
            });
    f.store.inTransaction(
        tx -> {
          assertThat(tx.users().findByEmail(email.toLowerCase()))
              .get()
              .extracting(UserRecord::publicId)
              .isEqualTo(id);
          assertThat(tx.users().findByPhone(phone)).isPresent();
          assertThat(tx.users().findByPublicId(id))
              .get()
              .extracting(UserRecord::email)
              .isEqualTo(email);
          assertThat(tx.users().findByEmail("nobody@example.com")).isEmpty();
          assertThat(tx.users().findByEmail(null)).isEmpty();
          return null;
        });
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aDuplicateNormalisedEmailIsRefusedAndTheWholeTransactionRollsBack(DatabaseKind kind) {
    JpaFixture f = FIXTURES.get(kind);
    String email = unique("dup") + "@example.com";
    createUser(f, email);
    String bystander = unique("bystander") + "@example.com";
    assertThatThrownBy(
            () ->
                f.store.inTransaction(
                    tx -> {
                      tx.users().create(user(NOW).email(bystander, bystander).build());
                      tx.users().create(user(NOW).email(email.toUpperCase(), email).build());
                      return null;
                    }))
        .isInstanceOf(DuplicateKeyException.class)
        .extracting(e -> ((DuplicateKeyException) e).code())
        .isEqualTo("duplicate");
    assertThat(f.store.<Optional<UserRecord>>inTransaction(tx -> tx.users().findByEmail(bystander)))
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void everyUserUpdateIsOneStatementAndAReadInTheSameTransactionSeesIt(DatabaseKind kind) {
    JpaFixture f = FIXTURES.get(kind);
    Instant later = NOW.plusSeconds(60);
    String taken = unique("taken");
    f.store.inTransaction(
        tx -> tx.users().create(user(NOW).username("Taken", taken).superuser(true).build()));
    UUID id = createUser(f, unique("upd") + "@example.com");
    String name = unique("bea");
    UserRecord u =
        f.store.inTransaction(
            tx -> {
              UserRecord created = tx.users().findByPublicId(id).orElseThrow();
              assertThat(tx.users().recordLogin(id, later)).isTrue();
              assertThat(tx.users().markVerified(id, IdentifierKind.EMAIL, later)).isTrue();
              assertThat(
                      tx.users()
                          .updateDetails(id, "es-MX", "America/Mexico_City", "Bea", name, later))
                  .isTrue();
              // A value read before is never changed behind the caller's back; a new read sees all.
              assertThat(created.lastLoginAt()).isNull();
              return tx.users().findByPublicId(id).orElseThrow();
            });
    assertThat(u.lastLoginAt()).isEqualTo(later);
    assertThat(u.emailVerified()).isTrue();
    assertThat(u.verified()).isTrue();
    assertThat(u.phoneVerified()).isFalse();
    assertThat(u.language()).isEqualTo("es-MX");
    assertThat(u.usernameCanonical()).isEqualTo(name);
    assertThat(u.modifiedAt()).isEqualTo(later);
    assertThat(u.toString()).doesNotContain("@", "Bea", "old-hash");
    assertThatThrownBy(
            () ->
                f.store.inTransaction(
                    tx -> tx.users().updateDetails(id, null, null, "Taken", taken, later)))
        .isInstanceOf(DuplicateKeyException.class);
    assertThat(f.store.<Long>inTransaction(tx -> tx.users().countSuperusers())).isPositive();
    assertThat(f.store.<Boolean>inTransaction(tx -> tx.users().softDelete(id, later))).isTrue();
    assertThat(f.store.<Boolean>inTransaction(tx -> tx.users().softDelete(id, later))).isFalse();
    assertThat(f.store.inTransaction(tx -> tx.users().findByPublicId(id)).orElseThrow().deleted())
        .isTrue();
    assertThat(
            f.store.<Boolean>inTransaction(
                tx -> tx.users().update(u.toBuilder().deletedAt(null).active(false).build())))
        .isTrue();
    UserRecord restored = f.store.inTransaction(tx -> tx.users().findByPublicId(id)).orElseThrow();
    assertThat(restored.deleted()).isFalse();
    assertThat(restored.active()).isFalse();
    assertThat(f.store.<Boolean>inTransaction(tx -> tx.users().recordLogin(UUID.randomUUID(), NOW)))
        .isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aPasswordLoginIsRecordedOnlyForALiveActiveUserWithTheVerifiedHash(DatabaseKind kind) {
    JpaFixture f = FIXTURES.get(kind);
    UUID id = createUser(f, unique("rpl") + "@example.com");
    Instant first = NOW.plusSeconds(10);
    Instant second = NOW.plusSeconds(20);
    assertThat(
            f.store.<Boolean>inTransaction(
                tx -> tx.users().recordPasswordLogin(id, "stale", first)))
        .isFalse();
    assertThat(
            f.store.inTransaction(tx -> tx.users().findByPublicId(id)).orElseThrow().lastLoginAt())
        .isNull();
    assertThat(
            f.store.<Boolean>inTransaction(
                tx -> tx.users().recordPasswordLogin(id, "old-hash", first)))
        .isTrue();
    UserRecord u = f.store.inTransaction(tx -> tx.users().findByPublicId(id)).orElseThrow();
    assertThat(u.lastLoginAt()).isEqualTo(first);
    assertThat(u.modifiedAt()).isEqualTo(first);
    f.store.inTransaction(tx -> tx.users().update(u.toBuilder().active(false).build()));
    assertThat(
            f.store.<Boolean>inTransaction(
                tx -> tx.users().recordPasswordLogin(id, "old-hash", second)))
        .isFalse();
    f.store.inTransaction(tx -> tx.users().update(u.toBuilder().active(true).build()));
    f.store.inTransaction(tx -> tx.users().softDelete(id, second));
    assertThat(
            f.store.<Boolean>inTransaction(
                tx -> tx.users().recordPasswordLogin(id, "old-hash", second)))
        .isFalse();
    assertThat(
            f.store.<Boolean>inTransaction(
                tx -> tx.users().recordPasswordLogin(UUID.randomUUID(), "old-hash", second)))
        .isFalse();
    assertThat(
            f.store.inTransaction(tx -> tx.users().findByPublicId(id)).orElseThrow().lastLoginAt())
        .isEqualTo(first);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void passwordHashIsReplacedOnlyIfItIsStillTheOneThatWasVerified(DatabaseKind kind) {
    JpaFixture f = FIXTURES.get(kind);
    UUID id = createUser(f, unique("cas") + "@example.com");
    assertThat(
            f.store.<Boolean>inTransaction(
                tx -> tx.users().replacePasswordHash(id, "stale", "new", NOW)))
        .isFalse();
    assertThat(
            f.store.<Boolean>inTransaction(
                tx -> tx.users().replacePasswordHash(id, "old-hash", "new", NOW)))
        .isTrue();
    assertThat(
            f.store.<String>inTransaction(
                tx -> tx.users().findByPublicId(id).orElseThrow().passwordHash()))
        .isEqualTo("new");
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void switchingTheDefaultProfileLeavesExactlyOneDefault(DatabaseKind kind) {
    JpaFixture f = FIXTURES.get(kind);
    UUID id = createUser(f, unique("prof") + "@example.com");
    List<Long> ids =
        f.store.inTransaction(
            tx -> {
              List<Long> out = new ArrayList<>();
              for (String role : List.of("client", "provider", "admin")) {
                out.add(tx.profiles().create(ProfileRecord.of(id, role, NOW)).id());
              }
              assertThat(tx.profiles().makeDefault(id, out.get(0), NOW)).isTrue();
              return out;
            });
    assertThat(f.store.<Boolean>inTransaction(tx -> tx.profiles().makeDefault(id, ids.get(2), NOW)))
        .isTrue();
    List<Boolean> defaults =
        f.store.inTransaction(
            tx -> tx.profiles().list(id).stream().map(ProfileRecord::defaultProfile).toList());
    assertThat(defaults).containsExactly(false, false, true);
    assertThat(f.store.<Optional<ProfileRecord>>inTransaction(tx -> tx.profiles().findDefault(id)))
        .map(ProfileRecord::id)
        .contains(ids.get(2));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aProfileOfAnotherUserIsNeverFound(DatabaseKind kind) {
    JpaFixture f = FIXTURES.get(kind);
    UUID owner = createUser(f, unique("own") + "@example.com");
    UUID stranger = createUser(f, unique("str") + "@example.com");
    long profileId =
        f.store.inTransaction(
            tx ->
                tx.profiles()
                    .create(ProfileRecord.of(owner, "client", NOW).withDefaultProfile(true))
                    .id());
    assertThat(
            f.store.<Optional<ProfileRecord>>inTransaction(
                tx -> tx.profiles().find(stranger, profileId)))
        .isEmpty();
    // Nor is it changed, made the stranger's default, or deleted.
    f.store.inTransaction(
        tx -> {
          ProfileRecord p = tx.profiles().find(owner, profileId).orElseThrow();
          assertThat(
                  tx.profiles()
                      .update(
                          new ProfileRecord(
                              p.id(), stranger, "admin", "x", null, false, false, NOW, NOW)))
              .isFalse();
          assertThat(tx.profiles().makeDefault(stranger, profileId, NOW)).isFalse();
          assertThat(tx.profiles().delete(stranger, profileId)).isFalse();
          return null;
        });
    assertThat(
            f.store.<Optional<ProfileRecord>>inTransaction(
                tx -> tx.profiles().find(owner, profileId)))
        .hasValueSatisfying(
            p -> {
              assertThat(p.role()).isEqualTo("client");
              assertThat(p.active()).isTrue();
              assertThat(p.defaultProfile()).isTrue();
            });
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void theSessionOwnerReadAnswersTheFlagsAndOnlyTheOwnersProfileAsTheDefaultReadsDo(
      DatabaseKind kind) {
    JpaFixture f = FIXTURES.get(kind);
    UUID owner = createUser(f, unique("own") + "@example.com");
    UUID stranger = createUser(f, unique("str") + "@example.com");
    UUID disabled = createUser(f, unique("dis") + "@example.com");
    UUID deleted = createUser(f, unique("del") + "@example.com");
    long own =
        f.store.inTransaction(
            tx -> tx.profiles().create(ProfileRecord.of(owner, "client", NOW)).id());
    long strangers =
        f.store.inTransaction(
            tx -> tx.profiles().create(ProfileRecord.of(stranger, "client", NOW)).id());
    f.store.inTransaction(
        tx -> {
          tx.users()
              .update(
                  tx.users().findByPublicId(disabled).orElseThrow().toBuilder()
                      .active(false)
                      .build());
          tx.users()
              .update(
                  tx.users().findByPublicId(deleted).orElseThrow().toBuilder()
                      .deletedAt(NOW)
                      .build());
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
      Optional<SessionOwner> one =
          f.store.inTransaction(tx -> tx.sessionOwner(c.user(), c.profile()));
      // The interface's default (a user read, then a profile read) on the same transaction.
      Optional<SessionOwner> byDefault =
          f.store.inTransaction(tx -> defaultsOnly(tx).sessionOwner(c.user(), c.profile()));
      // The roles facts too: the store's one read and the default's two agree.
      assertThat(one).as("%s", c).isEqualTo(byDefault);
      assertThat(one.map(o -> new SessionOwner(o.active(), o.deleted(), o.profileFound())))
          .as("%s", c)
          .isEqualTo(c.expected());
    }
    assertThat(new SessionOwner(true, false, false).maySignIn()).isTrue();
    assertThat(new SessionOwner(false, false, true).maySignIn()).isFalse();
    assertThat(new SessionOwner(true, true, true).maySignIn()).isFalse();
  }

  /**
   * {@code counters} with every method of its own except those the interface implements by default.
   */
  static CounterStore countersDefaultsOnly(CounterStore counters) {
    return defaultsOnly(counters, CounterStore.class);
  }

  /** {@code tx} with every method of its own except those the interface implements by default. */
  static StoreTransaction defaultsOnly(StoreTransaction tx) {
    return defaultsOnly(tx, StoreTransaction.class);
  }

  private static <T> T defaultsOnly(T target, Class<T> type) {
    return type.cast(
        Proxy.newProxyInstance(
            type.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) ->
                method.isDefault()
                    ? InvocationHandler.invokeDefault(proxy, method, args)
                    : method.invoke(target, args)));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void devicesAreUpsertedByUserAndToken(DatabaseKind kind) {
    JpaFixture f = FIXTURES.get(kind);
    UUID id = createUser(f, unique("dev") + "@example.com");
    List<Long> ids = new ArrayList<>();
    for (String push : List.of("push-1", "push-2")) {
      ids.add(
          f.store.inTransaction(
              tx ->
                  tx.devices()
                      .upsert(new DeviceRecord(null, id, "install-1", "ios", null, push, NOW, NOW))
                      .id()));
    }
    List<DeviceRecord> devices = f.store.inTransaction(tx -> tx.devices().list(id));
    assertThat(devices).hasSize(1);
    assertThat(devices.get(0).id()).isEqualTo(ids.get(0)).isEqualTo(ids.get(1));
    assertThat(devices.get(0).notificationToken()).isEqualTo("push-2");
    assertThat(devices.get(0).platform()).isEqualTo("ios");
  }

  private static long storeOtp(JpaFixture f, String destination, int maxAttempts, Instant expires) {
    return f.store.inTransaction(
        tx ->
            tx.otpCodes()
                .create(
                    new OtpCodeStore.NewOtpCode(
                        null, "sms", destination, "login", "h", expires, maxAttempts, NOW)));
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void hundredConcurrentConsumptionsOfOneCodeGiveExactlyOneSuccess(DatabaseKind kind)
      throws Exception {
    JpaFixture f = FIXTURES.get(kind);
    long id = storeOtp(f, unique("+1"), 5, NOW.plusSeconds(300));
    int successes = race(100, () -> f.store.inTransaction(tx -> tx.otpCodes().consume(id, NOW)));
    assertThat(successes).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void anExpiredOrBurnedCodeCannotBeConsumed(DatabaseKind kind) {
    JpaFixture f = FIXTURES.get(kind);
    long expired = storeOtp(f, unique("+1"), 5, NOW.minusSeconds(1));
    assertThat(f.store.<Boolean>inTransaction(tx -> tx.otpCodes().consume(expired, NOW))).isFalse();
    long burned = storeOtp(f, unique("+1"), 2, NOW.plusSeconds(300));
    assertThat(f.store.<Integer>inTransaction(tx -> tx.otpCodes().recordFailure(burned, NOW)))
        .isEqualTo(1);
    assertThat(f.store.<Integer>inTransaction(tx -> tx.otpCodes().recordFailure(burned, NOW)))
        .isEqualTo(2);
    assertThat(f.store.<Boolean>inTransaction(tx -> tx.otpCodes().consume(burned, NOW))).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void fiftyConcurrentHitsOnOneCounterAreCountedAsFifty(DatabaseKind kind) throws Exception {
    JpaFixture f = FIXTURES.get(kind);
    String key = unique("login:acct:");
    race(
        50,
        () ->
            f.store.inTransaction(tx -> tx.counters().increment(key, NOW, Duration.ofMinutes(15)))
                != null);
    CounterState state = f.store.inTransaction(tx -> tx.counters().find(key)).orElseThrow();
    assertThat(state.count()).isEqualTo(50);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void aCounterRestartsWhenItsWindowIsOver(DatabaseKind kind) {
    JpaFixture f = FIXTURES.get(kind);
    String key = unique("ip:");
    Duration window = Duration.ofMinutes(10);
    f.store.inTransaction(tx -> tx.counters().increment(key, NOW, window));
    assertThat(
            f.store
                .<CounterState>inTransaction(
                    tx -> tx.counters().increment(key, NOW.plusSeconds(60), window))
                .count())
        .isEqualTo(2);
    CounterState restarted =
        f.store.inTransaction(
            tx -> tx.counters().increment(key, NOW.plus(window).plusSeconds(1), window));
    assertThat(restarted.count()).isEqualTo(1);
    assertThat(restarted.windowStart()).isEqualTo(NOW.plus(window).plusSeconds(1));
    f.store.inTransaction(
        tx -> {
          tx.counters().reset(key);
          return null;
        });
    assertThat(f.store.<Optional<CounterState>>inTransaction(tx -> tx.counters().find(key)))
        .isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledDatabases.class)
  void instantsSurviveTheRoundTripInUtc(DatabaseKind kind) {
    JpaFixture f = FIXTURES.get(kind);
    Instant precise = Instant.parse("2026-07-04T23:59:58.123456Z");
    UUID id =
        f.store.inTransaction(
            tx -> {
              return tx.users()
                  .create(
                      user(precise)
                          .phone("+4420" + (10000000 + (int) (Math.random() * 8999999)))
                          .build())
                  .publicId();
            });
    assertThat(
            f.store.<Instant>inTransaction(
                tx -> tx.users().findByPublicId(id).orElseThrow().dateJoined()))
        .isEqualTo(precise);
  }

  /** Runs {@code n} copies of {@code task} released together; returns how many returned true. */
  static int race(int n, Callable<Boolean> task) throws Exception {
    return Bursts.countTrue(n, task);
  }
}
