package dev.gatehouse.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The delivery outbox: every email and SMS a flow causes is recorded here in the flow's own
 * transaction and sent after commit by the delivery dispatcher. A rolled-back flow leaves no
 * message behind; a crash leaves it waiting for the next dispatcher.
 *
 * <p>Every state change is a conditional update on the row, so several dispatchers sharing one
 * database never both own a message. Values only: no managed entity crosses this interface.
 */
public interface OutboxStore {
  /**
   * The core's own channels: emails, SMS and deferred requests. Every other channel is a module's
   * ({@code OutboxChannel}), whose entries of one key (their masked destination) a store hands out
   * one at a time, each after the earlier ones settled, as a journal needs; the core's messages are
   * not ordered.
   */
  Set<String> CORE_CHANNELS = Set.of("email", "sms", "request");

  /**
   * Records a message to send.
   *
   * @param message what to send, its payload already sealed
   * @return the message's key
   */
  long enqueue(NewOutboxMessage message);

  /**
   * Keys of messages that may be claimed now: waiting ones that are due, and claimed ones whose
   * lease ran out (their dispatcher died). {@link Priority#INTERACTIVE} ones come first, then the
   * rest; within a priority, the earliest due first, then the oldest. A message of the {@code
   * legacy} channel (the write-back journal) is left out while an earlier one of the same channel
   * and masked destination (its account) waits or is being sent, so an account's changes reach the
   * legacy store in the order they were made.
   *
   * <p>A store keeps this cheap however many messages of a lower priority wait (the JPA store: an
   * index on status, priority and due time): a dispatcher asks for the interactive ones alone on
   * every commit that recorded one.
   *
   * @param now the current time
   * @param limit the most keys to return
   * @param lowest the lowest priority to include: {@link Priority#INTERACTIVE} for those alone,
   *     {@link Priority#BACKGROUND} for every message
   * @return the keys, in that order
   */
  List<Long> due(Instant now, int limit, Priority lowest);

  /**
   * Claims one message in one conditional statement: succeeds only if it is still due (see {@link
   * #due}). Of several concurrent claimers, at most one succeeds.
   *
   * @param id the message's key
   * @param claim a token naming this claim, required to settle it
   * @param now the current time
   * @param leaseUntil until when this claim holds
   * @return the claimed message, or empty when another claimer was first
   */
  java.util.Optional<OutboxMessage> claim(long id, String claim, Instant now, Instant leaseUntil);

  /**
   * Settles a claimed message as sent, clearing its payload.
   *
   * @param id the message's key
   * @param claim the token given to {@link #claim}
   * @param at when it was sent
   * @return whether the claim still held
   */
  boolean markSent(long id, String claim, Instant at);

  /**
   * Gives a claimed message back for another attempt at {@code nextAttemptAt}.
   *
   * @param id the message's key
   * @param claim the token given to {@link #claim}
   * @param nextAttemptAt when the message becomes due again
   * @param error what went wrong, never containing a secret
   * @return whether the claim still held
   */
  boolean retryLater(long id, String claim, Instant nextAttemptAt, String error);

  /**
   * Settles a claimed message as failed for good, clearing its payload.
   *
   * @param id the message's key
   * @param claim the token given to {@link #claim}
   * @param at when it was given up
   * @param error what went wrong, never containing a secret
   * @return whether the claim still held
   */
  boolean markFailed(long id, String claim, Instant at, String error);

  /**
   * Deletes up to {@code batchSize} sent or failed messages settled before {@code cutoff}.
   *
   * @param cutoff messages settled before this instant are deleted
   * @param batchSize the most messages to delete in this call
   * @return how many were deleted
   */
  int deleteSettledBefore(Instant cutoff, int batchSize);

  /**
   * @return how many messages wait to be sent or are being sent
   */
  long countUnsettled();

  /**
   * Counts the entries of the modules' channels (every channel but {@link #CORE_CHANNELS}) by
   * state, for a health check: the backlog of a module's journal (the write-back of {@code
   * auth-legacy}), entries recorded before its module was taken out included. The default answers
   * zero for both: a store that does not implement it reports no such backlog.
   *
   * @return how many wait or are being sent, and how many failed for good
   */
  default ChannelCounts countModuleChannels() {
    return new ChannelCounts(0, 0);
  }

