package dev.gatehouse.core.store;

import dev.gatehouse.core.error.AuthException.ConfigurationException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Store operations for second factors (a TOTP authenticator and recovery codes), reached through
 * {@link StoreTransaction#secondFactors()}. Confined to the transaction's thread.
 *
 * <p>The TOTP seed is stored sealed (encrypted by the caller), recovery codes as keyed hashes. The
 * checks that make a code single-use are each one atomic statement: {@link #advanceTotpStep} and
 * {@link #useRecoveryCode}, so of concurrent presentations of one code at most one succeeds, on
 * every instance.
 */
public interface SecondFactorStore {

  /**
   * The store of a persistence that keeps no second factors: every account has none, and writing
   * one is refused with a {@link ConfigurationException}.
   */
  SecondFactorStore NONE = new SecondFactorStore() {};

  /**
   * Records a new, unconfirmed TOTP seed for a user, replacing an earlier unconfirmed one.
   *
   * @param userId the user's public id
   * @param sealedSecret the sealed seed (at most 255 characters)
   * @param now the current time
   * @return {@code false}, writing nothing, when the user already has a confirmed TOTP
   */
  default boolean savePendingTotp(UUID userId, String sealedSecret, Instant now) {
    throw notConfigured();
  }

  /**
   * @param userId the user's public id
   * @return the user's TOTP, confirmed or not
   */
  default Optional<TotpFactor> totp(UUID userId) {
    return Optional.empty();
  }

  /**
   * Confirms the unconfirmed TOTP with exactly this sealed seed, recording the step of the code
   * that confirmed it, in one atomic statement.
   *
   * @param userId the user's public id
   * @param sealedSecret the seed the code was checked against
   * @param step the step of that code
   * @param now the current time
   * @return whether this call confirmed it
   */
  default boolean confirmTotp(UUID userId, String sealedSecret, long step, Instant now) {
    throw notConfigured();
  }

  /**
   * Records that the code of {@code step} was used, in one atomic statement that succeeds only when
   * the TOTP is confirmed and no code of this step or a later one was used before.
   *
   * @param userId the user's public id
   * @param step the step of the presented code
   * @return whether this call used it
   */
  default boolean advanceTotpStep(UUID userId, long step) {
    throw notConfigured();
  }

  /**
   * Deletes the user's TOTP, confirmed or not.
   *
   * @param userId the user's public id
   * @return whether there was one
   */
  default boolean deleteTotp(UUID userId) {
    throw notConfigured();
  }

  /**
   * Replaces every recovery code of the user (used or not) with a new set.
   *
   * @param userId the user's public id
   * @param codeHashes the keyed hashes of the new codes (64 hex characters each)
   * @param now the current time
   */
  default void replaceRecoveryCodes(UUID userId, List<String> codeHashes, Instant now) {
    throw notConfigured();
  }

  /**
   * Spends one recovery code in one atomic statement that succeeds only while it is unused.
   *
   * @param userId the user's public id
   * @param codeHash the keyed hash of the presented code
   * @param now the current time
   * @return whether this call spent it
   */
  default boolean useRecoveryCode(UUID userId, String codeHash, Instant now) {
    throw notConfigured();
  }

  /**
   * @param userId the user's public id
   * @return how many of the user's recovery codes are unused
   */
  default int unusedRecoveryCodes(UUID userId) {
    return 0;
  }

  /**
   * Deletes every recovery code of the user.
   *
   * @param userId the user's public id
   * @return how many were deleted
   */
  default int deleteRecoveryCodes(UUID userId) {
    throw notConfigured();
  }

  /**
   * Records a remembered device: the keyed hash of its token, bound to the user.
   *
   * @param userId the user's public id
   * @param tokenHash the keyed hash of the device token (64 hex characters)
   * @param label what the device is, e.g. its user agent (at most 100 characters), or {@code null}
   * @param expiresAt when it stops skipping the second factor
   * @param now the current time
   */
  default void rememberDevice(
      UUID userId, String tokenHash, @Nullable String label, Instant expiresAt, Instant now) {
    throw notConfigured();
  }

  /**
   * Looks a remembered device up by the keyed hash of its token (whatever its state).
   *
   * @param tokenHash the keyed hash of the presented token
   * @return the device, revoked or expired ones included
   */
  default Optional<RememberedDevice> rememberedDevice(String tokenHash) {
    return Optional.empty();
  }

  /**
   * @param userId the user's public id
   * @param now the current time
   * @return the user's remembered devices that are neither revoked nor expired, newest first
   */
  default List<RememberedDevice> rememberedDevices(UUID userId, Instant now) {
    return List.of();
  }

  /**
   * Records that a remembered device skipped a second factor.
   *
   * @param id the device's id
   * @param now the current time
   */
  default void rememberedDeviceUsed(long id, Instant now) {}

  /**
   * Revokes a user's remembered devices that are not revoked yet.
   *
   * @param userId the user's public id
   * @param id one device's id, or {@code null} for all of them
   * @param now the current time
   * @return how many were revoked
   */
  default int revokeRememberedDevices(UUID userId, @Nullable Long id, Instant now) {
    return 0;
  }

  /**
   * When the second-factor policy first covered the user: the stored moment, or {@code now},
   * recorded, when there is none yet.
   *
   * @param userId the user's public id
   * @param now the current time
   * @return the moment the policy first covered the user
   */
  default Instant secondFactorPolicySince(UUID userId, Instant now) {
    return now;
  }

  private static ConfigurationException notConfigured() {
    return new ConfigurationException(
        "second factors are not configured: this store keeps no second factors");
  }

  /**
   * A remembered device as stored (never its token or the token's hash).
   *
   * @param id the device's id
   * @param userId the user's public id
   * @param label what the device is, or {@code null}
   * @param createdAt when it was remembered
   * @param lastUsedAt when it last skipped a second factor, or {@code null}
   * @param expiresAt when it stops skipping the second factor
   * @param revokedAt when it was revoked, or {@code null}
   */
  record RememberedDevice(
      long id,
      UUID userId,
      @Nullable String label,
      Instant createdAt,
      @Nullable Instant lastUsedAt,
      Instant expiresAt,
      @Nullable Instant revokedAt) {}

  /**
   * A TOTP as stored. {@link #toString()} never shows the sealed seed.
   *
   * @param userId the user's public id
   * @param sealedSecret the sealed seed
   * @param confirmedAt when a first code confirmed it, or {@code null} while pending
   * @param lastStep the step of the last code used, or {@code null}
   * @param createdAt when it was enrolled
   */
  record TotpFactor(
      UUID userId,
      String sealedSecret,
      @Nullable Instant confirmedAt,
      @Nullable Long lastStep,
      Instant createdAt) {
    /** {@return whether a first code confirmed it} */
    public boolean confirmed() {
      return confirmedAt != null;
    }

    @Override
    public String toString() {
      return "TotpFactor[userId=" + userId + ", confirmed=" + confirmed() + "]";
    }
  }
}
