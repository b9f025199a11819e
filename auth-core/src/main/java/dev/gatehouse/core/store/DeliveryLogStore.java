package dev.gatehouse.core.store;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The host's SMS and email delivery logs, as values: one row per attempt or refusal, the
 * destination masked and no secret in the text. Operations run in the surrounding {@link
 * StoreTransaction}.
 */
public interface DeliveryLogStore {

  /**
   * Writes one log row to the host's SMS log ({@code sms}) or email log ({@code email}).
   *
   * @param entry the row's values
   */
  void record(Entry entry);

  /**
   * Deletes up to {@code batchSize} rows of one channel's log created before {@code cutoff}, oldest
   * first.
   *
   * @param channel {@code sms} or {@code email}
   * @param cutoff rows created before this instant are deleted
   * @param batchSize the most rows to delete
   * @return how many were deleted
   */
  int deleteBefore(String channel, Instant cutoff, int batchSize);

  /**
   * Counts one channel's rows created in {@code [from, to)} by template, provider and outcome, in
   * one statement over the log's index on creation time ({@code ix_..._created}): a range of the
   * index and its rows are read, never the whole log. For statistics; no flow calls it.
   *
   * @param channel {@code sms} or {@code email}
   * @param from the first instant counted
   * @param to the first instant no longer counted (after {@code from})
   * @return one count per template, provider and outcome met, in no particular order
   * @throws IllegalArgumentException when {@code to} is not after {@code from}
   */
  List<DeliveryCount> count(String channel, Instant from, Instant to);

  /**
   * How many rows of one template, provider and outcome a log holds in a range of time.
   *
   * @param template the template purpose
   * @param provider the provider's name
   * @param status the outcome
   * @param count how many, at least 1
   */
  record DeliveryCount(String template, String provider, DeliveryStatus status, long count) {}

  /**
   * One log row.
   *
   * @param channel {@code sms} or {@code email}
   * @param maskedDestination the destination, masked
   * @param template the template purpose
   * @param provider the provider's name
   * @param status what happened
   * @param providerMessageId the provider's id for the message, or {@code null}
   * @param error what went wrong, redacted, or {@code null}
   * @param text the SMS text or the email subject, secrets masked
   * @param createdAt when
   */
  record Entry(
      String channel,
      String maskedDestination,
      String template,
      String provider,
      DeliveryStatus status,
      @Nullable String providerMessageId,
      @Nullable String error,
      String text,
      Instant createdAt) {}

  /** Outcome of one delivery attempt, as written to the SMS and email logs. */
  enum DeliveryStatus {
    /** The provider accepted the message. */
    SENT,
    /** The provider refused it or could not be reached. */
    FAILED,
    /** A limit stopped it before it reached any provider. */
    BLOCKED
  }
}