  /**
   * The messages of one channel by state.
   *
   * @param unsettled waiting or being sent
   * @param failed failed for good
   */
  record ChannelCounts(long unsettled, long failed) {}

  /**
   * When the oldest message that waits to be sent or is being sent was recorded, for a health
   * check's backlog age. The default answers empty: a store that does not implement it reports no
   * age.
   *
   * @return the oldest unsettled message's creation time, or empty when none waits
   */
  default java.util.Optional<Instant> oldestUnsettled() {
    return java.util.Optional.empty();
  }

  /**
   * In which order due messages go out. Decided once, when a message is recorded, from what it is
   * (never by a host or a flow): a message someone is waiting for before they can go on goes ahead
   * of every message nobody waits for.
   */
  enum Priority {
    /**
     * Someone waits for it: a one-time code, a sign-in, confirmation or reset link, a second-factor
     * code, or a deferred request that makes one of those. Stored as {@code 0}.
     */
    INTERACTIVE,
    /**
     * Nobody waits for it: a security notice ("your password was changed"), a legacy write-back.
     * Stored as {@code 1}.
     */
    BACKGROUND;

    /**
     * @return the number a store keeps for this priority, lower first: {@code 0} or {@code 1}
     */
    public int rank() {
      return ordinal();
    }

    /**
     * @param rank what {@link #rank()} answered
     * @return the priority of that rank
     * @throws IllegalArgumentException for a rank no priority has
     */
    public static Priority ofRank(int rank) {
      Priority[] all = values();
      if (rank < 0 || rank >= all.length) {
        throw new IllegalArgumentException("no outbox priority has rank " + rank);
      }
      return all[rank];
    }
  }

  /**
   * A message to record.
   *
   * @param channel {@code email} or {@code sms}
   * @param purpose the template purpose, e.g. {@code login} or {@code password_reset}
   * @param maskedDestination the destination as delivery logs show it
   * @param loggedText what the delivery log may keep of the message: the SMS text or the email
   *     subject, with any secret replaced by asterisks
   * @param sealedPayload the encrypted message (destination and text with its secret)
   * @param otpCodeId the one-time code this message carries, dropped if the message fails for good;
   *     {@code null} for other messages
   * @param releaseKey a counter to reset if the message fails for good (the resend cooldown), or
   *     {@code null}
   * @param maxAttempts sending attempts before the message is failed
   * @param createdAt when the flow recorded it
   * @param priority in which order it goes out among the due ones
   */
  record NewOutboxMessage(
      String channel,
      String purpose,
      String maskedDestination,
      String loggedText,
      byte[] sealedPayload,
      @Nullable Long otpCodeId,
      @Nullable String releaseKey,
      int maxAttempts,
      Instant createdAt,
      Priority priority) {
    @Override
    public String toString() {
      return "NewOutboxMessage[" + channel + ", " + purpose + ", " + priority + "]";
    }
  }

  /**
   * A claimed message.
   *
   * @param id its key
   * @param claim the claim token
   * @param channel {@code email} or {@code sms}
   * @param purpose the template purpose
   * @param maskedDestination the destination as delivery logs show it
   * @param loggedText the loggable text (no secret)
   * @param sealedPayload the encrypted message
   * @param otpCodeId the one-time code it carries, or {@code null}
   * @param releaseKey a counter to reset on final failure, or {@code null}
   * @param attempts attempts including this one
   * @param maxAttempts the most attempts
   */
  record OutboxMessage(
      long id,
      String claim,
      String channel,
      String purpose,
      String maskedDestination,
      String loggedText,
      byte[] sealedPayload,
      @Nullable Long otpCodeId,
      @Nullable String releaseKey,
      int attempts,
      int maxAttempts) {
    @Override
    public String toString() {
      return "OutboxMessage[" + id + ", " + channel + ", " + purpose + "]";
    }
  }
}
