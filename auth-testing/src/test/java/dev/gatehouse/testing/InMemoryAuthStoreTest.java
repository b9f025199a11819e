package dev.gatehouse.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.core.error.AuthException.AuthInfrastructureException;
import dev.gatehouse.core.error.ErrorCode;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What the in-memory store promises beyond the store contract. */
class InMemoryAuthStoreTest {

  /** A transaction kept waiting by another fails with storage_failed instead of hanging. */
  @Test
  void aTransactionThatWaitsLongerThanTheLockWaitFails() throws Exception {
    InMemoryAuthStore store = InMemoryAuthStore.withLockWait(Duration.ofMillis(50));
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Boolean> holder =
        CompletableFuture.supplyAsync(
            () ->
                store.inTransaction(
                    tx -> {
                      entered.countDown();
                      try {
                        return release.await(30, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                      }
                    }));
    assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(() -> store.inTransaction(tx -> tx.users().countSuperusers()))
        .isInstanceOfSatisfying(
            AuthInfrastructureException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.STORAGE_FAILED.code()));
    release.countDown();
    assertThat(holder.get(30, TimeUnit.SECONDS)).isTrue();
    long superusers = store.inTransaction(tx -> tx.users().countSuperusers());
    assertThat(superusers).isZero();
  }

  /** Outside a transaction an after-commit action runs at once; inside, after the commit. */
  @Test
  void anAfterCommitActionRunsAtOnceOutsideATransactionAndAfterTheCommitInside() {
    InMemoryAuthStore store = new InMemoryAuthStore();
    AtomicInteger ran = new AtomicInteger();
    assertThat(store.joinsOpenTransaction()).isFalse();
    store.afterCommit(ran::incrementAndGet);
    assertThat(ran).hasValue(1);
    store.inTransaction(
        tx -> {
          assertThat(store.joinsOpenTransaction()).isTrue();
          store.afterCommit(ran::incrementAndGet);
          assertThat(ran).hasValue(1);
          return null;
        });
    assertThat(ran).hasValue(2);
  }

  /** A lock wait must be positive. */
  @Test
  void aLockWaitMustBePositive() {
    assertThatThrownBy(() -> InMemoryAuthStore.withLockWait(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
