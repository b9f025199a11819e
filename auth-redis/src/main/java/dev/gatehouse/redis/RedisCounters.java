package dev.gatehouse.redis;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.signin.Counters;
import dev.gatehouse.core.store.AuthStore;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Keeps Gatehouse's counters in Redis: every rate limit (the login throttle's buckets, code and
 * mail limits) and every one-time marker, by default; the catalogue's locks ({@link
 * Counters.Use#LOCK}) stay in the database, since they exist to order the database's reads. {@link
 * #store} decorates the database's {@link AuthStore}: the other stores and every transaction stay
 * the database's, only {@code tx.counters()} of a key Redis holds goes to Redis.
 *
 * <p><b>What holds as in the database.</b> Each operation is one atomic Lua script, so concurrent
 * increments of one counter from any number of instances are all counted and each sees its own
 * count. A counter that a transaction wrote is <em>held</em> by it until the transaction ends (a
 * hold key beside the counter): a concurrent transaction that writes the same counter waits, as it
 * waits for the row in the database, so a login attempt's increment, the lock it earns and its
 * refusal happen one transaction after another: the lockout counts exactly and locks once. Windows
 * are the counters' Redis ttl (a counter outlives neither its window nor its lock), and a
 * transaction of Gatehouse's own that rolls back puts every counter it wrote back as it found it (a
 * refused attempt is not counted, a marker spent in a failed flow is usable again).
 *
 * <p><b>What differs.</b> Redis cannot join the database's transaction:
 *
 * <ul>
 *   <li>A counter written inside the host's transaction (Gatehouse joined it) is final when
 *       Gatehouse's part of the work returns, not when the host commits: a host transaction that
 *       rolls back later leaves the attempt counted and the marker spent. Counting an attempt that
 *       was made is what rate limiters do; for a marker it fails closed (the user starts the step
 *       again).
 *   <li>A reader ({@code find}) does not wait for a hold and may see a count that a rolling-back
 *       transaction is about to give back.
 *   <li>Redis restarted without persistence forgets every counter: limits and locks start again
 *       from zero (docs/OPERATIONS.md).
 *   <li>A hold lasts at most twice {@link Builder#holdTimeout} (a crashed instance's hold ends
 *       there); a transaction held up longer than that may lose it, and then its rollback restores
 *       nothing.
 * </ul>
 *
 * <p>Thread-safe; one instance serves every Gatehouse of the application. Uses one Redis server (or
 * a primary behind Sentinel): a script's counters must be on one node.
 */
public final class RedisCounters implements AutoCloseable {
  private final UnifiedJedis redis;
  private final boolean ownsClient;
  private final String keyPrefix;
  private final Predicate<String> keys;
  private final Duration holdTimeout;
  private final RedisScripts scripts;

  /**
   * The prefixes of the catalogue's locks: the core's, and those of every instance's catalogue the
   * store was handed ({@link #catalogue}).
   */
  private final Set<String> locks = ConcurrentHashMap.newKeySet();

  private RedisCounters(Builder b) {
    this.redis = b.client != null ? b.client : RedisClient.create(requireNonNull(b.uri, "uri"));
    this.ownsClient = b.client == null;
    this.keyPrefix = b.keyPrefix;
    this.keys = b.keys != null ? b.keys : this::heldInRedisByDefault;
    catalogue(Counters.core());
    this.holdTimeout = b.holdTimeout;
    this.scripts = new RedisScripts(redis);
  }

  /**
   * Starts a configuration that connects to {@code uri}; {@link #close} closes the connections.
   *
   * @param uri for example {@code redis://127.0.0.1:6379/0}
   * @return the builder
   */
  public static Builder builder(URI uri) {
    return new Builder(requireNonNull(uri, "uri"), null);
  }

  /**
   * Starts a configuration on a client the application manages (and closes).
   *
   * @param client a thread-safe Jedis client, such as a {@link RedisClient}
   * @return the builder
   */
  public static Builder builder(UnifiedJedis client) {
    return new Builder(null, requireNonNull(client, "client"));
  }

