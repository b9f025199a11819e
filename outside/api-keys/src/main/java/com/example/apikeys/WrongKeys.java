package com.example.apikeys;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.signin.Counters;
import dev.gatehouse.core.store.StoreTransaction;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The limit of wrong keys per client network and hour ({@link ApiKeySettings#MAX_WRONG_PER_IP}):
 * wrong keys are recorded after the fact, and a network that reached the maximum is refused before
 * any key is compared, so a right key from it is refused too until the hour ends, and a right key
 * from another network is not. The network is the address, or an IPv6 address's first {@code
 * gatehouse.throttle.ipv6-prefix-length} bits, as Gatehouse's own network limits count it; its
 * keyed hash is the counter's key, so the counter table holds no address. Off with {@code
 * gatehouse.throttle.enabled}.
 */
final class WrongKeys {
  /** The limit, the module's own, declared in its manifest. */
  static final Counters NETWORK =
      Counters.limit("api-key:ip", ApiKeySettings.MAX_WRONG_PER_IP, Duration.ofHours(1), null);

  private final GatehouseConfig config;
  private final SecretHasher secrets;

  WrongKeys(GatehouseConfig config, SecretHasher secrets) {
    this.config = config;
    this.secrets = secrets;
  }

  /** {@return how long the network waits, when it presented its maximum of wrong keys} */
  Optional<Duration> reached(StoreTransaction tx, @Nullable String ip, Instant now) {
    return part(ip).flatMap(part -> NETWORK.reached(config, tx, now, part));
  }

  /** Records one wrong key of the network. */
  void record(StoreTransaction tx, @Nullable String ip, Instant now) {
    part(ip).ifPresent(part -> NETWORK.record(config, tx, now, part));
  }

  /** {@return the counter key a wrong key of the client's network counts, for the counting run} */
  List<String> keys(@Nullable String ip) {
    return part(ip).map(part -> NETWORK.key(part)).stream().toList();
  }

  /** {@return the keyed hash of the client's network, or empty when nothing is counted} */
  private Optional<String> part(@Nullable String ip) {
    if (ip == null || ip.isBlank() || !config.get(ThrottleSettings.THROTTLE_ENABLED)) {
      return Optional.empty();
    }
    return Optional.of(
        secrets.hash("counter", network(ip, config.get(ThrottleSettings.IPV6_PREFIX_LENGTH))));
  }

  /** An IPv4 address as it is; an IPv6 address cut to its first {@code prefix} bits. */
  static String network(String ip, int prefix) {
    if (ip.indexOf(':') < 0) {
      return ip;
    }
    byte[] bytes;
    try {
      // A literal with a colon is parsed, never looked up.
      bytes = InetAddress.getByName(ip).getAddress();
    } catch (UnknownHostException e) {
      return ip;
    }
    if (bytes.length != 16) {
      return ip;
    }
    for (int bit = prefix; bit < 128; bit++) {
      bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return HexFormat.of().formatHex(bytes) + "/" + prefix;
  }
}
