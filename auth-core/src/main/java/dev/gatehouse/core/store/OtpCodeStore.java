package dev.gatehouse.core.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One-time codes, as values: stored only as keyed hashes, bound to a destination, channel and
 * purpose. Every check-and-act is one atomic statement, so of many concurrent verifications at most
 * one consumes a code. Operations run in the surrounding {@link StoreTransaction}.
 */
public interface OtpCodeStore {

  /**
   * Stores a new code.
   *
   * @param code the code's values
   * @return the code's key
   */
  long create(NewOtpCode code);

  /**
   * @param destination normalised destination
   * @param channel {@code email} or {@code sms}
   * @param purpose the purpose
   * @return the newest code for this binding, used or not
   */
  Optional<OtpCode> latest(String destination, String channel, String purpose);

  /**
   * Consumes a code in one atomic statement, succeeding only if it is unused, unexpired and under
   * its attempt cap. Of many concurrent calls for the same code, at most one returns {@code true}.
   *
   * @param id the code's key
   * @param now the current time
   * @return whether this call consumed it
   */
  boolean consume(long id, Instant now);

  /**
   * Counts one wrong guess in one atomic statement; a code that reaches its cap is burned (marked
   * used). A guess is counted even when the code was burned or used meanwhile, so that each of many
   * concurrent guesses gets its own count and only those within the cap are answered as wrong
   * codes.
   *
   * @param id the code's key
   * @param now the current time
   * @return the attempts recorded after this one
   */
  int recordFailure(long id, Instant now);

  /**
   * Marks used every still-usable code with the same binding as {@code id} that is older than it:
   * the code that was just delivered replaces them. A newer code (a resend whose message is still
   * waiting) is left alone, whatever order the messages arrive in. A replaced code ends at the
   * moment it is replaced (its expiry set to {@code now}, in the same statement), so that {@link
   * #count} tells it from a consumed one, which was used before its expiry.
   *
   * @param id the delivered code's key
   * @param now the current time
   * @return how many codes were invalidated
   */
  int invalidateOlder(long id, Instant now);

  /**
   * Deletes a code unless it was already used, for example when its message could not be delivered,
   * so it no longer holds the resend cooldown.
   *
   * @param id the code's key
   * @return whether a code was deleted
   */
  boolean deleteUnused(long id);

  /**
   * Deletes up to {@code batchSize} codes that expired or were used before {@code cutoff}.
   *
   * @param cutoff codes that expired or were used before this instant are deleted
   * @param batchSize the most codes to delete in this call
   * @return how many were deleted
   */
  int deleteBefore(Instant cutoff, int batchSize);

  /**
   * Counts the codes created in {@code [from, to)} by channel and purpose, and what became of them
   * by {@code now}: one grouped read of a range of the index on creation time ({@code ix_<code
   * table>_created} in auth-jpa), for statistics. Nothing is written to count: a code's row is its
   * record (consumed before its expiry, burned at its cap by the failure it counted, replaced with
   * its expiry, or expired unused).
   *
   * @param from the first instant counted
   * @param to the first instant no longer counted (after {@code from})
   * @param now the current time, which tells an expired code from one still usable
   * @return one count per channel and purpose met, in no particular order
   */
  List<CodeCount> count(Instant from, Instant to, Instant now);

  /**
   * The codes of one channel and purpose created in a range of time, and what became of each (a
   * code is counted once: burned first, then consumed, replaced, expired; the rest are still
   * usable).
   *
   * @param channel {@code email} or {@code sms}
   * @param purpose the purpose
   * @param sent how many were created (one per code; a resend of the same code is not counted)
   * @param verified how many were consumed
   * @param expired how many expired unused
   * @param burned how many reached their cap of wrong guesses
   * @param replaced how many a newer code of the same binding replaced before they were used
   */
  record CodeCount(
      String channel,
      String purpose,
      long sent,
      long verified,
      long expired,
      long burned,
      long replaced) {}

  /**
   * A code to store.
   *
   * @param ownerPublicId the owner, or {@code null} for a destination without an account (sign-up)
   * @param channel {@code email} or {@code sms}
   * @param destination normalised destination
   * @param purpose the purpose
   * @param codeHash the code's keyed hash
   * @param expiresAt when it stops working
   * @param maxAttempts wrong guesses before it burns
   * @param createdAt when it was issued (and its message recorded)
   */
  record NewOtpCode(
      @Nullable UUID ownerPublicId,
      String channel,
      String destination,
      String purpose,
      String codeHash,
      Instant expiresAt,
      int maxAttempts,
      Instant createdAt) {
    @Override
    public String toString() {
      return "NewOtpCode[" + channel + ", " + purpose + "]";
    }
  }

  /**
   * A stored code.
   *
   * @param id its key
   * @param codeHash the keyed hash
   * @param expiresAt when it stops working
   * @param usedAt when it was consumed, burned or replaced, or {@code null}
   * @param attempts wrong guesses so far
   * @param maxAttempts wrong guesses before it burns
   * @param lastSentAt when its message was recorded
   */
  record OtpCode(
      long id,
      String codeHash,
      Instant expiresAt,
      @Nullable Instant usedAt,
      int attempts,
      int maxAttempts,
      Instant lastSentAt) {
    @Override
    public String toString() {
      return "OtpCode[" + id + "]";
    }
  }
}
