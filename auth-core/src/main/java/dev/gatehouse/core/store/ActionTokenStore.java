package dev.gatehouse.core.store;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Store operations for single-use link tokens (account confirmation, password reset), reached
 * through {@link StoreTransaction#actionTokens()}. Confined to the transaction's thread.
 *
 * <p>Only a keyed hash of each token is stored. A token is usable while it is unused and unexpired;
 * {@link #consume} is the single atomic check-and-act that spends it, so of many concurrent
 * presentations of one token at most one succeeds, on every instance.
 */
public interface ActionTokenStore {

  /**
   * Stores a new token for a user and purpose, first revoking (marking used) every still-usable
   * token of the same user and purpose, so only the newest link works: {@link #revokeAll} then
   * {@link #add}.
   *
   * @param userId the user's public id
   * @param purpose what the token is for, e.g. {@code password_reset}; at most 32 characters
   * @param tokenHash the keyed hash of the token (64 hex characters), unique
   * @param binding an opaque fingerprint (at most 64 characters) of the state the token was issued
   *     for, checked by the flow when the token is presented (for a reset: the password hash), or
   *     {@code null}
   * @param expiresAt when it stops working
   * @param now the current time
   */
  default void issue(
      UUID userId,
      String purpose,
      String tokenHash,
      @Nullable String binding,
      Instant expiresAt,
      Instant now) {
    revokeAll(userId, purpose, now);
    add(userId, purpose, tokenHash, binding, expiresAt, now);
  }

  /**
   * Stores a new token for a user and purpose and leaves the user's other tokens of that purpose
   * usable. For tokens of which many may be open at once, such as the challenges of usernameless
   * passkey sign-ins, which all belong to one placeholder user: revoking the others would let any
   * caller cancel everyone else's. Each token stays single use through {@link #consume}; expired
   * ones go with {@link #deleteBefore}.
   *
   * @param userId the user's public id
   * @param purpose what the token is for; at most 32 characters
   * @param tokenHash the keyed hash of the token (64 hex characters), unique
   * @param binding an opaque fingerprint (at most 64 characters), or {@code null}
   * @param expiresAt when it stops working
   * @param now the current time
   */
  void add(
      UUID userId,
      String purpose,
      String tokenHash,
      @Nullable String binding,
      Instant expiresAt,
      Instant now);

  /**
   * Reads a token that is still usable (unused and unexpired), without spending it.
   *
   * @param purpose the purpose it was issued for; a token of another purpose is never returned
   * @param tokenHash the keyed hash of the presented token
   * @param now the current time
   * @return the token, if usable
   */
  Optional<ActionToken> findUsable(String purpose, String tokenHash, Instant now);

  /**
   * Spends a token in one atomic statement, succeeding only if it is unused and unexpired. Of many
   * concurrent calls for the same token, at most one returns {@code true}.
   *
   * @param purpose the purpose it was issued for
   * @param tokenHash the keyed hash of the presented token
   * @param now the current time
   * @return whether this call spent it
   */
  boolean consume(String purpose, String tokenHash, Instant now);

  /**
   * Revokes (marks used) every still-usable token of a user for a purpose.
   *
   * @param userId the user's public id
   * @param purpose the purpose
   * @param now the current time
   * @return how many tokens were revoked
   */
  int revokeAll(UUID userId, String purpose, Instant now);

  /**
   * Deletes up to {@code batchSize} tokens that expired or were used before {@code cutoff}.
   *
   * @param cutoff the cut-off time
   * @param batchSize the most rows to delete
   * @return how many were deleted
   */
  int deleteBefore(Instant cutoff, int batchSize);

  /**
   * A usable token as stored.
   *
   * @param userId the user's public id
   * @param purpose the purpose
   * @param binding the fingerprint given at issue, or {@code null}
   * @param expiresAt when it expires
   */
  record ActionToken(UUID userId, String purpose, @Nullable String binding, Instant expiresAt) {}
}
