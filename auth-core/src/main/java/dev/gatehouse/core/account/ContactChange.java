package dev.gatehouse.core.account;

import dev.gatehouse.core.account.RecentAuth.Proven;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.RateLimitedException;
import dev.gatehouse.core.error.RejectedInputException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.identity.Lookalikes;
import dev.gatehouse.core.internal.GatehouseContext;
import dev.gatehouse.core.internal.Notices;
import dev.gatehouse.core.otp.OtpChannel;
import dev.gatehouse.core.otp.OtpSent;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.store.ActionTokenStore.ActionToken;
import dev.gatehouse.core.store.DuplicateKeyException;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.StoreTransaction.CounterState;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.VerifiedAccessToken;
import dev.gatehouse.email.EmailMask;
import dev.gatehouse.email.EmailTemplates;
import dev.gatehouse.sms.PhoneMask;
import dev.gatehouse.sms.SmsTemplates;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * Changing a signed-in account's email or phone: recent authentication, a code sent to the new
 * address (proof of ownership), the swap, and a notice to the old address.
 *
 * <p>The code is a single-use action token whose hash covers the user, the new address and the
 * code, so it confirms only that change for that account; its binding is the current address, so a
 * code issued before another change of the same kind dies. Wrong codes are counted per account in a
 * transaction of their own; {@code OTP_MAX_ATTEMPTS} of them burn the pending change.
 *
 * <p>No enumeration: the request answers and sends the same whether or not the new address belongs
 * to another account. Only a caller who then proves the new address (the right code) learns that it
 * is taken ({@code email_taken}/{@code phone_taken}), which tells them nothing about anyone else.
 */
final class ContactChange {
  static final String PURPOSE_EMAIL = "email_change";
  static final String PURPOSE_PHONE = "phone_change";

  /** Which contact changes. */
  enum Kind {
    EMAIL(PURPOSE_EMAIL, "email_taken"),
    PHONE(PURPOSE_PHONE, "phone_taken");

    final String purpose;
    final String takenCode;

    Kind(String purpose, String takenCode) {
      this.purpose = purpose;
      this.takenCode = takenCode;
    }
  }

  private final GatehouseContext ctx;
  private final RecentAuth recentAuth;
  private final Notices notices;

  ContactChange(GatehouseContext ctx, RecentAuth recentAuth) {
    this.ctx = ctx;
    this.recentAuth = recentAuth;
    this.notices = new Notices(ctx);
  }

  /** A normalised new address: as stored, and as compared. */
  private record Address(String value, String canonical) {
    @Override
    public String toString() {
      return "Address[...]";
    }
  }

  private Address address(Kind kind, String raw) {
    if (kind == Kind.EMAIL) {
      String normalized = EmailAddresses.normalize(raw);
      Lookalikes.requireSingleScript(EmailAddresses.localPart(normalized), "invalid_email");
      return new Address(normalized, normalized.toLowerCase(Locale.ROOT));
    }
    String e164 = ctx.phones().normalize(raw);
    return new Address(e164, e164);
  }

  private static String current(Kind kind, UserRecord u) {
    return kind == Kind.EMAIL ? u.emailCanonical() : u.phone();
  }

  OtpSent request(
      Kind kind,
      VerifiedAccessToken caller,
      Reauthentication proof,
      String newAddress,
      ClientInfo client) {
    Address to = address(kind, newAddress);
    Proven p = recentAuth.require(caller, proof, client);
    UserRecord u = p.user();
    if (to.canonical().equals(current(kind, u))) {
      throw new RejectedInputException(
          kind == Kind.EMAIL ? "email_unchanged" : "phone_unchanged",
          "the new address is the current one");
    }
    GatehouseConfig config = ctx.config();
    Duration ttl = config.get(GatehouseConfig.OTP_TTL);
    String code = SecretHasher.newNumericCode(config.get(GatehouseConfig.OTP_LENGTH));
    Instant now = ctx.clock().instant();
    String sendKey = "contact_change:send:" + u.publicId();
    ctx.store()
        .inTransaction(
            tx -> {
              if (config.get(GatehouseConfig.THROTTLE_ENABLED)) {
                CounterState sent = tx.incrementCounter(sendKey, now, Duration.ofHours(1));
                if (sent.count() > config.get(GatehouseConfig.OTP_MAX_PER_DESTINATION)) {
                  throw new RateLimitedException(
                      "rate_limited",
                      "too many address changes were asked for; try again later",
                      Duration.between(now, sent.windowStart().plus(Duration.ofHours(1))));
                }
              }
              recentAuth.settle(tx, p);
              tx.actionTokens()
                  .issue(
                      u.publicId(),
                      kind.purpose,
                      tokenHash(kind, u.publicId(), to, code),
                      binding(kind, u),
                      now.plus(ttl),
                      now);
              tx.resetCounter(attemptsKey(u.publicId()));
              notices.code(
                  tx,
                  kind == Kind.PHONE,
                  to.value(),
                  u.language(),
                  kind == Kind.EMAIL ? EmailTemplates.CHANGE_EMAIL : SmsTemplates.CHANGE_PHONE,
                  code,
                  ttl);
              return null;
            });
    return new OtpSent(
        kind == Kind.EMAIL ? EmailMask.mask(to.canonical()) : PhoneMask.mask(to.value()),
        kind == Kind.EMAIL ? OtpChannel.EMAIL : OtpChannel.SMS,
        ttl,
        config.get(GatehouseConfig.OTP_RESEND_COOLDOWN));
  }

