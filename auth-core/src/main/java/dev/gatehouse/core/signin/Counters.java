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
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Every counter Gatehouse keeps, and how its key is made: the one place a counter key is built.
 * Keys are {@code prefix:part:part}; a part that could identify a person (an address, an
 * identifier, a network, a token) is a keyed hash before it reaches the key, so the counter table
 * holds no personal data. Prefixes are unique, so two counters never share a row (a test checks).
 *
 * <p>Counters serve three uses, each named by {@link Use}: a <em>limit</em> counts requests in a
 * window against a maximum, and declares both here (the setting of its maximum, its window, and
 * whether reaching it locks), so no flow reads a limit's setting itself; a <em>lock</em> serialises
 * concurrent requests for one subject (the row is taken with a lock, its count is not a limit); a
 * <em>marker</em> makes something usable once (a second increment in the window means "used").
 */
public enum Counters {
  /** Failed sign-ins of an account (its public id); locks the account at its maximum. */
  LOGIN_ACCOUNT(
      "login:user",
      ThrottleSettings.LOGIN_MAX_FAILURES,
      Window.of(ThrottleSettings.LOGIN_FAILURE_WINDOW),
      ThrottleSettings.LOCKOUT_DURATION),
  /**
   * Failed sign-ins with an identifier that names no account (hash of kind and canonical form):
   * counted as an account would be, so an unknown identifier looks like a known one.
   */
  LOGIN_IDENTIFIER(
      "login:id",
      ThrottleSettings.LOGIN_MAX_FAILURES,
      Window.of(ThrottleSettings.LOGIN_FAILURE_WINDOW),
      ThrottleSettings.LOCKOUT_DURATION),
  /** Failed sign-ins from a client network (the network, or its hash when long). */
  LOGIN_NETWORK(
      "login:ip",
      ThrottleSettings.LOGIN_MAX_FAILURES_PER_IP,
      Window.of(ThrottleSettings.LOGIN_FAILURE_WINDOW),
      null),
  /** Second-factor attempts of an account (its public id): the failed sign-ins' rules. */
  SECOND_FACTOR_ACCOUNT(
      "mfa:user",
      ThrottleSettings.LOGIN_MAX_FAILURES,
      Window.of(ThrottleSettings.LOGIN_FAILURE_WINDOW),
      ThrottleSettings.LOCKOUT_DURATION),
  /** Codes sent to a signed-in account for a change (user id). */
  ACCOUNT_CODE_SENDS(
      "account_code:send", ThrottleSettings.OTP_MAX_PER_DESTINATION, Window.of(Window.HOUR), null),
  /** Wrong codes of an account's pending change (purpose, user id), while a code lives. */
  ACCOUNT_CODE_ATTEMPTS(
      "account_code:wrong", OtpSettings.OTP_MAX_ATTEMPTS, Window.of(OtpSettings.OTP_TTL), null),
  /** Link mails to one address (purpose, hash of the address). */
  MAIL_TO_ADDRESS("mail", ThrottleSettings.OTP_MAX_PER_DESTINATION, Window.of(Window.HOUR), null),
  /** Code requests from a client network (hash of the network). */
  OTP_NETWORK("otp:ip", ThrottleSettings.OTP_MAX_PER_IP, Window.of(Window.HOUR), null),
  /** Codes to one destination (channel, hash of the destination). */
  OTP_DESTINATION(
      "otp:dest", ThrottleSettings.OTP_MAX_PER_DESTINATION, Window.of(Window.HOUR), null),
  /** SMS to one number prefix (the prefix digits). */
  SMS_PREFIX("sms:prefix", ThrottleSettings.SMS_MAX_PER_PREFIX, Window.of(Window.HOUR), null),
  /** SMS of the day, all numbers. */
  SMS_DAILY("sms:daily", ThrottleSettings.SMS_DAILY_LIMIT, Window.of(Duration.ofDays(1)), null),
  /** Registrations from a client network (hash of the network). */
  NETWORK_REGISTRATION(
      "net:registration", ThrottleSettings.REGISTRATION_MAX_PER_IP, Window.of(Window.HOUR), null),
  /**
   * Password-reset requests, confirmation resends and sign-in links from a client network, together
   * (hash of the network): each mails an address of the caller's choosing.
   */
  NETWORK_ACCOUNT_MAIL(
      "net:account-mail", ThrottleSettings.ACCOUNT_MAIL_MAX_PER_IP, Window.of(Window.HOUR), null),
  /** Passkey sign-in options from a client network (hash of the network): each stores a row. */
  NETWORK_PASSKEY_OPTIONS(
      "net:passkey-options",
      ThrottleSettings.PASSKEY_OPTIONS_MAX_PER_IP,
      Window.of(Window.HOUR),
      null),
  /**
   * Organisation sign-ins started from a client network (hash of the network): each may make the
   * server call an organisation's provider.
   */
  NETWORK_ORGANIZATION_SIGN_IN(
      "net:organization-sign-in",
      ThrottleSettings.ORGANIZATION_SIGN_IN_MAX_PER_IP,
      Window.of(Window.HOUR),
      null),
  /** Sign-ins started with one organisation's provider (the organisation's id). */
  ORGANIZATION_SIGN_IN(
      "organization-sign-in",
      ThrottleSettings.ORGANIZATION_SIGN_IN_MAX_PER_ORGANIZATION,
      Window.of(Window.HOUR),
      null),
  /** Sign-in-link code attempts of one address (hash of the address), in a day. */
  MAGIC_LINK_CODE_ATTEMPTS(
      "magic:wrong",
      ThrottleSettings.MAGIC_LINK_WRONG_CODES_DAILY,
      Window.of(Duration.ofDays(1)),
      null),
  /** Sign-in-link code attempts from a client network (hash of the network). */
  MAGIC_LINK_CODE_NETWORK(
      "magic:ip", ThrottleSettings.MAGIC_LINK_CODES_PER_IP, Window.of(Window.HOUR), null),
  /** Wrong sign-in-link codes of every address together (no part). */
  MAGIC_LINK_WRONG_CODES(
      "magic:wrong-all",
      ThrottleSettings.MAGIC_LINK_WRONG_CODES_HOURLY,
      Window.of(Window.HOUR),
      null),
  /** The cooldown of one destination and purpose (channel, purpose, hash of the destination). */
  OTP_COOLDOWN("otp:cooldown", Use.MARKER),
  /** A social sign-in state, spent once (hash of the state). */
  SOCIAL_STATE("social-state", Use.MARKER),
  /** A provider's native token, spent once (hash of the token). */
  SOCIAL_TOKEN("social-token", Use.MARKER),
  /** Concurrent registrations of one address (hash of the address). */
  REGISTRATION("register", Use.LOCK),
  /** The superuser bootstrap, one at a time. */
  BOOTSTRAP("admin:bootstrap", Use.LOCK);

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
   * How long a limit's window lasts: a fixed span or a setting.
   *
   * @param fixed the span, or {@code null} when a setting decides it
   * @param setting the setting, or {@code null} for a fixed span
   */
  record Window(Duration fixed, Setting<Duration> setting) {
    static final Duration HOUR = Duration.ofHours(1);

