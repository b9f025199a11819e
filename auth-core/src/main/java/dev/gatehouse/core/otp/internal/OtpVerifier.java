package dev.gatehouse.core.otp.internal;

import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.OtpSettings;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.RateLimitedException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.identity.Identifiers.IdentifierKind;
import dev.gatehouse.core.identity.PhoneNumbers;
import dev.gatehouse.core.internal.AccountChanges;
import dev.gatehouse.core.internal.CountingTransactions;
import dev.gatehouse.core.internal.SecurityEvents;
import dev.gatehouse.core.otp.OtpService;
import dev.gatehouse.core.otp.OtpService.OtpChannel;
import dev.gatehouse.core.otp.OtpService.OtpPurpose;
import dev.gatehouse.core.otp.OtpService.OtpVerification;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.signin.AccountChange;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.OtpCodeStore.OtpCode;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judging a presented code: {@link OtpService#verify}, and the check, refusal and marking-verified
 * steps that {@link PasswordlessLogin} shares.
 */
final class OtpVerifier {
  // Logged under the facade's name, as before the split, so hosts' logging settings still apply.
  private static final Logger LOG = LoggerFactory.getLogger(OtpService.class);

  private final GatehouseConfig config;
  private final Clock clock;
  private final AuthStore store;
  private final SecretHasher secrets;
  private final PhoneNumbers phones;
  private final SecurityEvents events;
  private final AccountChanges accountChanges;

  OtpVerifier(
      GatehouseConfig config,
      Clock clock,
      AuthStore store,
      SecretHasher secrets,
      PhoneNumbers phones,
      SecurityEvents events,
      AccountChanges accountChanges) {
    this.config = config;
    this.clock = clock;
    this.store = store;
    this.secrets = secrets;
    this.phones = phones;
    this.events = events;
    this.accountChanges = accountChanges;
  }

  OtpVerification verify(String destination, OtpChannel channel, OtpPurpose purpose, String code) {
    OtpTarget.requireChannelFits(purpose, channel);
    OtpTarget t = OtpTarget.of(phones, channel, destination);
    String presented = requireCodeShape(code);
    Instant now = clock.instant();
    Verified v =
        store.inTransaction(
            tx -> {
              Checked checked = check(tx, t, purpose, presented, now);
              if (checked.verdict() != Verdict.OK) {
                return new Verified(checked, null, false);
              }
              UserRecord owner = t.owner(tx).orElse(null);
              boolean newlyVerified =
                  owner != null
                      && (purpose == OtpPurpose.VERIFY_EMAIL || purpose == OtpPurpose.VERIFY_PHONE)
                      && markVerified(tx, owner, channel, now);
              if (newlyVerified) {
                accountChanges.record(
                    tx, AccountChange.Kind.VERIFIED, owner, owner.publicId(), null, now);
                publishVerified(tx, channel, owner.publicId(), now);
              }
              return new Verified(checked, owner == null ? null : owner.publicId(), newlyVerified);
            });
    if (v.checked().verdict() != Verdict.OK) {
      throw refusal(v.checked(), t, purpose, now);
    }
    return new OtpVerification(t.destination(), channel, purpose, v.userId());
  }

  /** Marks the channel's identifier proven; answers whether anything changed. */
  static boolean markVerified(
      StoreTransaction tx, UserRecord user, OtpChannel channel, Instant now) {
    boolean already = channel == OtpChannel.SMS ? user.phoneVerified() : user.emailVerified();
    if (already && user.verified()) {
      return false;
    }
    tx.users()
        .markVerified(
            user.publicId(),
            channel == OtpChannel.SMS ? IdentifierKind.PHONE : IdentifierKind.EMAIL,
            now);
    return !already;
  }

  void publishVerified(StoreTransaction tx, OtpChannel channel, UUID userId, Instant now) {
    events.publish(
        tx,
        channel == OtpChannel.SMS
            ? new AuthEvent.PhoneVerified(now, userId)
            : new AuthEvent.EmailVerified(now, userId));
  }

  /**
   * The one place a presented code is judged. Only the newest code of a binding counts; a wrong
   * guess is counted (and burns the code at its cap) in this transaction, which the caller commits
   * before throwing.
   */
  Checked check(
      StoreTransaction tx, OtpTarget t, OtpPurpose purpose, String presented, Instant now) {
    Optional<OtpCode> latest =
        tx.otpCodes().latest(t.destination(), t.channel().code(), purpose.code());
    if (latest.isEmpty()) {
      return new Checked(Verdict.INVALID, null);
    }
    OtpCode row = latest.get();
    Instant lastSent = row.lastSentAt();
    boolean matches = secrets.matches(t.binding(purpose), presented, row.codeHash());
    if (row.usedAt() != null) {
      if (row.attempts() >= row.maxAttempts()) {
        return new Checked(Verdict.BURNED, lastSent);
      }
      return new Checked(matches ? Verdict.USED : Verdict.INVALID, lastSent);
    }
    if (!row.expiresAt().isAfter(now)) {
      return new Checked(Verdict.EXPIRED, lastSent);
    }
    if (!matches) {
      // Counted in a transaction of its own: a host that rolls back because the code was refused
      // must not give the guesser the attempt back.
      int attempts =
          CountingTransactions.run(
              store, List.of(), now, own -> own.otpCodes().recordFailure(row.id(), now));
      // As jb-drf-auth counts: the guess that reaches the cap is refused like any wrong one (and
      // burns the code); only an attempt after it is refused as burned. A guess that raced past
      // the cap, counted after the code burned, is one of those.
      return new Checked(attempts > row.maxAttempts() ? Verdict.BURNED : Verdict.INVALID, lastSent);
    }
    if (!tx.otpCodes().consume(row.id(), now)) {
      // Another verification consumed it first (or a concurrent wrong guess burned it).
      return new Checked(Verdict.USED, lastSent);
    }
    return new Checked(Verdict.OK, lastSent);
  }

  AuthException refusal(Checked checked, OtpTarget t, OtpPurpose purpose, Instant now) {
    LOG.info(
        "OTP {} for {} to {} refused: {}",
        t.channel().code(),
        purpose.code(),
        t.masked(),
        checked.verdict());
    switch (checked.verdict()) {
      case BURNED:
        Duration cooldown = config.get(OtpSettings.OTP_RESEND_COOLDOWN);
        Duration wait =
            checked.lastSentAt() == null
                ? Duration.ZERO
                : OtpTarget.until(now, checked.lastSentAt().plus(cooldown));
        return new RateLimitedException(
            ErrorCode.CODE_BURNED, "too many wrong codes; request a new code", wait);
      case EXPIRED:
        return new RejectedInputException(
            ErrorCode.OTP_EXPIRED, "the code has expired; request a new one");
      case USED:
        return new RejectedInputException(ErrorCode.OTP_USED, "the code was already used");
      case INVALID:
      default:
        return new RejectedInputException(
            ErrorCode.INVALID_CODE, "the code is not valid for this destination and purpose");
    }
  }

  String requireCodeShape(String code) {
    int length = config.get(OtpSettings.OTP_LENGTH);
    String c = code == null ? "" : code.strip();
    if (c.length() != length || !c.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
      throw new RejectedInputException(
          ErrorCode.INVALID_CODE_FORMAT, "the code must be exactly " + length + " digits");
    }
    return c;
  }

  enum Verdict {
    OK,
    INVALID,
    USED,
    EXPIRED,
    BURNED
  }

  record Checked(Verdict verdict, Instant lastSentAt) {}

  private record Verified(Checked checked, UUID userId, boolean newlyVerified) {}
}
