package dev.gatehouse.core.account.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.account.AccountService.CodeSent;
import dev.gatehouse.core.account.Reauthentication;
import dev.gatehouse.core.account.Reauthentication.ReauthenticationRequiredException;
import dev.gatehouse.core.account.internal.Credentials.Snapshot;
import dev.gatehouse.core.account.internal.LoginThrottle.Reservation;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent.RequestOrigin;
import dev.gatehouse.core.internal.SecurityEvents;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.SecondFactorStore.TotpFactor;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.delivery.TemplateNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Recent authentication for destructive operations: the caller's session must be alive, and the
 * caller must have signed in within {@code gatehouse.security.recent-auth-window} or give a fresh
 * password or one-time code (sent to the account's own contact by {@link #requestCode}).
 */
public final class RecentAuth {
  static final String PURPOSE = "reauthenticate";
  private final GatehouseConfig config;
  private final Clock clock;
  private final AuthStore store;
  private final SecurityEvents events;
  private final Credentials credentials;
  private final AccountCodes codes;
  private final SecondFactors factors;
  private final PasskeyCeremony passkeys;

  public RecentAuth(
      GatehouseConfig config,
      Clock clock,
      AuthStore store,
      SecurityEvents events,
      Credentials credentials,
      AccountCodes codes,
      SecondFactors factors,
      PasskeyCeremony passkeys) {
    this.config = config;
    this.clock = clock;
    this.store = store;
    this.events = events;
    this.credentials = credentials;
    this.codes = codes;
    this.factors = factors;
    this.passkeys = passkeys;
  }

  /** What a proven caller may act on: the account as read, and a password attempt to settle. */
  record Proven(UserRecord user, Snapshot snapshot, Reservation reservation) {
    @Override
    public String toString() {
      return "Proven[" + snapshot.userId() + "]";
    }
  }

  /** Where a reauthentication code goes: the account's own contact, proven ones first. */
  record Contact(boolean sms, String address) {
    @Override
    public String toString() {
      return "Contact[" + (sms ? "sms" : "email") + "]";
    }
  }

  static Optional<Contact> contact(UserRecord u) {
    if (u.email() != null && u.emailVerified()) {
      return Optional.of(new Contact(false, u.email()));
    }
    if (u.phone() != null && u.phoneVerified()) {
      return Optional.of(new Contact(true, u.phone()));
    }
    if (u.email() != null) {
      return Optional.of(new Contact(false, u.email()));
    }
    return Optional.ofNullable(u.phone()).map(p -> new Contact(true, p));
  }

  CodeSent requestCode(VerifiedAccessToken caller) {
    Instant now = clock.instant();
    UserRecord u = liveCaller(caller, now);
    Contact c =
        contact(u)
            .orElseThrow(
                () ->
                    new RejectedInputException(
                        ErrorCode.NO_CONTACT,
                        "the account has no email or phone to send a code to"));
    return store.inTransaction(
        tx -> {
          codes.limitSends(tx, u.publicId(), now);
          return codes.issue(
              tx,
              PURPOSE,
              u.publicId(),
              "",
              codes.binding(PURPOSE, c.address()),
              c.sms(),
              c.address(),
              u.language(),
              TemplateNames.REAUTHENTICATE,
              now);
        });
  }

  /**
   * Checks the caller's session and the proof.
   *
   * @throws InvalidTokenException {@code SESSION_ENDED} when the caller's session is over
   * @throws ReauthenticationRequiredException when the proof does not suffice
   */
  Proven require(VerifiedAccessToken caller, Reauthentication proof, ClientInfo client) {
    requireNonNull(proof, "proof");
    Instant now = clock.instant();
    UserRecord u = liveCaller(caller, now);
    Snapshot s = Snapshot.of(u, LoginThrottle.userBucket(u.publicId()));
    switch (proof.kind()) {
      case RECENT_SIGN_IN:
        Duration window = config.get(TokenSettings.RECENT_AUTH_WINDOW);
        Instant signedIn = caller.authTime().orElse(null);
        if (signedIn == null || signedIn.isBefore(now.minus(window))) {
          throw required(u, s);
        }
        return new Proven(u, s, Reservation.NONE);
      case PASSWORD:
        if (!s.hasUsablePassword()) {
          throw required(u, s);
        }
        credentials.checkPasswordShape(proof.secret());
        Reservation attempt = credentials.reserve(null, s.bucket(), now);
        if (!credentials.verifyAsTyped(proof.secret(), s).matched()) {
          throw credentials.failed(
              attempt, s, now, ErrorCode.INVALID_CREDENTIALS, ClientInfo.originOf(config, client));
        }
        return new Proven(u, s, attempt);
      case TOTP:
        TotpFactor factor =
            store
                .inTransaction(tx -> tx.secondFactors().totp(u.publicId()))
                .filter(TotpFactor::confirmed)
                .orElseThrow(() -> required(u, s));
        RequestOrigin origin = ClientInfo.originOf(config, client);
        SecondFactors.TotpMatch match =
            factors.checkTotp(factor, proof.secret(), null, now, origin);
        // Spent at once, in a transaction of its own: a replay of this code must fail even when
        // the operation it proved for rolls back afterwards.
        store.inTransaction(
            tx -> {
              factors.spendTotp(tx, u.publicId(), match, origin);
              return null;
            });
        return new Proven(u, s, Reservation.NONE);
      case PASSKEY:
        if (store.inTransaction(tx -> tx.passkeys().listFor(u.publicId())).isEmpty()) {
          throw required(u, s);
        }
        RequestOrigin from = ClientInfo.originOf(config, client);
        PasskeyCeremony.Assertion a = passkeys.parseAssertion(proof.secret(), from);
        PasskeyCeremony.Verified v =
            passkeys.verifyAssertion(a, PasskeyCeremony.STEP_UP, u.publicId(), null, from, now);
        // Spent at once, in a transaction of its own, as a TOTP code is.
        store.inTransaction(
            tx -> {
              passkeys.spend(tx, a, PasskeyCeremony.STEP_UP, v, now);
              return null;
            });
        events.publish(
            new dev.gatehouse.core.event.AuthEvent.PasskeyUsed(
                now, u.publicId(), v.passkey().id(), "step_up", from));
        return new Proven(u, s, Reservation.NONE);
      case CODE:
      default:
        Contact c = contact(u).orElseThrow(() -> required(u, s));
        String code = codes.shape(proof.secret());
        codes.countAttempt(PURPOSE, u.publicId(), now);
        boolean spent =
            store.inTransaction(
                tx ->
                    codes.consume(
                        tx,
                        PURPOSE,
                        u.publicId(),
                        "",
                        code,
                        codes.binding(PURPOSE, c.address()),
                        now));
        if (!spent) {
          throw AccountCodes.invalidCode();
        }
        return new Proven(u, s, Reservation.NONE);
    }
  }

  /** Settles a password proof's reservation in the operation's transaction. */
  void settle(StoreTransaction tx, Proven p) {
    credentials.settle(tx, p.reservation());
  }

  /**
   * The caller's account, if both it and the caller's session are alive.
   *
   * @throws InvalidTokenException {@code SESSION_ENDED} when the session is over
   */
  UserRecord liveCaller(VerifiedAccessToken caller, Instant now) {
    requireNonNull(caller, "caller");
    return store.inTransaction(
        tx -> {
          boolean live =
              tx.sessions()
                  .findSession(caller.sessionId())
                  .filter(x -> x.userPublicId().equals(caller.userPublicId()))
                  .filter(x -> x.liveAt(now))
                  .isPresent();
          if (!live) {
            throw new InvalidTokenException(InvalidTokenException.Reason.SESSION_ENDED);
          }
          return Credentials.live(tx, caller.userPublicId());
        });
  }

  private ReauthenticationRequiredException required(UserRecord u, Snapshot s) {
    List<String> methods = new ArrayList<>(3);
    if (s.hasUsablePassword()) {
      methods.add(ReauthenticationRequiredException.METHOD_PASSWORD);
    }
    if (contact(u).isPresent()) {
      methods.add(ReauthenticationRequiredException.METHOD_CODE);
    }
    boolean totp =
        store
            .inTransaction(tx -> tx.secondFactors().totp(u.publicId()))
            .filter(TotpFactor::confirmed)
            .isPresent();
    if (totp) {
      methods.add(ReauthenticationRequiredException.METHOD_TOTP);
    }
    if (!store.inTransaction(tx -> tx.passkeys().listFor(u.publicId())).isEmpty()) {
      methods.add(ReauthenticationRequiredException.METHOD_PASSKEY);
    }
    return new ReauthenticationRequiredException(methods);
  }
}
