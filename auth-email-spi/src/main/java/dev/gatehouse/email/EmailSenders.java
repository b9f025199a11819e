package dev.gatehouse.email;

import dev.gatehouse.delivery.ServiceDiscovery;
import dev.gatehouse.email.EmailSender.EmailDeliveryException;
import dev.gatehouse.email.EmailSender.EmailReceipt;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Ready-made ways to obtain and combine {@link EmailSender}s: {@link ServiceLoader} discovery and a
 * fail-over chain.
 *
 * <pre>{@code
 * EmailSender sender = EmailSenders.failover(List.of(smtp, backupProvider), 2);
 * EmailReceipt receipt = sender.send(message); // receipt.provider() names who really sent it
 * }</pre>
 *
 * <p>All methods are thread-safe; the senders they return are thread-safe when the senders they
 * wrap are.
 */
public final class EmailSenders {
  private EmailSenders() {}

  /**
   * Decides how long to wait before another attempt at the same provider. The default, {@link
   * #none()}, does not wait, so a fail-over never holds a request thread; a host that prefers to
   * wait (for example after HTTP 429) supplies its own.
   *
   * <p>Implementations must be thread-safe.
   */
  @FunctionalInterface
  public interface Backoff {
    /**
     * Called after a retryable failure, before the same provider is tried again.
     *
     * @param provider the provider that failed, as {@link EmailSender#providerName()}
     * @param failedAttempts how many attempts at this provider have failed so far (1 or more)
     * @param failure the failure, whose message never contains the bodies
     * @throws InterruptedException when the waiting thread is interrupted; the chain then stops and
     *     rethrows {@code failure}
     */
    void pause(String provider, int failedAttempts, EmailDeliveryException failure)
        throws InterruptedException;

    /**
     * A backoff that never waits.
     *
     * @return a backoff without pauses
     */
    static Backoff none() {
      return (provider, failedAttempts, failure) -> {};
    }
  }

  /**
   * Returns the single {@link EmailSender} registered in {@code META-INF/services} and visible to
   * the thread's context class loader.
   *
   * <p>Registering providers explicitly on the Gatehouse builder is the recommended way; discovery
   * is a convenience that refuses to guess.
   *
   * @return a new instance of the only registered sender
   * @throws IllegalStateException when no sender or several senders are registered (the message
   *     names the classes found), or when the registered class cannot be loaded or instantiated
   */
  public static EmailSender discover() {
    return ServiceDiscovery.single(EmailSender.class);
  }

  /**
   * Same as {@link #discover()}, looking through the given class loader.
   *
   * @param classLoader where to look for {@code META-INF/services/dev.gatehouse.email.EmailSender}
   * @return a new instance of the only registered sender
   * @throws IllegalStateException when no sender or several senders are registered, or the
   *     registered class cannot be loaded or instantiated
   */
  public static EmailSender discover(ClassLoader classLoader) {
    return ServiceDiscovery.single(EmailSender.class, classLoader);
  }

  /**
   * A sender that tries each sender in order until one accepts the message, with no waiting between
   * attempts.
   *
   * @see #failover(List, int, Backoff)
   * @param senders the senders, primary first; at least one
   * @param maxAttemptsPerSender attempts per sender for retryable failures; at least 1
   * @return the chain
   * @throws IllegalArgumentException when {@code senders} is empty or {@code maxAttemptsPerSender}
   *     is below 1
   * @throws NullPointerException when {@code senders} or one of its elements is null
   */
  public static EmailSender failover(List<EmailSender> senders, int maxAttemptsPerSender) {
    return failover(senders, maxAttemptsPerSender, Backoff.none());
  }

  /**
   * A sender that tries each sender in order until one accepts the message.
   *
   * <p>Per sender: a {@linkplain EmailDeliveryException#retryable() retryable} failure is retried
   * at the same sender up to {@code maxAttemptsPerSender} attempts in all, with {@code backoff}
   * consulted before each retry; a non-retryable failure is not retried at that sender but the
   * chain <em>does</em> move on to the next one, because permanent refusals are usually specific to
   * one provider (wrong credentials, a relay that refuses the sender domain, a suspended API
   * account) and a second email carrying the same code or link is harmless, while an undelivered
   * one locks the user out. When every sender has failed, the last {@link EmailDeliveryException}
   * is thrown with the earlier ones attached as {@linkplain Throwable#getSuppressed() suppressed}.
   * Exceptions other than {@link EmailDeliveryException} are programming errors and propagate at
   * once. An interrupted thread stops the chain.
   *
   * <p>The returned receipt is the one of the sender that accepted the message, so {@link
   * EmailReceipt#provider()} names the provider that really sent it. The chain's own {@link
   * EmailSender#providerName()} is {@code failover(a,b,...)}; it is {@link
   * EmailSender#developmentOnly()} when any member is, since a development sender in the chain
   * could print a code in production.
   *
   * @param senders the senders, primary first; at least one; copied
   * @param maxAttemptsPerSender attempts per sender for retryable failures; at least 1
   * @param backoff consulted before each retry at the same sender
   * @return the chain, thread-safe when every member is
   * @throws IllegalArgumentException when {@code senders} is empty or {@code maxAttemptsPerSender}
   *     is below 1
   * @throws NullPointerException when an argument or an element of {@code senders} is null
   */
  public static EmailSender failover(
      List<EmailSender> senders, int maxAttemptsPerSender, Backoff backoff) {
    return new FailoverEmailSender(senders, maxAttemptsPerSender, backoff);
  }
}
