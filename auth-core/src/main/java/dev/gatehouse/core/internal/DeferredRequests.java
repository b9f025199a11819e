package dev.gatehouse.core.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.store.StoreTransaction;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Requests whose work depends on whether an address has an account (a password-reset request, a
 * confirmation resend): the request records one sealed outbox entry, the same statement for any
 * address, and answers; a delivery worker then looks the address up and does the rest (a token and
 * its email, or nothing) in a transaction of its own. So the request's time says nothing about the
 * address, and it never waits for the lookup (issue 36, finding 2). Thread-safe. Internal: not API.
 */
public final class DeferredRequests {
  /** The outbox channel of deferred requests; their entries never reach a provider. */
  public static final String CHANNEL = "request";

  /** Attempts before a deferred request is given up (a failing database, not a provider). */
  private static final int MAX_ATTEMPTS = 5;

  private final Map<String, Handler> handlers = new ConcurrentHashMap<>();

  /**
   * Registers the handler of one kind of request; called once by the service that owns it.
   *
   * @param purpose the request's purpose, e.g. {@code password_reset_request}
   * @param handler what it does
   * @throws IllegalStateException when the purpose already has a handler
   */
  public void register(String purpose, Handler handler) {
    requireNonNull(purpose, "purpose");
    requireNonNull(handler, "handler");
    if (handlers.putIfAbsent(purpose, handler) != null) {
      throw new IllegalStateException("a handler for " + purpose + " is already registered");
    }
  }

  /**
   * Records a request in {@code tx}: one sealed outbox entry, whatever {@code subject} is.
   *
   * @param outbox the outbox
   * @param tx the request's transaction (a host's, when Gatehouse joined one)
   * @param purpose a purpose with a registered handler
   * @param subject what the request named; sealed, never stored in the clear
   * @param now the request's time
   */
  public void enqueue(
      Outbox outbox, StoreTransaction tx, String purpose, String subject, Instant now) {
    Outbox.Message m =
        new Outbox.Message(
            CHANNEL,
            purpose,
            // Every entry of a purpose has the same label: the subject is only in the sealed part.
            purpose,
            null,
            new PayloadSeal.Payload(subject, null, null, null, null, null),
            MAX_ATTEMPTS);
    outbox.enqueue(tx, outbox.seal(m), null, null, now);
  }

  /**
   * @param purpose a request's purpose
   * @return its handler, or {@code null} when none is registered (a newer instance's entry)
   */
  Handler handler(String purpose) {
    return handlers.get(purpose);
  }

  /** What a request of one purpose does on a worker ({@code DeferredMail#handle}'s contract). */
  @FunctionalInterface
  public interface Handler {
    /**
     * Does the request's work, settling its entry through {@code settle} in the same transaction.
     *
     * @param subject what the request named
     * @param now the worker's time
     * @param settle settles the entry in the given transaction; answers whether it still held
     */
    void handle(String subject, Instant now, Predicate<StoreTransaction> settle);
  }
}