    static Window of(Duration fixed) {
      return new Window(fixed, null);
    }

    static Window of(Setting<Duration> setting) {
      return new Window(null, setting);
    }

    /** {@return the span under {@code config}} */
    Duration in(GatehouseConfig config) {
      return fixed != null ? fixed : config.get(setting);
    }
  }

  private final String prefix;
  private final Use use;
  private final Setting<Integer> max;
  private final Window window;
  private final Setting<Duration> lockout;

  Counters(String prefix, Use use) {
    this.prefix = prefix;
    this.use = use;
    this.max = null;
    this.window = null;
    this.lockout = null;
  }

  /** A limit: its maximum per window, the window, and how long reaching it locks (or none). */
  Counters(String prefix, Setting<Integer> max, Window window, Setting<Duration> lockout) {
    this.prefix = prefix;
    this.use = Use.LIMIT;
    this.max = requireNonNull(max, "max");
    this.window = requireNonNull(window, "window");
    this.lockout = lockout;
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
    return requireLimit().max;
  }

  /**
   * @param config the configuration
   * @return a limit's maximum per window
   */
  public int max(GatehouseConfig config) {
    return config.get(requireLimit().max);
  }

  /**
   * @param config the configuration
   * @return a limit's window
   */
  public Duration window(GatehouseConfig config) {
    return requireLimit().window.in(config);
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

  /** The limit a key belongs to; refuses a key no limit of the catalogue made. */
  private static Counters limitOf(String key) {
    requireNonNull(key, "key");
    for (Counters c : values()) {
      if (c.use == Use.LIMIT && key.startsWith(c.prefix + ":")) {
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
}
