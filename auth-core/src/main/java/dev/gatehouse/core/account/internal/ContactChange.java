package dev.gatehouse.core.account.internal;

import dev.gatehouse.core.account.AccountService;
import dev.gatehouse.core.account.AccountService.CodeSent;
import dev.gatehouse.core.account.internal.RecentAuth.Proven;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.event.AuthEvent.RequestOrigin;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.identity.Identifiers.Lookalikes;
import dev.gatehouse.core.identity.PhoneNumbers;
import dev.gatehouse.core.internal.AccountChanges;
import dev.gatehouse.core.internal.Notices;
import dev.gatehouse.core.internal.SecurityEvents;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.signin.AccountChange;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.delivery.TemplateNames;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

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
public final class ContactChange {
  static final String PURPOSE_EMAIL = "email_change";
  static final String PURPOSE_PHONE = "phone_change";

  /** Which contact changes. */
  enum Kind {
    EMAIL(PURPOSE_EMAIL, ErrorCode.EMAIL_TAKEN),
    PHONE(PURPOSE_PHONE, ErrorCode.PHONE_TAKEN);

    final String purpose;
    final ErrorCode takenCode;

    Kind(String purpose, ErrorCode takenCode) {
      this.purpose = purpose;
      this.takenCode = takenCode;
    }
  }

  private final GatehouseConfig config;
  private final Clock clock;
  private final AuthStore store;
  private final PhoneNumbers phones;
  private final SecurityEvents events;
  private final AccountChanges accountChanges;
  private final RecentAuth recentAuth;
  private final AccountCodes codes;
  private final Notices notices;

  public ContactChange(
      GatehouseConfig config,
      Clock clock,
      AuthStore store,
      PhoneNumbers phones,
      SecurityEvents events,
      AccountChanges accountChanges,
      Notices notices,
      RecentAuth recentAuth,
      AccountCodes codes) {
    this.config = config;
    this.clock = clock;
    this.store = store;
    this.phones = phones;
    this.events = events;
    this.accountChanges = accountChanges;
    this.recentAuth = recentAuth;
    this.codes = codes;
    this.notices = notices;
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
      Lookalikes.requireSingleScript(EmailAddresses.localPart(normalized), ErrorCode.INVALID_EMAIL);
      return new Address(normalized, normalized.toLowerCase(Locale.ROOT));
    }
    String e164 = phones.normalize(raw);
    return new Address(e164, e164);
  }

  private static String current(Kind kind, UserRecord u) {
    return kind == Kind.EMAIL ? u.emailCanonical() : u.phone();
  }

  CodeSent request(
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
          kind == Kind.EMAIL ? ErrorCode.EMAIL_UNCHANGED : ErrorCode.PHONE_UNCHANGED,
          "the new address is the current one");
    }
    Instant now = clock.instant();
    return store.inTransaction(
        tx -> {
          codes.limitSends(tx, u.publicId(), now);
          recentAuth.settle(tx, p);
          return codes.issue(
              tx,
              kind.purpose,
              u.publicId(),
              to.canonical(),
              codes.binding(kind.purpose, current(kind, u)),
              kind == Kind.PHONE,
              to.value(),
              u.language(),
              kind == Kind.EMAIL ? TemplateNames.CHANGE_EMAIL : TemplateNames.CHANGE_PHONE,
              now);
        });
  }

  private enum Outcome {
    CHANGED,
    INVALID,
    TAKEN
  }

  void confirm(
      Kind kind, VerifiedAccessToken caller, String newAddress, String code, ClientInfo client) {
    Address to = address(kind, newAddress);
    String presented = codes.shape(code);
    Instant now = clock.instant();
    UUID id = recentAuth.liveCaller(caller, now).publicId();
    codes.countAttempt(kind.purpose, id, now);
    Outcome outcome;
    try {
      outcome =
          store.inTransaction(
              tx -> {
                UserRecord u = Credentials.live(tx, id);
                if (!codes.consume(
                    tx,
                    kind.purpose,
                    id,
                    to.canonical(),
                    presented,
                    codes.binding(kind.purpose, current(kind, u)),
                    now)) {
                  return Outcome.INVALID;
                }
                boolean taken =
                    kind == Kind.EMAIL
                        ? tx.users().findByEmail(to.canonical()).isPresent()
                        : tx.users().findByPhone(to.value()).isPresent();
                if (taken) {
                  // The code is spent: the caller proved the address and learns it is taken.
                  return Outcome.TAKEN;
                }
                if (!swap(tx, kind, u, to, now)) {
                  return Outcome.INVALID;
                }
                RequestOrigin origin = ClientInfo.originOf(config, client);
                events.publish(
                    tx,
                    kind == Kind.EMAIL
                        ? new AuthEvent.EmailChanged(now, id, origin)
                        : new AuthEvent.PhoneChanged(now, id, origin));
                return Outcome.CHANGED;
              });
    } catch (DuplicateKeyException e) {
      // A concurrent change or registration took the address first.
      throw taken(kind);
    }
    switch (outcome) {
      case INVALID:
        throw AccountCodes.invalidCode();
      case TAKEN:
        throw taken(kind);
      case CHANGED:
      default:
        // Recorded with the change, in its transaction.
    }
  }

  /**
   * A staff member's new address for another account, in the staff member's transaction: the swap a
   * confirmed change makes (the old address told after commit), then the account unverified, as
   * nobody proved the new mailbox; recorded naming {@code admin}.
   *
   * @return {@code false} when the address is the account's already: nothing changes
   * @throws RejectedInputException {@code invalid_email}, or {@code email_taken} when another
   *     account has the address
   */
  boolean setEmail(
      StoreTransaction tx, UUID admin, UserRecord u, String email, @Nullable ClientInfo client) {
    Address to = address(Kind.EMAIL, email);
    if (to.canonical().equals(u.emailCanonical())) {
      return false;
    }
    if (tx.users().findByEmail(to.canonical()).isPresent()) {
      throw taken(Kind.EMAIL);
    }
    Instant now = clock.instant();
    if (!swap(tx, Kind.EMAIL, u, to, now)) {
      // The account was read in this transaction: only a concurrent change of it gets here.
      throw taken(Kind.EMAIL);
    }
    UserRecord swapped = Credentials.live(tx, u.publicId());
    tx.users().update(swapped.toBuilder().verified(false).emailVerified(false).build());
    events.publish(
        tx,
        SecurityEvents.Actor.ADMIN,
        admin,
        new AuthEvent.EmailChanged(now, u.publicId(), ClientInfo.originOf(config, client)));
    return true;
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
        notices.email(tx, u.email(), u.language(), TemplateNames.EMAIL_CHANGED);
      }
      accountChanges.record(tx, AccountChange.Kind.EMAIL_CHANGED, u, u.publicId(), null, now);
      return true;
    }
    if (!tx.users().changePhone(u.publicId(), u.phone(), to.value(), now)) {
      return false;
    }
    accountChanges.record(tx, AccountChange.Kind.PHONE_CHANGED, u, u.publicId(), null, now);
    if (u.phone() != null) {
      notices.sms(tx, u.phone(), u.language(), TemplateNames.PHONE_CHANGED);
    } else if (u.email() != null) {
      notices.email(tx, u.email(), u.language(), TemplateNames.PHONE_CHANGED);
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
}
