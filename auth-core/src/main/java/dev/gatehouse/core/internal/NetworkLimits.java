package dev.gatehouse.core.internal;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.signin.Counters;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.StoreTransaction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The hourly limits per client network of the requests anyone may make without an account and that
 * cost something each time: a registration, a reset or a sign-in link sends mail to an address of
 * the caller's choosing, a passkey sign-in option stores a challenge. Without them one client can
 * mail any number of strangers.
 *
 * <p>The network is {@link ClientDetails#limitNetwork}'s: an IPv4 address, or an IPv6 address's
 * {@code gatehouse.throttle.ipv6-prefix-length} bits. The IP is the one the host determined (a
 * Spring host's servlet container reads {@code X-Forwarded-For} only from its trusted proxies); a
 * call without one is not limited here. Loopback counts like any client: a local proxy whose
 * forwarded address the host does not trust makes every client loopback, and leaving loopback out
 * would switch these limits off for everyone ({@link UntrustedForwarding} warns of that proxy);
 * only {@code gatehouse.throttle.development.exempt-loopback}, refused in production, leaves it
 * out. The counter is keyed by a keyed hash of the network, so the counter table holds no address.
 */
public final class NetworkLimits {
  private NetworkLimits() {}

  /**
   * The network a client IP is counted as by every per-IP limit (these and the sign-in and code
   * limits).
   *
   * @param config the configuration ({@code gatehouse.throttle.ipv6-prefix-length})
   * @param ip the client IP, or {@code null}
   * @return the network, or {@code null} without an IP
   */
  public static String network(GatehouseConfig config, String ip) {
    return ClientDetails.limitNetwork(ip, config.get(ThrottleSettings.IPV6_PREFIX_LENGTH));
  }

  /**
   * Counts one request of the client's network against a limit, in the caller's transaction. The
   * caller commits the count and only then refuses (with {@link #refusal}), so a refused request
   * still counts.
   *
   * @param tx the request's transaction
   * @param counter the network counter of the catalogue (NETWORK_*, MAGIC_LINK_CODE_NETWORK)
   * @param ip the caller's IP ({@code ClientInfo#ipAddress()}), or {@code null}
   * @param now the current time
   * @return how long until the window ends when this request is over the limit; empty when it is
   *     within it, throttling is off, or there is no client IP (or a loopback one, with the
   *     development exemption)
   */
  public static Optional<Duration> count(
      GatehouseConfig config,
      SecretHasher secrets,
      StoreTransaction tx,
      Counters counter,
      String ip,
      Instant now) {
    String network = network(config, ip);
    if (network == null
        || config.get(ThrottleSettings.DEVELOPMENT_EXEMPT_LOOPBACK) && ClientDetails.isLoopback(ip)
        || !config.get(ThrottleSettings.THROTTLE_ENABLED)) {
      return Optional.empty();
    }
    return counter.count(config, tx, now, secrets.hash("counter", network));
  }

  /**
   * Records a deferred request that mails an address of the caller's choosing, counted against the
   * network's account-mail limit, in one transaction: one outbox entry whatever the address, so the
   * answer's time says nothing about it (the lookup runs after, on a delivery worker).
   *
   * @param purpose the deferred request's purpose (its handler is registered)
   * @param subject what the request names; sealed in the outbox
   * @param ip the caller's IP, or {@code null}
   * @throws RateLimitedException {@code rate_limited} when the network is over its limit (the count
   *     is committed, nothing is recorded)
   */
  public static void deferMail(
      GatehouseConfig config,
      Clock clock,
      AuthStore store,
      SecretHasher secrets,
      Outbox outbox,
      DeferredRequests deferred,
      String purpose,
      String subject,
      String ip) {
    Instant now = clock.instant();
    Optional<Duration> over =
        store.inTransaction(
            tx -> {
              // Counted for every address alike, so the limit says nothing about accounts.
              Optional<Duration> limited =
                  count(config, secrets, tx, Counters.NETWORK_ACCOUNT_MAIL, ip, now);
              if (limited.isEmpty()) {
                deferred.enqueue(outbox, tx, purpose, subject, now);
              }
              return limited;
            });
    if (over.isPresent()) {
      throw refusal(over.get());
    }
  }

  /**
   * The refusal of a request over its network's limit.
   *
   * @param retryAfter how long until the window ends
   * @return {@code rate_limited}, with the wait
   */
  public static RateLimitedException refusal(Duration retryAfter) {
    return new RateLimitedException(
        ErrorCode.RATE_LIMITED, "too many requests from this network; try again later", retryAfter);
  }
}
