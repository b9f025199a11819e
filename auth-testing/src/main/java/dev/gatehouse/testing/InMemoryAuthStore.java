package dev.gatehouse.testing;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.AuthInfrastructureException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.DeliveryLogStore;
import dev.gatehouse.core.store.OutboxStore;
import dev.gatehouse.core.store.StoreTransaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link AuthStore} in memory, for tests: every flow of Gatehouse runs on it without a database,
 * and it passes the same {@link AuthStoreContract} as the JPA store.
 *
 * <p>Transactions are serial: one runs at a time, across all threads, so every check-and-act is
 * atomic and concurrent callers see one truth. A transaction that throws is undone completely (each
 * change is journalled and reverted), and its after-commit actions never run. {@link
 * #inTransaction} called inside a transaction on the same thread joins it, so a test can play the
 * host: open a transaction, run a flow in it, throw, and find nothing written and nothing sent.
 * {@link #inNewTransaction} commits on its own even inside one.
 *
 * <p>A transaction that waits longer than its lock wait (10 seconds unless {@link #withLockWait}
 * says otherwise) for another to finish fails with {@code storage_failed}, so that a test which
 * blocks a transaction on another thread fails instead of hanging.
 *
 * <pre>{@code
 * InMemoryAuthStore store = new InMemoryAuthStore();
 * Gatehouse gatehouse = Gatehouse.builder(GatehouseConfig.defaults(), store).build();
 * }</pre>
 */
public final class InMemoryAuthStore implements AuthStore {
  private static final Logger log = LoggerFactory.getLogger(InMemoryAuthStore.class);

  private final ReentrantLock lock = new ReentrantLock(true);
  private final Duration lockWait;

  /** The open transactions of the thread that holds the lock, innermost first. */
  private final Deque<Frame> frames = new ArrayDeque<>();

  private final MemoryTransaction transaction;

  /** An empty store with a lock wait of 10 seconds. */
  public InMemoryAuthStore() {
    this(Duration.ofSeconds(10));
  }

  private InMemoryAuthStore(Duration lockWait) {
    this.lockWait = lockWait;
    this.transaction = new MemoryTransaction(this);
  }

  /**
   * An empty store whose transactions wait at most {@code lockWait} for one another.
   *
   * @param lockWait the longest wait, positive
   * @return a new, empty store
   * @throws IllegalArgumentException when {@code lockWait} is not positive
   */
  public static InMemoryAuthStore withLockWait(Duration lockWait) {
    requireNonNull(lockWait, "lockWait");
    if (lockWait.isNegative() || lockWait.isZero()) {
      throw new IllegalArgumentException("lockWait must be positive");
    }
    return new InMemoryAuthStore(lockWait);
  }

  @Override
  public <T> T inTransaction(Function<? super StoreTransaction, ? extends T> work) {
    requireNonNull(work, "work");
    if (joinsOpenTransaction()) {
      return work.apply(transaction);
    }
    return run(work);
  }

  @Override
  public <T> T inNewTransaction(Function<? super StoreTransaction, ? extends T> work) {
    requireNonNull(work, "work");
    return run(work);
  }

  @Override
  public boolean joinsOpenTransaction() {
    return lock.isHeldByCurrentThread() && !frames.isEmpty();
  }

  @Override
  public void afterCommit(Runnable action) {
    requireNonNull(action, "action");
    if (joinsOpenTransaction()) {
      openFrame().afterCommit.add(action);
    } else {
      runSafely(action);
    }
  }

  @Override
  public boolean keepsSocialAccounts() {
    return true;
  }

  /** {@return {@code memory}: no statement runs, on the host's tables or any other} */
  @Override
  public String statementPath(String operation) {
    return "memory";
  }

  /**
   * {@return the delivery-log rows committed so far, both channels, oldest first} What a host's
   * test can check Gatehouse logged: masked destinations, template, provider, outcome, and texts
   * with their codes masked.
   */
  public List<DeliveryLogStore.Entry> deliveryLog() {
    return run(tx -> transaction.codeTable().logRows());
  }

  /**
   * The one-time codes stored for a destination, as the store keeps them: keyed hashes, never the
   * codes.
   *
   * @param destination an E.164 number or a canonical email address
   * @return its codes, oldest first
   */
  public List<StoredCode> otpCodes(String destination) {
    requireNonNull(destination, "destination");
    return run(tx -> transaction.codeTable().codesFor(destination));
  }

  /**
   * One stored one-time code.
   *
   * @param owner the account it belongs to, or {@code null} for a code sent to an address no
   *     account has yet
   * @param channel {@code sms} or {@code email}
   * @param purpose what it is for
   * @param codeHash the code's keyed hash
   * @param attempts wrong guesses so far
   * @param usedAt when it was consumed, burned or replaced, or {@code null}
   */
  public record StoredCode(
      @Nullable UUID owner,
      String channel,
      String purpose,
      String codeHash,
      int attempts,
      @Nullable Instant usedAt) {
    /** Names the code's state; no hash. */
    @Override
    public String toString() {
      return "StoredCode[" + channel + ", " + purpose + ", attempts=" + attempts + "]";
    }
  }

  /**
   * {@return every delivery-outbox entry, oldest first} What a host's test can check of the
   * messages a flow recorded: their state, and that a settled one no longer holds its payload.
   */
  public List<OutboxEntry> outbox() {
    return run(tx -> transaction.outboxTable().entries());
  }

  /**
   * One entry of the delivery outbox.
   *
   * @param id its key, in the order recorded
   * @param channel {@code email}, {@code sms}, or the channel of a deferred request
   * @param purpose the template purpose
   * @param status {@code PENDING}, {@code SENDING}, {@code SENT} or {@code FAILED}
   * @param maskedDestination the destination as the delivery logs show it
   * @param loggedText what the delivery log may keep (no secret), or {@code null} for a deferred
   *     request
   * @param sealedPayload the encrypted message, or {@code null} once the entry is settled
   * @param attempts sending attempts so far
   * @param priority the order it goes out in, as the outbox decided when it was recorded
   */
  public record OutboxEntry(
      long id,
      String channel,
      String purpose,
      String status,
      String maskedDestination,
      @Nullable String loggedText,
      byte @Nullable [] sealedPayload,
      int attempts,
      OutboxStore.Priority priority) {
    /** Names the entry; no payload, destination or text. */
    @Override
    public String toString() {
      return "OutboxEntry[" + id + ", " + channel + ", " + status + "]";
    }
  }

  /** Records how to undo a change, in the innermost open transaction. */
  void journal(Runnable undo) {
    openFrame().undo.add(undo);
  }

  /** Runs {@code action} after the innermost open transaction commits. */
  void afterThisCommit(Runnable action) {
    openFrame().afterCommit.add(requireNonNull(action, "action"));
  }

  /** The innermost transaction open on this thread; the store's tables are used only inside one. */
  private Frame openFrame() {
    Frame frame = frames.peek();
    if (frame == null || !lock.isHeldByCurrentThread()) {
      throw new IllegalStateException("a store transaction was used outside its transaction");
    }
    return frame;
  }

  private <T> T run(Function<? super StoreTransaction, ? extends T> work) {
    acquire();
    Frame frame = new Frame();
    frames.push(frame);
    T result;
    try {
      result = work.apply(transaction);
    } catch (Throwable e) {
      // Throwable, so that nothing leaves the store locked; only unchecked ones can be thrown here.
      frames.pop();
      for (int i = frame.undo.size() - 1; i >= 0; i--) {
        frame.undo.get(i).run();
      }
      lock.unlock();
      throw e;
    }
    frames.pop();
    lock.unlock();
    frame.afterCommit.forEach(InMemoryAuthStore::runSafely);
    return result;
  }

  private void acquire() {
    try {
      if (lock.tryLock(lockWait.toNanos(), TimeUnit.NANOSECONDS)) {
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuthInfrastructureException(
          ErrorCode.STORAGE_FAILED, "interrupted while waiting for the in-memory store", true, e);
    }
    throw new AuthInfrastructureException(
        ErrorCode.STORAGE_FAILED,
        "another transaction held the in-memory store for longer than " + lockWait,
        true,
        null);
  }

  private static void runSafely(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      log.warn("an after-commit action failed: {}", e.toString());
    }
  }

  /** Names the store; contains no data. */
  @Override
  public String toString() {
    return "InMemoryAuthStore";
  }

  /** One open transaction: how to undo it, and what to run once it committed. */
  private static final class Frame {
    final List<Runnable> undo = new ArrayList<>();
    final List<Runnable> afterCommit = new ArrayList<>();
  }
}
