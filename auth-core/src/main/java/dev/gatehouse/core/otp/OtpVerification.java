package dev.gatehouse.core.otp;

import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A code that {@link OtpService#verify} accepted and consumed.
 *
 * @param destination the normalised destination the code was bound to (E.164 or canonical email)
 * @param channel the channel
 * @param purpose the purpose
 * @param userId the public id of the account that owns the destination, or {@code null} when none
 *     does
 */
public record OtpVerification(
    String destination, OtpChannel channel, OtpPurpose purpose, @Nullable UUID userId) {

  /**
   * {@return the public id of the account that owns the destination, or empty when no account has
   * it}
   */
  public Optional<UUID> owner() {
    return Optional.ofNullable(userId);
  }

  @Override
  public String toString() {
    return "OtpVerification[channel="
        + channel
        + ", purpose="
        + purpose
        + ", userId="
        + userId
        + "]";
  }
}
