package dev.gatehouse.core.session;

import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.signin.Counters;
import dev.gatehouse.core.store.StoreTransaction;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The limits a module counts against, each a counter of the one catalogue (the core's and those the
 * module lists in its manifest): counting work in a transaction of its own, a network's requests, a
 * guess at an account's secret, a one-time marker, the per-address mail limit. Asked for with
 * {@code context.capability(ModuleLimits.class)}.
 *
 * <p>Called on a request's thread, before the work it guards. {@link #counting} and {@link #guess}
 * run in transactions of their own, never the host's, so what they count stands whatever the host
 * does next; the others count in the transaction they are given ({@link #counting}'s, for {@link
 * #countNetwork}). Thread-safe.
 */
public interface ModuleLimits {
  /**
   * Runs counting work in a transaction of its own, never the host's, so what it counts stands
   * whatever the host's transaction does next; a conflict between two first counts of one key is
   * retried.
   *
   * @param keys the counter keys the work counts ({@link Counters#key}), prepared on a conflict
   * @param now the request's instant
   * @param work the counting
   * @param <T> what the work answers
   * @return what the work answered
   */
  <T> T counting(
      Collection<String> keys, Instant now, Function<? super StoreTransaction, ? extends T> work);

  /**
   * Counts one request from the client's network against a network counter of the catalogue (the
   * network under {@code gatehouse.throttle.ipv6-prefix-length}, hashed), unless throttling is off,
   * the address is unknown, or it is a loopback address exempted in development.
   *
   * @param tx the counting transaction
   * @param counter a limit of the catalogue counted per network
   * @param ip the client's address, or {@code null}
   * @param now the request's instant
   * @return how long to wait when the limit is reached, else empty
   */
  Optional<Duration> countNetwork(
      StoreTransaction tx, Counters counter, @Nullable String ip, Instant now);

  /**
   * Counts one guess at a secret of an account (a code of its second factor) before it is compared,
   * as a password's is: against the client network's failed-login limit and the account's bucket of
   * {@code counter}, with the login delays and lock; a guess over a limit is refused. A right guess
   * is {@linkplain Guess#settle settled} in the transaction that spends the secret.
   *
   * @param counter the account's bucket, a counter of the catalogue (auth-mfa's {@code
   *     SecondFactorCounters.SECOND_FACTOR_ACCOUNT})
   * @param account the account's public id
   * @param ip the client's address, or {@code null} to count the account alone
   * @param now the request's instant
   * @return the counted guess
   * @throws AuthException.RateLimitedException when the network or the account is over its limit
   */
  Guess guess(Counters counter, UUID account, @Nullable String ip, Instant now);

  /**
   * Spends a one-time marker of the catalogue (something usable once within a window: a sign-in's
   * state, a provider's token) in {@code tx}. The first spend in the window wins; every later one,
   * concurrent or not, learns when the first was.
   *
   * @param tx the transaction
   * @param marker a counter of the catalogue whose use is {@link Counters.Use#MARKER}
   * @param window how long a spend stays spent
   * @param now the current time
   * @param parts what is spent, as the counter's Javadoc names them (hashed when they are secrets)
   * @return empty when this was the first spend in the window, else when the first one was
   * @throws IllegalArgumentException when the counter is not a marker
   */
  Optional<Instant> spendOnce(
      StoreTransaction tx, Counters marker, Duration window, Instant now, Object... parts);

  /**
   * Counts one link mail to an address and answers whether it is within {@code
   * gatehouse.otp.max-per-destination} an hour for its purpose (always, when throttling is off).
   *
   * @param tx the transaction that sends the mail
   * @param purpose the mail's purpose
   * @param canonical the address's canonical form
   * @param now the current time
   * @return whether the mail may be sent
   */
  boolean underMailLimit(StoreTransaction tx, String purpose, String canonical, Instant now);

  /**
   * A guess {@link #guess} counted: settled when it was right, and what it earned when it was not.
   */
  interface Guess {
    /**
     * {@return until when the account is locked because of this guess, or {@code null}} A wrong
     * guess that locked the account is published as {@code AuthEvent.Locked}.
     */
    @Nullable Instant lockedUntil();

    /**
     * Settles a right guess in the transaction that spends the secret: the account's failures are
     * forgotten and the guess no longer counts against the client's network.
     *
     * @param tx the spending transaction
     */
    void settle(StoreTransaction tx);
  }
}
