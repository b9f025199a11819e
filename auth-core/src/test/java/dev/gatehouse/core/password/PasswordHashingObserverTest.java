package dev.gatehouse.core.password;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.core.observe.GatehouseObserver;
import dev.gatehouse.core.password.PasswordHashing.PasswordVerification;
import dev.gatehouse.core.password.PasswordHashingOptions.PasswordHashAlgorithm;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The hashing hook: permit wait and computation time of every hash, on shared permits. */
class PasswordHashingObserverTest {

  /** A host format whose check blocks until released, to hold the only permit. */
  private static final class Blocking implements PasswordHashFormat {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public String id() {
      return "blocking";
    }

    @Override
    public boolean recognizes(String storedHash) {
      return storedHash.startsWith("block$");
    }

    @Override
    public Optional<ParsedHash> parse(String storedHash, PasswordHashingOptions limits) {
      return Optional.of(
          raw -> {
            entered.countDown();
            try {
              return release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return false;
            }
          });
    }

    @Override
    public boolean needsUpgrade(String storedHash, PasswordHashingOptions current) {
      return false;
    }
  }

  private record Hashed(Duration permitWait, Duration computation, String thread) {}

  @Test
  void everyComputationReportsItsPermitWaitAndDurationAndTheViewSharesThePermits()
      throws Exception {
    Blocking blocking = new Blocking();
    PasswordHashing base =
        PasswordHashing.builder()
            .options(
                PasswordHashingOptions.builder()
                    .algorithm(PasswordHashAlgorithm.PBKDF2_SHA256)
                    .maxConcurrentHashes(1)
                    .build())
            .addFormat(blocking)
            .build();
    List<Hashed> seen = new CopyOnWriteArrayList<>();
    PasswordHashing observed =
        base.observedBy(
            new GatehouseObserver() {
              @Override
              public void passwordHashed(Duration permitWait, Duration computation) {
                seen.add(new Hashed(permitWait, computation, Thread.currentThread().getName()));
              }
            });
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      AtomicReference<Thread> second = new AtomicReference<>();
      Future<PasswordVerification> holder = pool.submit(() -> base.verify("pw", "block$1"));
      assertThat(blocking.entered.await(30, TimeUnit.SECONDS)).isTrue();
      long holdingSince = System.nanoTime();
      // The un-observed base holds the only permit; the observed view shares it, so this waits.
      Future<PasswordVerification> waiter =
          pool.submit(
              () -> {
                second.set(Thread.currentThread());
                return observed.verify("pw", "block$2");
              });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while ((second.get() == null || second.get().getState() != Thread.State.WAITING)
          && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(second.get().getState()).isEqualTo(Thread.State.WAITING);
      long waitingSeen = System.nanoTime();
      long released = System.nanoTime();
      blocking.release.countDown();
      assertThat(holder.get(30, TimeUnit.SECONDS)).isEqualTo(PasswordVerification.MATCH);
      assertThat(waiter.get(30, TimeUnit.SECONDS)).isEqualTo(PasswordVerification.MATCH);

      // Only the observed view reports; the waiter's wait covers the time it was seen waiting.
      assertThat(seen).hasSize(1);
      Hashed then = seen.get(0);
      assertThat(Duration.ofNanos(released - holdingSince)).isPositive();
      assertThat(then.permitWait())
          .isGreaterThanOrEqualTo(Duration.ofNanos(released - waitingSeen));
      assertThat(then.permitWait()).isGreaterThan(Duration.ZERO);
      assertThat(base.hashComputations()).isEqualTo(2);
    } finally {
      pool.shutdownNow();
    }

    // Hashing a new password and the dummy check are reported too, an unused permit with no wait
    // beyond acquiring it.
    seen.clear();
    String hash = observed.hash("correct horse");
    observed.verifyDummy("someone else");
    assertThat(observed.verify("correct horse", hash)).isEqualTo(PasswordVerification.MATCH);
    assertThat(seen).hasSize(3).allSatisfy(h -> assertThat(h.computation()).isPositive());
    // Base instance: no observer, nothing reported.
    base.hash("x");
    assertThat(seen).hasSize(3);
  }

  @Test
  void aThrowingObserverNeverFailsTheHash() {
    PasswordHashing hashing =
        PasswordHashing.builder()
            .options(
                PasswordHashingOptions.builder()
                    .algorithm(PasswordHashAlgorithm.PBKDF2_SHA256)
                    .build())
            .observer(
                new GatehouseObserver() {
                  @Override
                  public void passwordHashed(Duration permitWait, Duration computation) {
                    throw new IllegalStateException("observer bug");
                  }
                })
            .build();
    String hash = hashing.hash("pw");
    assertThat(hashing.verify("pw", hash)).isEqualTo(PasswordVerification.MATCH);
  }

  @Test
  void noneIsTheIdentity() {
    PasswordHashing hashing = PasswordHashing.create(PasswordHashingOptions.defaults());
    assertThat(hashing.observedBy(GatehouseObserver.none())).isSameAs(hashing);
  }
}
