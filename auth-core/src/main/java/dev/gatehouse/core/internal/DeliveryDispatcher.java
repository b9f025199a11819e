package dev.gatehouse.core.internal;

import static dev.gatehouse.core.internal.CountingTransactions.retryingConflicts;
import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.config.DeliverySettings;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.internal.PayloadSeal.Payload;
import dev.gatehouse.core.observe.GatehouseObserver;
import dev.gatehouse.core.observe.GatehouseObserver.DeliveryAttempt;
import dev.gatehouse.core.observe.GatehouseObserver.ObservedOperation;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.signin.OutboxChannel;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.DeliveryLogStore;
import dev.gatehouse.core.store.DeliveryLogStore.DeliveryStatus;
import dev.gatehouse.core.store.OutboxStore.OutboxMessage;
import dev.gatehouse.core.store.OutboxStore.Priority;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.email.EmailSender;
import dev.gatehouse.email.EmailSender.EmailDeliveryException;
import dev.gatehouse.email.EmailSender.EmailMessage;
import dev.gatehouse.email.EmailSender.EmailReceipt;
import dev.gatehouse.sms.SmsSender;
import dev.gatehouse.sms.SmsSender.SmsDeliveryException;
import dev.gatehouse.sms.SmsSender.SmsMessage;
import dev.gatehouse.sms.SmsSender.SmsReceipt;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the {@link Outbox} recorded: a bounded pool of workers woken at commit, plus a poller
 * that picks up what a crash, a restart or a retry left waiting. Each message is claimed by a
 * conditional update, so several instances sharing a database never both send it; each attempt
 * writes a row to the host's SMS or email log. A message that fails on every provider is retried up
 * to its attempt limit, then marked failed; for a one-time code, the code is dropped and the resend
 * cooldown freed so the user can ask again.
 *
 * <p>Interactive messages ({@link Priority#INTERACTIVE}: codes, links, the requests that make them)
 * go first: the store answers them first, a busy worker turns to a new one before its next notice,
 * and one worker of its own sends only them, so a code never waits for notices. Thread-safe.
 * Internal: not API.
 */
public final class DeliveryDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DeliveryDispatcher.class);
  private static final int BATCH = 20;
  private static final Duration FIRST_RETRY = Duration.ofSeconds(30);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

  /** The "provider" of deferred requests: Gatehouse itself. */
  private static final String GATEHOUSE = "gatehouse";

  private final AuthStore store;
  private final PayloadSeal seal;
  private final SmsSender sms;
  private final EmailSender email;
  private final Clock clock;
  private final Duration lease;
  private final Executor executor;
  private final ExecutorService ownPool;
  // Where interactive messages alone are sent: a thread of its own, or the host's executor.
  private final Executor interactiveExecutor;
  private final ExecutorService ownInteractive;
  // Set at an interactive message's commit here: a worker busy with others reads the outbox again.
  private final AtomicBoolean interactiveWaiting = new AtomicBoolean();
  private final ScheduledExecutorService poller;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final GatehouseObserver observer;
  private final ModuleChannels channels;
  private final DeferredRequests deferred;

  /**
   * @param store where the outbox lives
   * @param seal opens payloads
   * @param sms the SMS provider chain
   * @param email the email provider chain
   * @param config lease, workers and poll interval
   * @param executor where drains run; {@code null} for a pool of {@link
   *     DeliverySettings#DELIVERY_WORKERS} daemon threads and one more that sends interactive
   *     messages only
   * @param active whether this instance sends at all (wake-ups and the poller); when not, messages
   *     wait for another instance or for {@link #drain()}
   * @param observer told of every attempt and every one-time code sent
   * @param deferred the handlers of {@link DeferredRequests} entries
   * @param channels the handlers of modules' channels
   */
  public DeliveryDispatcher(
      AuthStore store,
      PayloadSeal seal,
      SmsSender sms,
      EmailSender email,
      GatehouseConfig config,
      Executor executor,
      boolean active,
      GatehouseObserver observer,
      DeferredRequests deferred,
      ModuleChannels channels) {
    this.channels = requireNonNull(channels, "channels");
    this.store = requireNonNull(store, "store");
    this.deferred = requireNonNull(deferred, "deferred");
    this.observer = requireNonNull(observer, "observer");
    this.seal = requireNonNull(seal, "seal");
    this.sms = requireNonNull(sms, "sms");
    this.email = requireNonNull(email, "email");
    this.clock = config.clock();
    this.lease = config.get(DeliverySettings.DELIVERY_LEASE);
    if (!active) {
      this.ownPool = null;
      this.executor = null;
      this.ownInteractive = null;
      this.interactiveExecutor = null;
      this.poller = null;
      return;
    }
    int workers = config.get(DeliverySettings.DELIVERY_WORKERS);
    if (executor == null) {
      // Bounded: a full queue drops a wake-up; queued drains and the poller send what is due.
      this.ownPool = boundedPool(workers, "gatehouse-delivery");
      this.executor = ownPool;
      // Reserved for interactive messages: a code goes out at once, however slow the notices are.
      this.ownInteractive = boundedPool(1, "gatehouse-delivery-interactive");
      this.interactiveExecutor = ownInteractive;
    } else {
      this.ownPool = null;
      this.executor = executor;
      this.ownInteractive = null;
      this.interactiveExecutor = executor;
    }
    this.poller = Executors.newSingleThreadScheduledExecutor(daemon("gatehouse-delivery-poller"));
    long every = config.get(DeliverySettings.DELIVERY_POLL_INTERVAL).toMillis();
    poller.scheduleWithFixedDelay(() -> start(true), every, every, TimeUnit.MILLISECONDS);
  }

  /** {@code threads} daemon workers whose queue holds two wake-ups each; further ones drop. */
  private static ThreadPoolExecutor boundedPool(int threads, String name) {
    return new ThreadPoolExecutor(
        threads,
        threads,
        0,
        TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(threads * 2),
        daemon(name),
        new ThreadPoolExecutor.DiscardPolicy());
  }

  /**
   * Asks a worker to send what is due; returns at once. Called after every commit that queued.
   *
   * @param priority the priority of what was queued: for an interactive message, the worker
   *     reserved for those is asked too, and a worker busy with other messages turns to it next
   */
  public void wake(Priority priority) {
    if (priority == Priority.INTERACTIVE) {
      interactiveWaiting.set(true);
    }
    start(priority == Priority.INTERACTIVE);
  }

  /** Starts a drain on the pool and, if {@code interactive}, one on the reserved worker. */
  private void start(boolean interactive) {
    if (executor == null || closed.get()) {
      return;
    }
    try {
      if (interactive) {
        interactiveExecutor.execute(() -> drainQuietly(Priority.INTERACTIVE));
      }
      executor.execute(() -> drainQuietly(Priority.BACKGROUND));
    } catch (RejectedExecutionException e) {
      // Shut down, or saturated: the poller (or the next instance) takes it.
    }
  }

  private void drainQuietly(Priority lowest) {
    try {
      drain(lowest);
    } catch (RuntimeException e) {
      LOG.warn("delivering from the outbox failed: {}", e.toString());
    }
  }

  /**
   * Sends every message that is due now, on the calling thread, interactive ones first.
   *
   * @return how many messages this call settled or rescheduled
   */
  public int drain() {
    return drain(Priority.BACKGROUND);
  }

  /**
   * Sends the messages due now down to priority {@code lowest}, on the calling thread, in the
   * store's order (interactive first).
   */
  private int drain(Priority lowest) {
    int handled = 0;
    while (!closed.get()) {
      Instant now = clock.instant();
      if (lowest != Priority.INTERACTIVE) {
        // This batch is read after every interactive message committed so far.
        interactiveWaiting.set(false);
      }
      List<Long> due = store.inNewTransaction(tx -> tx.outbox().due(now, BATCH, lowest));
      boolean again = false;
      for (long id : due) {
        if (again && lowest != Priority.INTERACTIVE && interactiveWaiting.get()) {
          // An interactive message came since this batch was read: read again so it goes first
          // (the rest left unclaimed); only after a delivery, so codes cannot starve the batch.
          break;
        }
        String claim = SecretHasher.newToken();
        Optional<OutboxMessage> message =
            retryingConflicts(
                store,
                tx -> tx.outbox().claim(id, claim, clock.instant(), clock.instant().plus(lease)));
        if (message.isPresent()) {
          again = true;
          deliver(message.get());
          handled++;
        }
      }
      if (!again) {
        return handled;
      }
    }
    return handled;
  }

  /** The delivery in progress on this thread, tagged with its outcome by {@link #observe}. */
  private static final ThreadLocal<ObservedOperation> DELIVERING = new ThreadLocal<>();

  private void deliver(OutboxMessage m) {
    if (DeferredRequests.CHANNEL.equals(m.channel())) {
      // Gatehouse's own work, not a delivery: no delivery span, attempt or metric.
      deliverObserved(m);
      return;
    }
    ObservedOperation op =
        observer.start(
            ObservedOperation.DELIVERY,
            Map.of(
                "channel", m.channel(),
                "purpose", m.purpose(),
                "provider", String.valueOf(providerName(m.channel()))));
    DELIVERING.set(op);
    try {
      deliverObserved(m);
    } finally {
      DELIVERING.remove();
      op.stop();
    }
  }

  private void deliverObserved(OutboxMessage m) {
    Payload payload;
    try {
      payload =
          seal.open(
              PayloadSeal.binding(m.channel(), m.purpose(), m.maskedDestination()),
              m.sealedPayload());
    } catch (GeneralSecurityException e) {
      // Sealed under a key no longer configured (changed without gatehouse.previous-secret-keys,
      // or a development key that died with its process): retrying cannot help.
      settleFailed(
          m,
          providerName(m.channel()),
          "the payload cannot be opened with this key",
          Duration.ZERO);
      return;
    }
    if (DeferredRequests.CHANNEL.equals(m.channel())) {
      runDeferred(m, payload);
      return;
    }
    if (!isMessage(m.channel())) {
      deliverToModule(m, payload);
      return;
    }
    String provider;
    String messageId;
    long started = System.nanoTime();
    try {
      if ("sms".equals(m.channel())) {
        SmsReceipt r = sms.send(new SmsMessage(payload.to(), payload.text(), null));
        provider = r.provider();
        messageId = r.providerMessageId();
      } else {
        EmailReceipt r =
            email.send(
                new EmailMessage(
                    payload.to(),
                    payload.from(),
                    payload.subject(),
                    payload.text(),
                    payload.html()));
        provider = r.provider();
        messageId = r.providerMessageId();
      }
    } catch (RuntimeException e) {
      failed(m, payload, e, Duration.ofNanos(System.nanoTime() - started));
      return;
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    Instant at = clock.instant();
    retryingConflicts(
        store,
        tx -> {
          if (tx.outbox().markSent(m.id(), m.claim(), at)) {
            log(tx, m, DeliveryStatus.SENT, provider, messageId, null, at);
            if (m.otpCodeId() != null) {
              // The new code arrived: older ones for the same destination are retired. If this
              // message had failed instead, the code would be dropped and the older one would be
              // the newest again, so a resend that never arrives does not cost the user a code.
              tx.otpCodes().invalidateOlder(m.otpCodeId(), at);
            }
          }
          return null;
        });
    LOG.info(
        "{} {} sent to {} through {}", m.channel(), m.purpose(), m.maskedDestination(), provider);
    observe(m, provider, DeliveryAttempt.Outcome.SENT, took);
    if (m.otpCodeId() != null) {
      observer.codeSent(m.channel(), m.purpose(), provider);
    }
  }

  /**
   * Hands one entry of a module's channel to its handler: delivered, it is settled as sent; a
   * reason fails it for good (reported, never retried); an exception retries it like a send.
   */
  private void deliverToModule(OutboxMessage m, Payload payload) {
    long started = System.nanoTime();
    OutboxChannel handler = channels.handler(m.channel());
    if (handler == null) {
      // Recorded while the module was installed: kept and retried, so it drains once it is back.
      failed(
          m,
          payload,
          new IllegalStateException("no handler of the outbox channel " + m.channel()),
          Duration.ZERO);
      return;
    }
    OutboxChannel.Entry entry = ModuleChannels.entry(m, payload);
    Optional<String> failure;
    try {
      failure = handler.deliver(entry);
    } catch (RuntimeException e) {
      failed(m, payload, e, Duration.ofNanos(System.nanoTime() - started));
      return;
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    if (failure.isPresent()) {
      settleFailed(m, handler.name(), failure.get(), took);
      return;
    }
    Instant at = clock.instant();
    retryingConflicts(store, tx -> tx.outbox().markSent(m.id(), m.claim(), at));
    LOG.info("{} {} delivered to {}", m.channel(), entry, handler.name());
    observe(m, handler.name(), DeliveryAttempt.Outcome.SENT, took);
    // The key's next entry waited for this one.
    wake(Priority.BACKGROUND);
  }

  /**
   * Does a deferred request's work and settles its entry in one transaction: a failure rolls both
   * back and the entry is tried again like a send.
   */
  private void runDeferred(OutboxMessage m, Payload payload) {
    DeferredRequests.Handler handler = deferred.handler(m.purpose());
    if (handler == null) {
      settleFailed(m, GATEHOUSE, "no handler for " + m.purpose(), Duration.ZERO);
      return;
    }
    long started = System.nanoTime();
    Instant at = clock.instant();
    try {
      handler.handle(payload.to(), at, tx -> tx.outbox().markSent(m.id(), m.claim(), at));
    } catch (RuntimeException e) {
      failed(m, payload, e, Duration.ofNanos(System.nanoTime() - started));
      return;
    }
  }

  private void observe(
      OutboxMessage m, String provider, DeliveryAttempt.Outcome outcome, Duration took) {
    if (DeferredRequests.CHANNEL.equals(m.channel())) {
      return;
    }
    ObservedOperation op = DELIVERING.get();
    if (op != null) {
      op.tag("outcome", outcome.tag());
      if (outcome == DeliveryAttempt.Outcome.SENT) {
        op.tag("reason", "none");
      } else {
        op.failed("delivery_" + outcome.tag());
      }
    }
    observer.deliveryAttempted(
        new DeliveryAttempt(
            m.channel(),
            m.purpose(),
            provider == null ? "unknown" : provider,
            outcome,
            m.otpCodeId() != null,
            took));
  }

  private void failed(OutboxMessage m, Payload payload, RuntimeException e, Duration took) {
    String error =
        !isMessage(m.channel())
            ? describeModuleError(e)
            : redact(redact(describe(e), payload.secret()), payload.to());
    boolean retryable =
        !(e instanceof SmsDeliveryException s && !s.retryable())
            && !(e instanceof EmailDeliveryException x && !x.retryable());
    if (retryable && m.attempts() < m.maxAttempts()) {
      Instant at = clock.instant();
      Instant next = at.plus(FIRST_RETRY.multipliedBy(1L << Math.min(10, m.attempts() - 1)));
      retryingConflicts(
          store,
          tx -> {
            if (tx.outbox().retryLater(m.id(), m.claim(), next, error)) {
              log(tx, m, DeliveryStatus.FAILED, providerName(m.channel()), null, error, at);
            }
            return null;
          });
      LOG.warn(
          "{} {} to {} failed (attempt {} of {}), retrying: {}",
          m.channel(),
          m.purpose(),
          m.maskedDestination(),
          m.attempts(),
          m.maxAttempts(),
          error);
      observe(m, providerName(m.channel()), DeliveryAttempt.Outcome.RETRYING, took);
      return;
    }
    settleFailed(m, providerName(m.channel()), error, took);
  }

  private void settleFailed(OutboxMessage m, String provider, String error, Duration took) {
    Instant at = clock.instant();
    retryingConflicts(
        store,
        tx -> {
          if (tx.outbox().markFailed(m.id(), m.claim(), at, error)) {
            log(tx, m, DeliveryStatus.FAILED, provider, null, error, at);
            if (m.otpCodeId() != null) {
              tx.otpCodes().deleteUnused(m.otpCodeId());
            }
            if (m.releaseKey() != null) {
              // Nothing arrived, so the user may ask again at once.
              tx.counters().reset(m.releaseKey());
            }
          }
          return null;
        });
    LOG.warn(
        "{} {} to {} failed for good: {}", m.channel(), m.purpose(), m.maskedDestination(), error);
    observe(m, provider, DeliveryAttempt.Outcome.FAILED, took);
  }

  private void log(
      StoreTransaction tx,
      OutboxMessage m,
      DeliveryStatus status,
      String provider,
      String messageId,
      String error,
      Instant at) {
    if (!isMessage(m.channel())) {
      // Not a message: the host's SMS and email logs see neither modules' entries nor requests.
      return;
    }
    tx.deliveryLogs()
        .record(
            new DeliveryLogStore.Entry(
                m.channel(),
                m.maskedDestination(),
                m.purpose(),
                provider,
                status,
                messageId,
                error,
                m.loggedText(),
                at));
  }

  /** Whether entries of {@code channel} are messages to a provider (email, SMS). */
  private static boolean isMessage(String channel) {
    return "email".equals(channel) || "sms".equals(channel);
  }

  private String providerName(String channel) {
    if (DeferredRequests.CHANNEL.equals(channel)) {
      return GATEHOUSE;
    }
    if (!isMessage(channel)) {
      OutboxChannel handler = channels.handler(channel);
      return handler == null ? "none" : handler.name();
    }
    return "sms".equals(channel) ? sms.providerName() : email.providerName();
  }

  private static String describe(RuntimeException e) {
    StringBuilder s = new StringBuilder(e.getClass().getSimpleName());
    if (e.getMessage() != null) {
      s.append(": ").append(e.getMessage());
    }
    if (e instanceof SmsDeliveryException sms && sms.providerErrorCode() != null) {
      s.append(" (provider error ").append(sms.providerErrorCode()).append(')');
    }
    return s.toString();
  }

  /**
   * A module's error names its kind only: a database's message (a legacy store's) may quote the
   * row's values (an address in a unique violation).
   */
  private static String describeModuleError(RuntimeException e) {
    StringBuilder s = new StringBuilder(e.getClass().getSimpleName());
    for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      s.append(" <- ").append(c.getClass().getSimpleName());
      if (c instanceof java.sql.SQLException q && q.getSQLState() != null) {
        s.append(" (SQLState ").append(q.getSQLState()).append(')');
      }
    }
    return s.toString();
  }

  /**
   * A provider's error could echo the text or the address; neither the secret nor the destination
   * reaches a log.
   */
  private static String redact(String error, String secret) {
    if (error == null || secret == null || secret.isEmpty()) {
      return error;
    }
    return error.replace(secret, "*".repeat(secret.length()));
  }

  /**
   * Stops the workers and the poller, waiting briefly for a send in progress; messages still
   * waiting stay in the outbox. Later wake-ups and drains do nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (poller != null) {
      poller.shutdownNow();
    }
    if (ownPool != null) {
      ownPool.shutdown();
      ownInteractive.shutdown();
      long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
      for (ExecutorService pool : List.of(ownInteractive, ownPool)) {
        try {
          // A send in progress finishes and settles its row before the host closes the factory.
          if (!pool.awaitTermination(
              Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            pool.shutdownNow();
          }
        } catch (InterruptedException e) {
          pool.shutdownNow();
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
