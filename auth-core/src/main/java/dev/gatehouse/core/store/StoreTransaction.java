package dev.gatehouse.core.store;

import dev.gatehouse.core.entity.AbstractEmailLog;
import dev.gatehouse.core.entity.AbstractOtpCode;
import dev.gatehouse.core.entity.AbstractSmsLog;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The operations available inside one transaction of an {@link AuthStore}. Confined to one thread;
 * invalid after the surrounding {@link AuthStore#inTransaction} returns.
 *
 * <p>Users, profiles, devices, sessions and action tokens go through their stores, which take and
 * return values. The entities still returned here (one-time codes, delivery logs) are managed:
 * changes to them are written when the transaction commits.
 */
public interface StoreTransaction {

  /** Operations on sessions and refresh tokens in this transaction. */
  SessionStore sessions();

  /** Operations on single-use link tokens in this transaction. */
  ActionTokenStore actionTokens();

  /** Operations on users in this transaction. */
  UserStore users();

  /** Operations on profiles in this transaction. */
  ProfileStore profiles();

  /** Operations on devices in this transaction. */
  DeviceStore devices();

  /** The delivery outbox: messages recorded here are sent after this transaction commits. */
  OutboxStore outbox();

  /**
   * Runs {@code action} after this transaction commits (the host's, when joined); never when it
   * rolls back.
   *
   * @param action what to run
   */
  void afterCommit(Runnable action);

  /**
   * Marks used every still-usable code with the same destination, channel and purpose as {@code
   * otpId}, except that one: the code that was just delivered replaces them.
   *
   * @param otpId the delivered code's key
   * @param now the current time
   * @return how many codes were invalidated
   */
  int invalidateOtherOtpCodes(long otpId, Instant now);

  /**
   * Deletes one one-time code unless it was already used, for example when its message could not be
   * delivered, so it no longer holds the resend cooldown.
   *
   * @param otpId the code's key
   * @return whether a code was deleted
   */
  boolean deleteUnusedOtpCode(long otpId);

  // ---- entities of the aggregates not yet served as values -----------------------------------

  /**
   * Stores a new entity of any of the host's classes (one-time codes, delivery logs, an importer's
   * rows). Users, profiles and devices are created through their stores instead.
   *
   * @param entity a new, unsaved entity
   */
  void insert(Object entity);

  /**
   * Writes pending changes now, so unique-index violations surface inside the flow.
   *
   * @throws DuplicateKeyException when a unique constraint is violated
   */
  void flush();

  // ---- one-time codes ---------------------------------------------------------------------

  /** Creates an unsaved instance of the host's OTP code class. */
  AbstractOtpCode<?> newOtpCode();

  /**
   * Points an unsaved code at its owner's row; leaves it without an owner when there is no such
   * user. (Only until one-time codes are values too, and name their owner by public id.)
   *
   * @param code an unsaved code
   * @param ownerPublicId the owner's public id
   */
  void setOtpCodeOwner(AbstractOtpCode<?> code, UUID ownerPublicId);

  /**
   * @param destination normalised destination
   * @param channel {@code email} or {@code sms}
   * @param purpose the purpose
   * @return the newest code for this binding, used or not
   */
  Optional<AbstractOtpCode<?>> latestOtpCode(String destination, String channel, String purpose);

  /**
   * Consumes a code in one atomic statement, succeeding only if it is unused, unexpired and under
   * its attempt cap. Of many concurrent calls for the same code, at most one returns {@code true}.
   *
   * @param otpId the code's key
   * @param now the current time
   * @return whether this call consumed it
   */
  boolean consumeOtpCode(long otpId, Instant now);

  /**
   * Counts one wrong guess against a code in one atomic statement; a code that reaches its cap is
   * burned (marked used).
   *
   * @param otpId the code's key
   * @param now the current time
   * @return the attempts recorded after this one
   */
  int recordOtpFailure(long otpId, Instant now);

  /**
   * Deletes up to {@code batchSize} codes that expired or were used before {@code cutoff}.
   *
   * @return how many were deleted
   */
  int deleteOtpCodesBefore(Instant cutoff, int batchSize);

  // ---- delivery logs ----------------------------------------------------------------------

  /** Creates an unsaved instance of the host's SMS log class. */
  AbstractSmsLog newSmsLog();

  /** Creates an unsaved instance of the host's email log class. */
  AbstractEmailLog newEmailLog();

  // ---- counters (rate limits and lockouts) ------------------------------------------------

  /**
   * Adds one to the counter {@code key} in one atomic statement, starting a new window if the
   * current one began more than {@code window} before {@code now}. Concurrent hits on one key are
   * all counted, whichever instance makes them.
   *
   * @param key the bucket, e.g. {@code login:acct:alice@example.com}
   * @param now the current time
   * @param window how long a window lasts
   * @return the count in the current window, including this hit, and when the window began
   */
  CounterState incrementCounter(String key, Instant now, Duration window);

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

  // ---- delivery-log cleanup (otp branch) ----------------------------------------------------

  /**
   * Deletes up to {@code batchSize} SMS log rows created before {@code cutoff}, oldest first.
   *
   * @param cutoff rows created before this instant are deleted
   * @param batchSize the most rows to delete
   * @return how many were deleted
   */
  int deleteSmsLogsBefore(Instant cutoff, int batchSize);

  /**
   * Deletes up to {@code batchSize} email log rows created before {@code cutoff}, oldest first.
   *
   * @param cutoff rows created before this instant are deleted
   * @param batchSize the most rows to delete
   * @return how many were deleted
   */
  int deleteEmailLogsBefore(Instant cutoff, int batchSize);
}
