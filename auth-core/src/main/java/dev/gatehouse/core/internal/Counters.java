package dev.gatehouse.core.internal;

import static java.util.Objects.requireNonNull;

/**
 * Every counter Gatehouse keeps, and how its key is made: the one place a counter key is built.
 * Keys are {@code prefix:part:part}; a part that could identify a person (an address, an
 * identifier, a network, a token) is a keyed hash before it reaches the key, so the counter table
 * holds no personal data. Prefixes are unique, so two counters never share a row (a test checks).
 *
 * <p>Counters serve three uses, each named by {@link Use}: a <em>limit</em> counts requests in a
 * window against a maximum (its setting is named beside it); a <em>lock</em> serialises concurrent
 * requests for one subject (the row is taken with a lock, its count is not a limit); a
 * <em>marker</em> makes something usable once (a second increment in the window means "used").
 */
public enum Counters {
  /** Failed sign-ins of an account (its public id); {@code gatehouse.login.*}. */
  LOGIN_ACCOUNT("login:user", Use.LIMIT),
  /** Failed sign-ins with an identifier that names no account (hash of kind and canonical form). */
  LOGIN_IDENTIFIER("login:id", Use.LIMIT),
  /** Failed sign-ins from a client network (the network, or its hash when long). */
  LOGIN_NETWORK("login:ip", Use.LIMIT),
  /** Second-factor attempts of an account (its public id). */
  SECOND_FACTOR_ACCOUNT("mfa:user", Use.LIMIT),
  /** Codes sent to a signed-in account for a change (user id); per hour. */
  ACCOUNT_CODE_SENDS("account_code:send", Use.LIMIT),
  /** Wrong codes of an account's pending change (purpose, user id). */
  ACCOUNT_CODE_ATTEMPTS("account_code:wrong", Use.LIMIT),
  /**
   * Link mails to one address (purpose, hash of the address); {@code
   * gatehouse.otp.max-per-destination}.
   */
  MAIL_TO_ADDRESS("mail", Use.LIMIT),
  /**
   * Code requests from a client network (hash of the network); {@code gatehouse.otp.max-per-ip}.
   */
  OTP_NETWORK("otp:ip", Use.LIMIT),
  /** Codes to one destination (channel, hash of the destination). */
  OTP_DESTINATION("otp:dest", Use.LIMIT),
  /** SMS to one number prefix (the prefix digits); {@code gatehouse.sms.max-per-prefix}. */
  SMS_PREFIX("sms:prefix", Use.LIMIT),
  /** SMS of the day, all numbers; {@code gatehouse.sms.daily-limit}. */
  SMS_DAILY("sms:daily", Use.LIMIT),
  /**
   * Requests of a kind from a client network ({@link NetworkLimits.Limit}, hash of the network).
   */
  NETWORK("net", Use.LIMIT),
  /** The cooldown of one destination and purpose (channel, purpose, hash of the destination). */
  OTP_COOLDOWN("otp:cooldown", Use.MARKER),
  /** Sign-in-link code attempts of one address (hash of the address); {@code otp.max-attempts}. */
  MAGIC_LINK_CODE_ATTEMPTS("magic:wrong", Use.LIMIT),
  /** A sign-in link and its code, spent once (hash of the address and the link's minute). */
  MAGIC_LINK_USED("magic:used", Use.MARKER),
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

  private final String prefix;
  private final Use use;

  Counters(String prefix, Use use) {
    this.prefix = prefix;
    this.use = use;
  }

  /** {@return the prefix of every key of this counter} */
  public String prefix() {
    return prefix;
  }

  /** {@return what the counter is for} */
  public Use use() {
    return use;
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
