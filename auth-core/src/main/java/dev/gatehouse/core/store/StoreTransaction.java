package dev.gatehouse.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The operations available inside one transaction of an {@link AuthStore}. Confined to one thread;
 * invalid after the surrounding {@link AuthStore#inTransaction} returns.
 *
 * <p>Each aggregate (users, profiles, devices, sessions, action tokens, one-time codes, delivery
 * logs) is reached through its store, which takes and returns values, never managed entities.
 */
public interface StoreTransaction {

  /** {@return operations on sessions and refresh tokens in this transaction} */
  SessionStore sessions();

  /** {@return operations on single-use link tokens in this transaction} */
  ActionTokenStore actionTokens();

  /** {@return operations on users in this transaction} */
  UserStore users();

  /** {@return operations on profiles in this transaction} */
  ProfileStore profiles();

  /** {@return operations on devices in this transaction} */
  DeviceStore devices();

  /**
   * Reads what a refresh needs to know about a session's owner: whether the account may still sign
   * in, and whether the profile the session acts as still exists and is the owner's. A store that
   * can join the user and the profile answers in one read (the JPA store selects only these columns
   * through the host's mapping); the default reads the user, then, when it exists, the profile,
   * through {@link #users()} and {@link #profiles()}.
   *
   * <pre>{@code
   * Optional<SessionOwner> owner = tx.sessionOwner(session.userPublicId(), session.profileId());
   * boolean ok = owner.filter(SessionOwner::maySignIn).isPresent();
   * }</pre>
   *
   * @param userPublicId the session's owner
   * @param profileId the profile the session acts as, or {@code null} for none (then {@link
   *     SessionOwner#profileFound()} is {@code false} and no profile is read)
   * @return the owner's state, or empty when no user has that public id
   */
  default Optional<SessionOwner> sessionOwner(UUID userPublicId, Long profileId) {
    java.util.Objects.requireNonNull(userPublicId, "userPublicId");
    return users()
        .findByPublicId(userPublicId)
        .map(
            u -> {
              Optional<ProfileRecord> profile =
                  profileId == null ? Optional.empty() : profiles().find(userPublicId, profileId);
              return new SessionOwner(
                  u.active(),
                  u.deleted(),
                  profile.isPresent(),
                  u.staff(),
                  u.superuser(),
                  profile.map(ProfileRecord::role).orElse(null));
            });
  }

  /**
   * What {@link #sessionOwner} read about a session's owner. Holds no identifier or personal data.
   *
   * @param active whether the account is active ({@link UserRecord#active()})
   * @param deleted whether the account is soft-deleted ({@link UserRecord#deleted()})
   * @param profileFound whether the profile asked about exists and belongs to the owner; {@code
   *     false} when none was asked about
   * @param staff whether the account is staff ({@link UserRecord#staff()})
   * @param superuser whether the account is a superuser ({@link UserRecord#superuser()})
   * @param profileRole the role of the profile asked about when it was found, else {@code null}
   *     (what the access token's default {@code roles} claim is made of, read in the same
   *     statement)
   */
  record SessionOwner(
      boolean active,
      boolean deleted,
      boolean profileFound,
      boolean staff,
      boolean superuser,
      String profileRole) {
    /**
     * The owner's state without the facts the roles claim is made of (a store that does not read
     * them: tokens then carry no staff, superuser or profile role).
     *
     * @param active whether the account is active
     * @param deleted whether the account is soft-deleted
     * @param profileFound whether the profile asked about exists and belongs to the owner
     */
    public SessionOwner(boolean active, boolean deleted, boolean profileFound) {
      this(active, deleted, profileFound, false, false, null);
    }

    /** {@return whether the account may hold sessions: active and not deleted} */
    public boolean maySignIn() {
      return active && !deleted;
    }
  }

  /**
   * {@return operations on linked provider identities in this transaction}
   *
   * @throws dev.gatehouse.core.error.ConfigurationException when the host declared no
   *     social-account entity (the default for a store that has none)
   */
  default SocialAccountStore socialAccounts() {
    throw new dev.gatehouse.core.error.ConfigurationException(
        "social sign-in needs a social-account entity: declare a subclass of AbstractSocialAccount"
            + " and register it with EntityClasses.builder().socialAccount(...)");
  }

  /**
   * {@return operations on passkeys in this transaction; the default, for a store that keeps none,
   * is {@link PasskeyStore#NONE}: no account has a passkey, and registering one is refused as not
   * configured}
   */
  default PasskeyStore passkeys() {
    return PasskeyStore.NONE;
  }

  /**
   * {@return the delivery outbox: messages recorded here are sent after this transaction commits}
   */
  OutboxStore outbox();

  /** {@return the audit trail, written in this transaction} */
  AuditStore audit();

  /**
   * Runs {@code action} after this transaction commits (the host's, when joined); never when it
   * rolls back.
   *
   * @param action what to run
   */
  void afterCommit(Runnable action);

  // ---- one-time codes and delivery logs ---------------------------------------------------

  /** {@return one-time codes in this transaction} */
  OtpCodeStore otpCodes();

  /** {@return the host's SMS and email delivery logs in this transaction} */
  DeliveryLogStore deliveryLogs();

  /**
   * {@return second factors (TOTP, recovery codes) in this transaction; the default, for a store
   * that keeps none, is {@link SecondFactorStore#NONE}: no account has a factor, and enrolling one
   * is refused as not configured}
   */
  default SecondFactorStore secondFactors() {
    return SecondFactorStore.NONE;
  }

  // ---- counters (rate limits and lockouts) ------------------------------------------------

  /**
   * Adds one to the counter {@code key} in one atomic statement, starting a new window if the
   * current one began more than {@code window} before {@code now}. Concurrent hits on one key are
   * all counted, whichever instance makes them.
   *
   * @param key the bucket, e.g. {@code login:acct:alice@example.com}
   * @param now the current time
   * @param window how long a window lasts
   * @return the count in the current window, including this hit, when the window began and any
   *     lock, as this transaction sees them: the counter stays held by this transaction until it
   *     ends, so a concurrent increment waits and then counts on top of this one
   */
  CounterState incrementCounter(String key, Instant now, Duration window);

  /**
   * {@link #incrementCounter} of each of {@code keys}, in their order, in one statement where the
   * store can: a counting that holds several buckets at once (an attempt charged to the client's IP
   * and to the account) makes one round trip instead of one per bucket. The rows are taken in the
   * list's order, as the single increments in that order would. The default makes the single
   * increments.
   *
   * @param keys the buckets, distinct: a store may reject a key listed twice with an {@link
   *     IllegalArgumentException} (one statement that names a row twice counts it once or twice
   *     depending on the database)
   * @param now the current time
   * @param window how long a window lasts
   * @return the states, in the order of {@code keys}
   */
  default List<CounterState> incrementCounters(List<String> keys, Instant now, Duration window) {
    List<CounterState> states = new ArrayList<>(keys.size());
    for (String key : keys) {
      states.add(incrementCounter(key, now, window));
    }
    return states;
  }

  /**
   * Creates the counters that do not exist yet, with no hits and a window starting at {@code now},
   * and leaves existing ones untouched; they are there for everyone once this transaction commits.
   *
   * <p>Gatehouse calls it in a transaction of its own before it runs a counting transaction again
   * that the database ended in a conflict ({@link
   * dev.gatehouse.core.error.StorageConflictException}): on InnoDB, a counting transaction that
   * created a row and then rolled back (a refused attempt) leaves the transactions that waited for
   * that row deadlocked on the gap it leaves, and once the rows exist, committed, the next attempt
   * only updates them. The default does nothing, which is right for a store whose counting
   * transactions do not conflict that way.
   *
   * @param keys the buckets about to be incremented
   * @param now the current time
   */
  default void prepareCounters(Collection<String> keys, Instant now) {}

  /**
   * @param key the bucket
   * @return the counter's current state, if it exists
   */
  Optional<CounterState> counter(String key);

  /**
   * Locks the counter's subject until {@code until}.
   *
   * @param key the bucket
   * @param until when the lock ends
   */
  void lockCounter(String key, Instant until);

  /**
   * Takes one back from the counter {@code key} in one atomic statement, never below zero: an
   * attempt counted in advance that turned out not to be a failure. Meant for a counter this flow
   * incremented (it exists); a missing counter stays missing.
   *
   * @param key the bucket
   */
  void decrementCounter(String key);

  /**
   * Sets the counter {@code key} back to zero and lifts its lock in one statement, keeping the row
   * for the next increment (a success after an attempt counted in advance). Meant for a counter
   * this flow incremented; a missing counter stays missing.
   *
   * @param key the bucket
   */
  void clearCounter(String key);

  /**
   * {@link #decrementCounter} of {@code decrementKey} and {@link #clearCounter} of {@code clearKey}
   * together, in one statement where the store can: the settlement of a success after an attempt
   * counted in advance in both buckets. Rows are changed in the order of their keys, as the two
   * calls in that order would, whichever of the two is decremented: two settlements never wait on
   * each other in opposite orders, nor a settlement and a counting of the same two buckets as long
   * as the counting takes them in key order too ({@link #incrementCounters} takes them in its
   * list's order, so a caller lists the lower key first). The default makes the two calls in key
   * order.
   *
   * @param decrementKey the bucket to take one back from, or {@code null}
   * @param clearKey the bucket to zero and unlock, or {@code null}
   */
  default void decrementAndClearCounters(String decrementKey, String clearKey) {
    boolean clearFirst =
        decrementKey == null || (clearKey != null && clearKey.compareTo(decrementKey) < 0);
    if (clearFirst && clearKey != null) {
      clearCounter(clearKey);
    }
    if (decrementKey != null) {
      decrementCounter(decrementKey);
    }
    if (!clearFirst && clearKey != null) {
      clearCounter(clearKey);
    }
  }

  /**
   * Deletes the counter {@code key} (for example after a successful login of that account).
   *
   * @param key the bucket
   */
  void resetCounter(String key);

  /**
   * The state of one counter.
   *
   * @param key the bucket
   * @param count hits in the current window
   * @param windowStart when the current window began
   * @param lockedUntil when a lock ends, or {@code null}
   */
  record CounterState(String key, long count, Instant windowStart, Instant lockedUntil) {}
}