  /**
   * Whether the default puts {@code key} in Redis: every key but those of the catalogue's locks,
   * the core's and the installed modules' (the store learns the catalogue when the Gatehouse built
   * on it is built).
   *
   * @param key a counter key
   * @return {@code true} for a limit's or a marker's key
   */
  public boolean heldInRedisByDefault(String key) {
    requireNonNull(key, "key");
    return locks.stream().noneMatch(p -> key.equals(p) || key.startsWith(p + ":"));
  }

  /** Learns the locks of one instance's counter catalogue. */
  void catalogue(List<Counters> catalogue) {
    for (Counters c : catalogue) {
      if (c.use() == Counters.Use.LOCK) {
        locks.add(c.prefix());
      }
    }
  }

  /**
   * Decorates the database's store: its counters of the keys this instance holds are in Redis.
   *
   * @param database the store that keeps everything else, e.g. the JPA store
   * @return the store to hand the Gatehouse builder
   */
  public AuthStore store(AuthStore database) {
    return new CountingStore(requireNonNull(database, "database"), this);
  }

  /** Closes the connections, when this instance opened them. */
  @Override
  public void close() {
    if (ownsClient) {
      redis.close();
    }
  }

  @Override
  public String toString() {
    return "RedisCounters[keyPrefix=" + keyPrefix + "]";
  }

  boolean holds(String key) {
    return keys.test(key);
  }

  String redisKey(String key) {
    return keyPrefix + key;
  }

  Duration holdTimeout() {
    return holdTimeout;
  }

  RedisScripts scripts() {
    return scripts;
  }

  UnifiedJedis client() {
    return redis;
  }

  /** The configuration of a {@link RedisCounters}; not thread-safe. */
  public static final class Builder {
    private final URI uri;
    private final UnifiedJedis client;
    private String keyPrefix = "gatehouse:counter:";
    private @Nullable Predicate<String> keys;
    private Duration holdTimeout = Duration.ofSeconds(30);

    private Builder(URI uri, UnifiedJedis client) {
      this.uri = uri;
      this.client = client;
    }

    /**
     * What every Redis key of this instance begins with; applications sharing one Redis database
     * give each its own. Default {@code gatehouse:counter:}.
     *
     * @param prefix the prefix, not blank
     * @return this builder
     * @throws IllegalArgumentException when blank
     */
    public Builder keyPrefix(String prefix) {
      requireNonNull(prefix, "prefix");
      if (prefix.isBlank()) {
        throw new IllegalArgumentException("keyPrefix was blank");
      }
      this.keyPrefix = prefix;
      return this;
    }

    /**
     * Which counter keys Redis keeps; the others stay in the database. Default {@link
     * RedisCounters#heldInRedisByDefault}. A lock of the catalogue must stay in the database: it
     * orders the database's reads, which a Redis hold released at the end of Gatehouse's part of a
     * host's transaction cannot.
     *
     * @param keys answers {@code true} for a key Redis keeps
     * @return this builder
     */
    public Builder keys(Predicate<String> keys) {
      this.keys = requireNonNull(keys, "keys");
      return this;
    }

    /**
     * How long a concurrent transaction waits for a counter another one holds before it fails with
     * a retryable {@code StorageConflictException}; a hold itself lasts at most twice as long (a
     * crashed instance's hold ends there), so a waiter gives up before a live holder loses its
     * hold. Default 30 seconds.
     *
     * @param timeout positive
     * @return this builder
     * @throws IllegalArgumentException when not positive
     */
    public Builder holdTimeout(Duration timeout) {
      requireNonNull(timeout, "timeout");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("holdTimeout was " + timeout + ", must be positive");
      }
      this.holdTimeout = timeout;
      return this;
    }

    /** {@return the counters} */
    public RedisCounters build() {
      return new RedisCounters(this);
    }
  }
}
