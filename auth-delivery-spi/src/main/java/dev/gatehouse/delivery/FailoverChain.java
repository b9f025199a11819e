package dev.gatehouse.delivery;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Tries senders in order until one accepts a message, retrying retryable failures at the same
 * sender a bounded number of times. Shared mechanism behind {@code SmsSenders.failover} and {@code
 * EmailSenders.failover}; not an API for hosts.
 *
 * <p>Per sender: a failure of type {@code F} that {@code retryable} accepts is retried at the same
 * sender up to {@code maxAttemptsPerSender} attempts in all, with the {@link Backoff} consulted
 * before each retry; any other {@code F} is not retried at that sender but the chain moves on to
 * the next one. When every sender has failed, the last failure is thrown with the earlier ones
 * attached as {@linkplain Throwable#getSuppressed() suppressed}. Exceptions that are not an {@code
 * F} propagate at once. An interrupted thread stops the chain.
 *
 * <pre>{@code
 * FailoverChain<SmsSender, SmsMessage, SmsReceipt, SmsDeliveryException> chain =
 *     FailoverChain.of(senders, 2, SmsSender::providerName, SmsSender::send,
 *         SmsDeliveryException.class, SmsDeliveryException::retryable,
 *         backoff::pause, (sender, message, attempt, max, failure) -> log(...));
 * SmsReceipt receipt = chain.send(message);
 * }</pre>
 *
 * <p>Immutable; thread-safe when the senders, functions, backoff and listener are.
 *
 * @param <S> the sender type
 * @param <M> the message type
 * @param <R> the receipt type
 * @param <F> the delivery failure type
 */
public final class FailoverChain<S, M, R, F extends RuntimeException> {

  /**
   * Decides how long to wait before another attempt at the same sender. Must be thread-safe.
   *
   * @param <F> the delivery failure type
   */
  @FunctionalInterface
  public interface Backoff<F> {
    /**
     * Called after a retryable failure, before the same sender is tried again.
     *
     * @param provider the provider name of the sender that failed
     * @param failedAttempts how many attempts at this sender have failed so far (1 or more)
     * @param failure the failure
     * @throws InterruptedException when the waiting thread is interrupted; the chain then stops and
     *     rethrows {@code failure}
     */
    void pause(String provider, int failedAttempts, F failure) throws InterruptedException;
  }

  /**
   * Told about every failed attempt, typically to log it. Must be thread-safe and must not throw.
   *
   * @param <S> the sender type
   * @param <M> the message type
   * @param <F> the delivery failure type
   */
  @FunctionalInterface
  public interface FailureListener<S, M, F> {
    /**
     * Called once per failed attempt, before any retry or move to the next sender.
     *
     * @param sender the sender that failed
     * @param message the message; may carry a secret, so never log its body
     * @param attempt the attempt at this sender that failed (1 or more)
     * @param maxAttempts the attempts allowed per sender
     * @param failure the failure
     */
    void failed(S sender, M message, int attempt, int maxAttempts, F failure);
  }

  private final List<S> senders;
  private final int maxAttemptsPerSender;
  private final Function<? super S, String> providerName;
  private final BiFunction<? super S, ? super M, ? extends R> send;
  private final Class<F> failureType;
  private final Predicate<? super F> retryable;
  private final Backoff<? super F> backoff;
  private final FailureListener<? super S, ? super M, ? super F> listener;
  private final String name;

  private FailoverChain(
      List<S> senders,
      int maxAttemptsPerSender,
      Function<? super S, String> providerName,
      BiFunction<? super S, ? super M, ? extends R> send,
      Class<F> failureType,
      Predicate<? super F> retryable,
      Backoff<? super F> backoff,
      FailureListener<? super S, ? super M, ? super F> listener) {
    this.senders = senders;
    this.maxAttemptsPerSender = maxAttemptsPerSender;
    this.providerName = providerName;
    this.send = send;
    this.failureType = failureType;
    this.retryable = retryable;
    this.backoff = backoff;
    this.listener = listener;
    this.name =
        senders.stream().map(providerName).collect(Collectors.joining(",", "failover(", ")"));
  }

