package dev.gatehouse.core.flows.account;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.flows.EnabledStores;
import dev.gatehouse.core.flows.Fixtures;
import dev.gatehouse.core.flows.GatehouseFixture;
import dev.gatehouse.core.flows.StoreKind;
import dev.gatehouse.core.flows.session.Race;
import dev.gatehouse.core.flows.session.Users;
import dev.gatehouse.core.store.ProfileStore.ProfileRecord;
import dev.gatehouse.core.store.UserRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * The per-account lock a module takes in the host's transaction ({@code UserStore#lockForUpdate},
 * issue 95 item 5): two transactions that each check a per-account quota before they add a row
 * cannot both pass it. Each transaction counts, then waits (a latch with a timeout) until the other
 * has counted too: without the lock both count the same rows and both add one; with it the second
 * cannot count before the first commits. On the in-memory store here (whose transactions run one at
 * a time) and on H2, PostgreSQL and MariaDB in auth-jpa.
 */
class AccountLockTest {
  private static final Fixtures FIXTURES = new Fixtures();

  /** The default profile and one more. */
  private static final int QUOTA = 2;

  @AfterAll
  static void dropDatabases() {
    FIXTURES.close();
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void twoConcurrentAddsUnderTheAccountsLockDoNotBothPassItsQuota(StoreKind kind) throws Exception {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    UUID user = Users.create(f);
    CountDownLatch counted = new CountDownLatch(2);
    Callable<Boolean> add = () -> addWithinQuota(f, user, counted);

    List<Object> outcomes = Race.run(List.of(add, add));

    assertThat(outcomes).containsExactlyInAnyOrder(true, false);
    List<ProfileRecord> profiles = f.db.store.inTransaction(tx -> tx.profiles().list(user));
    assertThat(profiles).hasSize(QUOTA);
  }

  @ParameterizedTest(name = "{0}")
  @ArgumentsSource(EnabledStores.class)
  void noUserIsLockedAndNothingAnsweredForAnUnknownAccount(StoreKind kind) {
    GatehouseFixture f = new GatehouseFixture(FIXTURES.get(kind));
    Optional<UserRecord> locked =
        f.db.store.inTransaction(tx -> tx.users().lockForUpdate(UUID.randomUUID()));
    assertThat(locked).isEmpty();
  }

  private static boolean addWithinQuota(GatehouseFixture f, UUID user, CountDownLatch counted) {
    return f.db.store.inTransaction(
        tx -> {
          tx.users().lockForUpdate(user).orElseThrow();
          List<ProfileRecord> profiles = tx.profiles().list(user);
          counted.countDown();
          // Never reached by both while the lock holds: the first waits out the timeout alone.
          await(counted);
          if (profiles.size() >= QUOTA) {
            return false;
          }
          Instant now = f.clock.instant();
          tx.profiles()
              .create(
                  new ProfileRecord(
                      null, user, profiles.get(0).role(), "extra", null, true, false, now, now));
          return true;
        });
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
