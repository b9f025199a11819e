package dev.gatehouse.core.otp.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.identity.PhoneNumbers;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.email.EmailSender.EmailMask;
import dev.gatehouse.sms.SmsSender.PhoneMask;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A normalised destination.
 *
 * @param destination the key codes and accounts are found by: E.164 or canonical email
 * @param address what the provider receives: E.164 or the email as typed (domain lower-cased)
 * @param masked for logs
 */
record OtpTarget(OtpChannel channel, String destination, String address, String masked) {

  static OtpTarget of(PhoneNumbers phones, OtpChannel channel, String raw) {
    requireNonNull(channel, "channel");
    if (channel == OtpChannel.SMS) {
      String e164 = phones.normalize(raw);
      return new OtpTarget(channel, e164, e164, PhoneMask.mask(e164));
    }
    String normalized = EmailAddresses.normalize(raw);
    String canonical = normalized.toLowerCase(Locale.ROOT);
    return new OtpTarget(channel, canonical, normalized, EmailMask.mask(canonical));
  }

  static void requireChannelFits(OtpPurpose purpose, OtpChannel channel) {
    requireNonNull(channel, "channel");
    if (!purpose.allows(channel)) {
      throw new RejectedInputException(
          ErrorCode.INVALID_CHANNEL,
          "a " + purpose.code() + " code cannot be sent by " + channel.code());
    }
  }

  /** The account that has this destination, if any. */
  Optional<UserRecord> owner(StoreTransaction tx) {
    return channel == OtpChannel.SMS
        ? tx.users().findByPhone(destination)
        : tx.users().findByEmail(destination);
  }

  /** The HMAC purpose that binds a code to its destination, channel and purpose. */
  String binding(OtpPurpose purpose) {
    return "otp:" + purpose.code() + ":" + channel.code() + ":" + destination;
  }

  /** Time from {@code now} until {@code then}, rounded up to whole seconds, never negative. */
  static Duration until(Instant now, Instant then) {
    Duration d = Duration.between(now, then);
    if (d.isNegative() || d.isZero()) {
      return Duration.ZERO;
    }
    long seconds = d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
    return Duration.ofSeconds(seconds);
  }

  @Override
  public String toString() {
    return "Target[" + channel + " " + masked + "]";
  }
}
