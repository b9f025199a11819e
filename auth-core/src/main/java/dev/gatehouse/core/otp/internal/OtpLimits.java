package dev.gatehouse.core.otp.internal;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.identity.PhoneNumbers;
import dev.gatehouse.core.internal.NetworkLimits;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.signin.Counters;
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
  /** National digits kept for the SMS-pumping bucket, e.g. {@code +1415} or {@code +52551}. */
  static final int PREFIX_DIGITS = 3;

  private final GatehouseConfig config;
  private final SecretHasher secrets;
  private final PhoneNumbers phones;

  OtpLimits(GatehouseConfig config, SecretHasher secrets, PhoneNumbers phones) {
    this.config = config;
    this.secrets = secrets;
    this.phones = phones;
  }

  /**
   * Counts one request against every limit, in order, and answers the first one it exceeds (the
   * later ones are then not counted), or empty when throttling is off or all passed.
   */
  Optional<Exceeded> count(StoreTransaction tx, OtpTarget t, ClientInfo client, Instant now) {
    if (!config.get(ThrottleSettings.THROTTLE_ENABLED)) {
      return Optional.empty();
    }
    for (Limit limit : limits(t, client)) {
      Optional<Duration> over = limit.counter().count(config, tx, now, limit.parts());
      if (over.isPresent()) {
        return Optional.of(new Exceeded(limit.name(), over.get()));
      }
    }
    return Optional.empty();
  }

  private List<Limit> limits(OtpTarget t, ClientInfo client) {
    List<Limit> limits = new ArrayList<>();
    // The caller's own bucket first, so an abuser is stopped before they spend shared budgets.
    String network = NetworkLimits.network(config, client.ipAddress());
    if (network != null) {
      limits.add(new Limit("per-IP", Counters.OTP_NETWORK, secrets.hash("counter", network)));
    }
    limits.add(
        new Limit(
            "per-destination", Counters.OTP_DESTINATION, t.channel().code(), destinationHash(t)));
    if (t.channel() == OtpChannel.SMS) {
      limits.add(
          new Limit(
              "number-prefix",
              Counters.SMS_PREFIX,
              phones.prefixOf(t.destination(), PREFIX_DIGITS)));
      limits.add(new Limit("daily SMS", Counters.SMS_DAILY));
    }
    return limits;
  }

  /** Destinations are personal data and may exceed the key column, so keys carry their HMAC. */
  String destinationHash(OtpTarget t) {
    return secrets.hash("counter", t.destination());
  }

  /** The limit a request exceeded, and when its window ends. */
  record Exceeded(String name, Duration retryAfter) {}

  /** One limit of the catalogue, with its key's parts. */
  private record Limit(String name, Counters counter, Object... parts) {}
}
