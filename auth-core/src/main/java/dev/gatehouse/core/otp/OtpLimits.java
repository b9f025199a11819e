package dev.gatehouse.core.otp;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.internal.Counters;
import dev.gatehouse.core.internal.GatehouseContext;
import dev.gatehouse.core.internal.NetworkLimits;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.store.CounterStore.CounterState;
import dev.gatehouse.core.store.StoreTransaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The abuse limits on sending codes, counted in the database: per client IP, per destination, per
 * phone-number prefix (SMS pumping) and the daily SMS budget.
 */
final class OtpLimits {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Duration DAY = Duration.ofDays(1);

  /** National digits kept for the SMS-pumping bucket, e.g. {@code +1415} or {@code +52551}. */
  static final int PREFIX_DIGITS = 3;

  private final GatehouseContext ctx;

  OtpLimits(GatehouseContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Counts one request against every limit, in order, and answers the first one it exceeds (the
   * later ones are then not counted), or empty when throttling is off or all passed.
   */
  Optional<Exceeded> count(StoreTransaction tx, OtpTarget t, ClientInfo client, Instant now) {
    if (!ctx.config().get(GatehouseConfig.THROTTLE_ENABLED)) {
      return Optional.empty();
    }
    for (Limit limit : limits(t, client)) {
      CounterState state = tx.counters().increment(limit.key(), now, limit.window());
      if (state.count() > limit.max()) {
        return Optional.of(
            new Exceeded(
                limit.name(), OtpTarget.until(now, state.windowStart().plus(limit.window()))));
      }
    }
    return Optional.empty();
  }

  private List<Limit> limits(OtpTarget t, ClientInfo client) {
    GatehouseConfig config = ctx.config();
    List<Limit> limits = new ArrayList<>();
    // The caller's own bucket first, so an abuser is stopped before they spend shared budgets.
    String network = NetworkLimits.network(config, client.ipAddress());
    if (network != null) {
      limits.add(
          new Limit(
              "per-IP",
              Counters.OTP_NETWORK.key(ctx.secrets().hash("counter", network)),
              HOUR,
              config.get(GatehouseConfig.OTP_MAX_PER_IP)));
    }
    limits.add(
        new Limit(
            "per-destination",
            Counters.OTP_DESTINATION.key(t.channel().code(), destinationHash(t)),
            HOUR,
            config.get(GatehouseConfig.OTP_MAX_PER_DESTINATION)));
    if (t.channel() == OtpChannel.SMS) {
      limits.add(
          new Limit(
              "number-prefix",
              Counters.SMS_PREFIX.key(ctx.phones().prefixOf(t.destination(), PREFIX_DIGITS)),
              HOUR,
              config.get(GatehouseConfig.SMS_MAX_PER_PREFIX)));
      limits.add(
          new Limit(
              "daily SMS",
              Counters.SMS_DAILY.key(),
              DAY,
              config.get(GatehouseConfig.SMS_DAILY_LIMIT)));
    }
    return limits;
  }

  /** Destinations are personal data and may exceed the key column, so keys carry their HMAC. */
  String destinationHash(OtpTarget t) {
    return ctx.secrets().hash("counter", t.destination());
  }

  /** The limit a request exceeded, and when its window ends. */
  record Exceeded(String name, Duration retryAfter) {}

  private record Limit(String name, String key, Duration window, int max) {}
}
