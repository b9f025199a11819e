package dev.gatehouse.core.signin;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.OtpSettings;
import dev.gatehouse.core.config.Setting;
import dev.gatehouse.core.config.ThrottleSettings;
import dev.gatehouse.core.store.CounterStore.CounterState;
import dev.gatehouse.core.store.StoreTransaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Every counter Gatehouse keeps, and how its key is made: the one place a counter key is built.
 * Keys are {@code prefix:part:part}; a part that could identify a person (an address, an
 * identifier, a network, a token) is a keyed hash before it reaches the key, so the counter table
 * holds no personal data. Prefixes are unique, so two counters never share a row: the core's (its
 * constants, {@link #core()}) and each installed module's, which a module makes with {@link
 * #limit}, {@link #marker} or {@link #lock} and lists in its manifest; {@code
 * Gatehouse.Builder#build()} assembles them into the one catalogue ({@code Gatehouse#counters()})
 * and refuses a prefix used twice, or a limit whose setting the configuration does not know.
 *
 * <p>Counters serve three uses, each named by {@link Use}: a <em>limit</em> counts requests in a
 * window against a maximum, and declares both here (the setting of its maximum, its window, and
 * whether reaching it locks), so no flow reads a limit's setting itself; a <em>lock</em> serialises
 * concurrent requests for one subject (the row is taken with a lock, its count is not a limit); a
 * <em>marker</em> makes something usable once (a second increment in the window means "used").
 *
 * <pre>{@code
 * // a module's own limit, its maximum a setting of the module's ModuleSettings
 * public static final Counters API_KEY_NETWORK =
 *     Counters.limit("api-key:ip", ApiKeySettings.PER_IP_HOURLY, Duration.ofHours(1), null);
 * }</pre>
 *
 * <p>Immutable and thread-safe; two counters are equal only when they are the same instance.
 */
public final class Counters {
  private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_-]*(:[a-z][a-z0-9_-]*)*");
  private static final Duration HOUR = Duration.ofHours(1);

  /** Every limit made, the core's and the modules': a key no limit made is refused. */
  private static final Set<Counters> LIMITS = ConcurrentHashMap.newKeySet();

  /** Failed sign-ins of an account (its public id); locks the account at its maximum. */
  public static final Counters LOGIN_ACCOUNT =
      limit(
          "login:user",
          ThrottleSettings.LOGIN_MAX_FAILURES,
          ThrottleSettings.LOGIN_FAILURE_WINDOW,
          ThrottleSettings.LOCKOUT_DURATION);

  /**
   * Failed sign-ins with an identifier that names no account (hash of kind and canonical form):
   * counted as an account would be, so an unknown identifier looks like a known one.
   */
  public static final Counters LOGIN_IDENTIFIER =
      limit(
          "login:id",
          ThrottleSettings.LOGIN_MAX_FAILURES,
          ThrottleSettings.LOGIN_FAILURE_WINDOW,
          ThrottleSettings.LOCKOUT_DURATION);

  /** Failed sign-ins from a client network (the network, or its hash when long). */
  public static final Counters LOGIN_NETWORK =
      limit(
          "login:ip",
          ThrottleSettings.LOGIN_MAX_FAILURES_PER_IP,
          ThrottleSettings.LOGIN_FAILURE_WINDOW,
          null);

  /** Codes sent to a signed-in account for a change (user id). */
  public static final Counters ACCOUNT_CODE_SENDS =
      limit("account_code:send", ThrottleSettings.OTP_MAX_PER_DESTINATION, HOUR, null);

  /** Wrong codes of an account's pending change (purpose, user id), while a code lives. */
  public static final Counters ACCOUNT_CODE_ATTEMPTS =
      limit("account_code:wrong", OtpSettings.OTP_MAX_ATTEMPTS, OtpSettings.OTP_TTL, null);

  /** Link mails to one address (purpose, hash of the address). */
  public static final Counters MAIL_TO_ADDRESS =
      limit("mail", ThrottleSettings.OTP_MAX_PER_DESTINATION, HOUR, null);

  /** Code requests from a client network (hash of the network). */
  public static final Counters OTP_NETWORK =
      limit("otp:ip", ThrottleSettings.OTP_MAX_PER_IP, HOUR, null);

  /** Codes to one destination (channel, hash of the destination). */
  public static final Counters OTP_DESTINATION =
      limit("otp:dest", ThrottleSettings.OTP_MAX_PER_DESTINATION, HOUR, null);

  /** SMS to one number prefix (the prefix digits). */
  public static final Counters SMS_PREFIX =
      limit("sms:prefix", ThrottleSettings.SMS_MAX_PER_PREFIX, HOUR, null);

  /** SMS of the day, all numbers. */
  public static final Counters SMS_DAILY =
      limit("sms:daily", ThrottleSettings.SMS_DAILY_LIMIT, Duration.ofDays(1), null);

  /** Registrations from a client network (hash of the network). */
  public static final Counters NETWORK_REGISTRATION =
      limit("net:registration", ThrottleSettings.REGISTRATION_MAX_PER_IP, HOUR, null);

  /**
   * Password-reset requests, confirmation resends and sign-in links from a client network, together
   * (hash of the network): each mails an address of the caller's choosing.
   */
  public static final Counters NETWORK_ACCOUNT_MAIL =
      limit("net:account-mail", ThrottleSettings.ACCOUNT_MAIL_MAX_PER_IP, HOUR, null);

  /** The cooldown of one destination and purpose (channel, purpose, hash of the destination). */
  public static final Counters OTP_COOLDOWN = marker("otp:cooldown");

  /** Concurrent registrations of one address (hash of the address). */
  public static final Counters REGISTRATION = lock("register");

  /** The superuser bootstrap, one at a time. */
  public static final Counters BOOTSTRAP = lock("admin:bootstrap");

  private static final List<Counters> CORE =
      List.of(
          LOGIN_ACCOUNT,
          LOGIN_IDENTIFIER,
          LOGIN_NETWORK,
          ACCOUNT_CODE_SENDS,
          ACCOUNT_CODE_ATTEMPTS,
          MAIL_TO_ADDRESS,
          OTP_NETWORK,
          OTP_DESTINATION,
          SMS_PREFIX,
          SMS_DAILY,
          NETWORK_REGISTRATION,
          NETWORK_ACCOUNT_MAIL,
          OTP_COOLDOWN,
          REGISTRATION,
          BOOTSTRAP);

  /** What a counter is for. */
  public enum Use {
    /** Counts requests in a window against a maximum. */
    LIMIT,
    /** Serialises concurrent requests for one subject. */
    LOCK,
    /** Makes something usable once. */
    MARKER
  }

  /**
   * A store that decides by a counter's use where its rows are kept ({@code auth-redis} keeps the
   * locks in the database): {@code Gatehouse.Builder#build()} hands it the assembled catalogue, the
   * core's counters and every installed module's, before any flow runs. A store may be handed the
   * catalogues of several instances built on it; it answers for the counters of all of them.
   */
  public interface Routing {
    /**
     * @param catalogue every counter of one instance, unmodifiable
     */
    void catalogue(List<Counters> catalogue);
  }

  private final String prefix;
  private final Use use;
  private final @Nullable Setting<Integer> max;
  // A limit's window: a fixed span, or else a setting.
  private final @Nullable Duration fixedWindow;
  private final @Nullable Setting<Duration> windowSetting;
  private final @Nullable Setting<Duration> lockout;

  private Counters(
      String prefix,
      Use use,
      @Nullable Setting<Integer> max,
      @Nullable Duration fixedWindow,
      @Nullable Setting<Duration> windowSetting,
      @Nullable Setting<Duration> lockout) {
    requireNonNull(prefix, "prefix");
    if (prefix.length() > 64 || !PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "a counter's prefix is up to 64 lower-case letters, digits, '-' and '_', in parts"
              + " separated by ':', each starting with a letter: "
              + prefix);
    }
    this.prefix = prefix;
    this.use = use;
    this.max = max;
    this.fixedWindow = fixedWindow;
    this.windowSetting = windowSetting;
    this.lockout = lockout;
  }

  /**
   * A limit whose window is a fixed span: counts requests in the window against a maximum.
   *
   * @param prefix the prefix of its keys, unique in the catalogue ({@code api-key:ip})
   * @param max the setting of its maximum per window, in the configuration's catalogue (a module's
   *     in its {@code ModuleSettings})
   * @param window the window, positive
   * @param lockout the setting of how long reaching the maximum locks its subject, or {@code null}
   *     for a limit that only counts
   * @return the limit
   * @throws IllegalArgumentException when the prefix is not of the shape above, or the window not
   *     positive
   */
  public static Counters limit(
      String prefix, Setting<Integer> max, Duration window, @Nullable Setting<Duration> lockout) {
    requireNonNull(window, "window");
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException(
          "the window of " + prefix + " was " + window + ", must be positive");
    }
    return made(new Counters(prefix, Use.LIMIT, requireNonNull(max, "max"), window, null, lockout));
  }

  /**
   * A limit whose window is a setting: counts requests in the window against a maximum.
   *
   * @param prefix the prefix of its keys, unique in the catalogue
   * @param max the setting of its maximum per window, in the configuration's catalogue
   * @param window the setting of its window, in the configuration's catalogue
   * @param lockout the setting of how long reaching the maximum locks its subject, or {@code null}
   *     for a limit that only counts
   * @return the limit
   * @throws IllegalArgumentException when the prefix is not of the shape above
   */
  public static Counters limit(
      String prefix,
      Setting<Integer> max,
      Setting<Duration> window,
      @Nullable Setting<Duration> lockout) {
    requireNonNull(window, "window");
    return made(new Counters(prefix, Use.LIMIT, requireNonNull(max, "max"), null, window, lockout));
  }

  /**
   * A marker: makes something usable once (a second increment in the window means "used").
   *
   * @param prefix the prefix of its keys, unique in the catalogue
   * @return the marker
   * @throws IllegalArgumentException when the prefix is not of the shape {@link #limit} names
   */
  public static Counters marker(String prefix) {
    return new Counters(prefix, Use.MARKER, null, null, null, null);
  }

  /**
   * A lock: serialises concurrent requests for one subject (its row is taken with a lock; a store
   * keeps it in the database, whose reads it orders).
   *
   * @param prefix the prefix of its keys, unique in the catalogue
   * @return the lock
   * @throws IllegalArgumentException when the prefix is not of the shape {@link #limit} names
   */
  public static Counters lock(String prefix) {
    return new Counters(prefix, Use.LOCK, null, null, null, null);
  }

  private static Counters made(Counters limit) {
    LIMITS.add(limit);
    return limit;
  }

  /** {@return the core's counters, the constants of this class; unmodifiable} */
  public static List<Counters> core() {
    return CORE;
  }

  /** {@return the prefix of every key of this counter} */
  public String prefix() {
    return prefix;
  }

  /** {@return what the counter is for} */
  public Use use() {
    return use;
  }

  /** {@return the setting of a limit's maximum per window} */
  public Setting<Integer> maxSetting() {
    return requireNonNull(requireLimit().max);
  }

  /**
   * {@return the settings a limit reads (its maximum, its window unless fixed, its lockout if any),
   * each of which the configuration's catalogue must hold; none for a lock or a marker}
   */
  public List<Setting<?>> settings() {
    List<Setting<?>> read = new ArrayList<>(3);
    for (Setting<?> s : Arrays.asList(max, windowSetting, lockout)) {
      if (s != null) {
        read.add(s);
      }
    }
    return List.copyOf(read);
  }

  /**
   * @param config the configuration
   * @return a limit's maximum per window
   */
  public int max(GatehouseConfig config) {
    return config.get(maxSetting());
  }

  /**
   * @param config the configuration
   * @return a limit's window
   */
  public Duration window(GatehouseConfig config) {
    requireLimit();
    return fixedWindow != null ? fixedWindow : config.get(requireNonNull(windowSetting));
  }

  /**
   * @param config the configuration
   * @return how long reaching a limit locks its subject, or empty for a limit that only counts
   */
  public Optional<Duration> lockout(GatehouseConfig config) {
    Setting<Duration> l = requireLimit().lockout;
    return l == null ? Optional.empty() : Optional.of(config.get(l));
  }

  /**
   * Counts one request against a limit in {@code tx} (one atomic statement) and answers how long
   * until its window ends when this request is over the maximum. The caller decides whether
   * throttling applies ({@code gatehouse.throttle.enabled} turns off the abuse limits, never a
   * code's attempts), and commits the count before it refuses.
   *
   * @param config the configuration
   * @param tx the request's transaction
   * @param now the current time
   * @param parts the key's parts, as the constant's Javadoc names them
   * @return the wait when over the maximum, else empty
   */
  public Optional<Duration> count(
      GatehouseConfig config, StoreTransaction tx, Instant now, Object... parts) {
    Duration w = window(config);
    CounterState state = tx.counters().increment(key(parts), now, w);
    if (state.count() <= max(config)) {
      return Optional.empty();
    }
    return Optional.of(until(state, w, now));
  }

  /**
   * Records one more request of this limit without a verdict, for a limit counted after the fact
   * (wrong codes of every address together): {@link #reached} decides the next request.
   *
   * @param config the configuration holding the window
   * @param tx the counting transaction
   * @param now the request's instant
   * @param parts the key's parts
   * @return the count in the window, this request included
   */
  public long record(GatehouseConfig config, StoreTransaction tx, Instant now, Object... parts) {
    return tx.counters().increment(key(parts), now, window(config)).count();
  }

  /**
   * Whether the limit is reached, without counting: for a limit that {@link #record} counts after
   * the fact.
   *
   * @param config the configuration holding the maximum and the window
   * @param tx the transaction
   * @param now the request's instant
   * @param parts the key's parts
   * @return how long until the window ends when the maximum is reached, else empty
   */
  public Optional<Duration> reached(
      GatehouseConfig config, StoreTransaction tx, Instant now, Object... parts) {
    Duration w = window(config);
    return tx.counters()
        .find(key(parts))
        .filter(state -> state.count() >= max(config) && state.windowStart().plus(w).isAfter(now))
        .map(state -> until(state, w, now));
  }

  /**
   * Gives back one request counted in advance that turned out not to count (a right code).
   *
   * @param tx the counting transaction
   * @param parts the key's parts
   */
  public void giveBack(StoreTransaction tx, Object... parts) {
    tx.counters().decrement(key(parts));
  }

  /**
   * {@return how long until the window of {@code state} ends, rounded up to whole seconds (what a
   * {@code Retry-After} can say), never negative}
   *
   * @param state the counter as read
   * @param window the limit's window
   * @param now the current time
   */
  public static Duration until(CounterState state, Duration window, Instant now) {
    Duration left = Duration.between(now, state.windowStart().plus(window));
    if (left.isNegative() || left.isZero()) {
      return Duration.ZERO;
    }
    return Duration.ofSeconds(left.getSeconds() + (left.getNano() > 0 ? 1 : 0));
  }

  /**
   * Counts one attempt in advance in the buckets of limits that are counted together (the login
   * throttle's client network, then its account or unknown identifier): one atomic statement per
   * bucket, in the order given, or one for all where the store can, so two attempts never wait on
   * each other in opposite orders.
   *
   * @param tx the counting transaction
   * @param keys the buckets, each a {@link #key} of a limit of this catalogue
   * @param window the window of every bucket
   * @param now the attempt's instant
   * @return the buckets' states after the count, in the order given
   * @throws IllegalArgumentException when a key is not one of a limit of this catalogue
   */
  public static List<CounterState> countAll(
      StoreTransaction tx, List<String> keys, Duration window, Instant now) {
    keys.forEach(Counters::limitOf);
    return tx.counters().incrementAll(keys, now, window);
  }

  /**
   * Locks a limit's bucket until {@code until} (a login delay, or the lock its maximum earns).
   *
   * @param tx the counting transaction
   * @param key the bucket, a {@link #key} of a limit of this catalogue
   * @param until the end of the lock
   * @throws IllegalArgumentException when the key is not one of a limit of this catalogue
   */
  public static void lock(StoreTransaction tx, String key, Instant until) {
    limitOf(key);
    tx.counters().lock(key, until);
  }

  /**
   * Gives back one attempt counted in advance in each bucket given (a right password refused for
   * another reason was no guess).
   *
   * @param tx the counting transaction
   * @param keys the buckets, each a {@link #key} of a limit of this catalogue; {@code null}s are
   *     skipped
   * @throws IllegalArgumentException when a key is not one of a limit of this catalogue
   */
  public static void release(StoreTransaction tx, @Nullable String... keys) {
    for (String key : keys) {
      if (key != null) {
        limitOf(key);
        tx.counters().decrement(key);
      }
    }
  }

  /**
   * Settles a right attempt counted in advance: given back in the network's bucket, and the
   * account's bucket forgotten (zeroed, its lock lifted), in one statement where the store can.
   *
   * @param tx the transaction that spends the credential
   * @param networkKey the network's bucket, or {@code null}
   * @param accountKey the account's bucket, or {@code null}
   * @throws IllegalArgumentException when a key is not one of a limit of this catalogue
   */
  public static void settle(
      StoreTransaction tx, @Nullable String networkKey, @Nullable String accountKey) {
    if (networkKey != null) {
      limitOf(networkKey);
    }
    if (accountKey != null) {
      limitOf(accountKey);
    }
    if (networkKey != null || accountKey != null) {
      tx.counters().decrementAndClear(networkKey, accountKey);
    }
  }

  /**
   * Forgets a limit's bucket (an account that proved its password).
   *
   * @param tx the transaction
   * @param key the bucket, a {@link #key} of a limit of this catalogue
   * @throws IllegalArgumentException when the key is not one of a limit of this catalogue
   */
  public static void reset(StoreTransaction tx, String key) {
    limitOf(key);
    tx.counters().reset(key);
  }

  /** The limit a key belongs to; refuses a key no limit (the core's or a module's) made. */
  private static Counters limitOf(String key) {
    requireNonNull(key, "key");
    for (Counters c : LIMITS) {
      if (key.startsWith(c.prefix + ":")) {
        return c;
      }
    }
    throw new IllegalArgumentException("not a key of a limit of the counter catalogue");
  }

  private Counters requireLimit() {
    if (use != Use.LIMIT) {
      throw new IllegalStateException(this + " is a " + use + ", not a limit");
    }
    return this;
  }

  /**
   * The key of one counter row.
   *
   * @param parts what the row counts, in the order the constant's Javadoc names them; none may be
   *     {@code null}
   * @return {@code prefix:part:part}
   */
  public String key(Object... parts) {
    StringBuilder b = new StringBuilder(prefix);
    for (Object part : parts) {
      b.append(':').append(requireNonNull(part, "part"));
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return "Counters[" + prefix + ", " + use + "]";
  }
}