  private enum Outcome {
    CHANGED,
    INVALID,
    TAKEN
  }

  void confirm(
      Kind kind, VerifiedAccessToken caller, String newAddress, String code, ClientInfo client) {
    Address to = address(kind, newAddress);
    int length = ctx.config().get(GatehouseConfig.OTP_LENGTH);
    String presented = code == null ? "" : code.strip();
    if (!presented.matches("[0-9]{" + length + "}")) {
      throw new RejectedInputException(
          "invalid_code_format", "the code must be " + length + " digits");
    }
    UserRecord caller0 = recentAuth.liveCaller(caller, ctx.clock().instant());
    UUID id = caller0.publicId();
    Instant now = ctx.clock().instant();
    Duration ttl = ctx.config().get(GatehouseConfig.OTP_TTL);
    int max = ctx.config().get(GatehouseConfig.OTP_MAX_ATTEMPTS);
    // Counted before the check, in a transaction of its own that a host rollback cannot undo.
    CounterState attempts =
        ctx.store().inNewTransaction(tx -> tx.incrementCounter(attemptsKey(id), now, ttl));
    if (attempts.count() > max) {
      ctx.store().inNewTransaction(tx -> tx.actionTokens().revokeAll(id, kind.purpose, now));
      throw new RateLimitedException(
          "code_burned",
          "too many wrong codes; ask for a new one",
          Duration.between(now, attempts.windowStart().plus(ttl)));
    }
    String hash = tokenHash(kind, id, to, presented);
    UserRecord[] before = new UserRecord[1];
    Outcome outcome;
    try {
      outcome =
          ctx.store()
              .inTransaction(
                  tx -> {
                    ActionToken t =
                        tx.actionTokens()
                            .findUsable(kind.purpose, hash, now)
                            .filter(x -> x.userId().equals(id))
                            .orElse(null);
                    if (t == null) {
                      return Outcome.INVALID;
                    }
                    UserRecord u = Credentials.live(tx, id);
                    before[0] = u;
                    if (!SecretHasher.constantTimeEquals(binding(kind, u), t.binding())
                        || !tx.actionTokens().consume(kind.purpose, hash, now)) {
                      return Outcome.INVALID;
                    }
                    tx.resetCounter(attemptsKey(id));
                    boolean taken =
                        kind == Kind.EMAIL
                            ? tx.users().findByEmail(to.canonical()).isPresent()
                            : tx.users().findByPhone(to.value()).isPresent();
                    if (taken) {
                      // The code is spent: the caller proved the address and learns it is taken.
                      return Outcome.TAKEN;
                    }
                    return swap(tx, kind, u, to, now) ? Outcome.CHANGED : Outcome.INVALID;
                  });
    } catch (DuplicateKeyException e) {
      // A concurrent change or registration took the address first.
      throw taken(kind);
    }
    switch (outcome) {
      case INVALID:
        throw new RejectedInputException("invalid_code", "the code is wrong or expired");
      case TAKEN:
        throw taken(kind);
      case CHANGED:
      default:
        ctx.events()
            .publish(
                kind == Kind.EMAIL
                    ? new AuthEvent.EmailChanged(now, id, ctx.origin(client))
                    : new AuthEvent.PhoneChanged(now, id, ctx.origin(client)));
    }
  }

  private boolean swap(StoreTransaction tx, Kind kind, UserRecord u, Address to, Instant now) {
    if (kind == Kind.EMAIL) {
      if (!tx.users()
          .changeEmail(u.publicId(), u.emailCanonical(), to.value(), to.canonical(), now)) {
        return false;
      }
      // Links sent to the old address die with it.
      tx.actionTokens().revokeAll(u.publicId(), AccountService.PURPOSE_RESET, now);
      tx.actionTokens().revokeAll(u.publicId(), AccountService.PURPOSE_CONFIRMATION, now);
      if (u.email() != null) {
        notices.email(tx, u.email(), u.language(), EmailTemplates.EMAIL_CHANGED);
      }
      return true;
    }
    if (!tx.users().changePhone(u.publicId(), u.phone(), to.value(), now)) {
      return false;
    }
    if (u.phone() != null) {
      notices.sms(tx, u.phone(), u.language(), SmsTemplates.PHONE_CHANGED);
    } else if (u.email() != null) {
      notices.email(tx, u.email(), u.language(), EmailTemplates.PHONE_CHANGED);
    }
    return true;
  }

  private static RejectedInputException taken(Kind kind) {
    return new RejectedInputException(
        kind.takenCode,
        kind == Kind.EMAIL
            ? "another account has this email address"
            : "another account has this phone number");
  }

  private static String attemptsKey(UUID id) {
    return "contact_change:attempts:" + id;
  }

  private String tokenHash(Kind kind, UUID id, Address to, String code) {
    return ctx.secrets().hash(kind.purpose, id + "|" + to.canonical() + "|" + code);
  }

  private String binding(Kind kind, UserRecord u) {
    return ctx.secrets().hash(kind.purpose + ":binding", String.valueOf(current(kind, u)));
  }
}