  /**
   * Builds a chain.
   *
   * @param senders the senders, primary first; at least one; copied
   * @param maxAttemptsPerSender attempts per sender for retryable failures; at least 1
   * @param providerName a sender's provider name, as written to logs and receipts
   * @param send sends a message through one sender, throwing {@code F} on failure
   * @param failureType the delivery failure type; other exceptions are programming errors
   * @param retryable whether a failure may succeed when the same sender is tried again
   * @param backoff consulted before each retry at the same sender
   * @param listener told about every failed attempt
   * @param <S> the sender type
   * @param <M> the message type
   * @param <R> the receipt type
   * @param <F> the delivery failure type
   * @return the chain
   * @throws IllegalArgumentException when {@code senders} is empty or {@code maxAttemptsPerSender}
   *     is below 1
   * @throws NullPointerException when an argument or an element of {@code senders} is null
   */
  public static <S, M, R, F extends RuntimeException> FailoverChain<S, M, R, F> of(
      List<S> senders,
      int maxAttemptsPerSender,
      Function<? super S, String> providerName,
      BiFunction<? super S, ? super M, ? extends R> send,
      Class<F> failureType,
      Predicate<? super F> retryable,
      Backoff<? super F> backoff,
      FailureListener<? super S, ? super M, ? super F> listener) {
    requireNonNull(senders, "senders");
    requireNonNull(backoff, "backoff");
    List<S> copy = List.copyOf(senders);
    if (copy.isEmpty()) {
      throw new IllegalArgumentException("senders must not be empty");
    }
    if (maxAttemptsPerSender < 1) {
      throw new IllegalArgumentException(
          "maxAttemptsPerSender must be at least 1 but was " + maxAttemptsPerSender);
    }
    return new FailoverChain<>(
        copy,
        maxAttemptsPerSender,
        requireNonNull(providerName, "providerName"),
        requireNonNull(send, "send"),
        requireNonNull(failureType, "failureType"),
        requireNonNull(retryable, "retryable"),
        backoff,
        requireNonNull(listener, "listener"));
  }

  /**
   * The senders, primary first; unmodifiable.
   *
   * @return the senders, primary first
   */
  public List<S> senders() {
    return senders;
  }

  /**
   * {@code failover(a,b,...)} from the senders' provider names.
   *
   * @return the chain's provider name
   */
  public String name() {
    return name;
  }

  /**
   * Sends a message through the first sender that accepts it.
   *
   * @param message the message
   * @return the receipt of the sender that accepted it
   * @throws RuntimeException the last {@code F} when every sender failed, with the earlier ones
   *     suppressed; or the first exception that is not an {@code F}
   */
  public R send(M message) {
    List<F> failures = new ArrayList<>();
    for (S sender : senders) {
      for (int attempt = 1; attempt <= maxAttemptsPerSender; attempt++) {
        F failure;
        try {
          return send.apply(sender, message);
        } catch (RuntimeException e) {
          if (!failureType.isInstance(e)) {
            throw e;
          }
          failure = failureType.cast(e);
        }
        failures.add(failure);
        listener.failed(sender, message, attempt, maxAttemptsPerSender, failure);
        if (Thread.currentThread().isInterrupted()) {
          throw withSuppressed(failures);
        }
        if (!retryable.test(failure) || attempt == maxAttemptsPerSender) {
          break;
        }
        try {
          backoff.pause(providerName.apply(sender), attempt, failure);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw withSuppressed(failures);
        }
      }
    }
    throw withSuppressed(failures);
  }

  private static <F extends RuntimeException> F withSuppressed(List<F> failures) {
    F last = failures.get(failures.size() - 1);
    for (F earlier : failures.subList(0, failures.size() - 1)) {
      if (earlier != last) {
        last.addSuppressed(earlier);
      }
    }
    return last;
  }

  @Override
  public String toString() {
    return name;
  }
}
