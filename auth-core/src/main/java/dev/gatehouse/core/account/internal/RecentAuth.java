package dev.gatehouse.core.account.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.account.AccountService.CodeSent;
import dev.gatehouse.core.account.internal.Credentials.Snapshot;
import dev.gatehouse.core.account.internal.LoginThrottle.Reservation;
import dev.gatehouse.core.audit.ActingAccount;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.TokenSettings;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.Reauthentication.ReauthenticationRequiredException;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier.InvalidTokenException;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.core.token.SignedInCaller;
import dev.gatehouse.delivery.TemplateNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Recent authentication for destructive operations: the caller's session must be alive, and the
 * caller must have signed in within {@code gatehouse.security.recent-auth-window} or give a fresh
 * password or one-time code (sent to the account's own contact by {@link #requestCode}), or a proof
 * a module checks ({@link Reauthentication.Check}: an authenticator app's code, a passkey).
 */
public final class RecentAuth {
  static final String PURPOSE = "reauthenticate";
  private final GatehouseConfig config;
  private final Clock clock;
  private final AuthStore store;
  private final Credentials credentials;
  private final AccountCodes codes;

  /** The kinds of proof modules check, registered while the facade is built. */
  private final Map<Reauthentication.Kind, Reauthentication.Check> checks =
      new ConcurrentHashMap<>();

  public RecentAuth(
      GatehouseConfig config,
      Clock clock,
      AuthStore store,
      Credentials credentials,
      AccountCodes codes) {
    this.config = config;
    this.clock = clock;
    this.store = store;
    this.credentials = credentials;
    this.codes = codes;
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
    refuseImpersonation(caller);
    Instant now = clock.instant();
    UserRecord u = liveCaller(caller, now);
    Snapshot s = Snapshot.of(u, LoginThrottle.userBucket(u.publicId()));
    switch (proof.kind()) {
      case RECENT_SIGN_IN:
        Duration window = config.get(TokenSettings.RECENT_AUTH_WINDOW);
        Instant signedIn = SignedInCaller.of(caller).signedInAt().orElse(null);
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
      case PASSKEY:
        Reauthentication.Check check = checks.get(proof.kind());
        if (check == null || !store.inTransaction(tx -> check.offers(tx, u.publicId()))) {
          throw required(u, s);
        }
        check.check(u, proof.secret(), client);
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

  /**
   * Refuses a token that says someone else acts for its subject (RFC 8693's {@code act}, which only
   * a session a module started carries: a client cannot set it): sensitive changes are the owner's
   * own, whatever proof is offered.
   *
   * @throws RejectedInputException {@code impersonation_refused}
   */
  static void refuseImpersonation(VerifiedAccessToken caller) {
    if (SignedInCaller.of(caller).acting()) {
      throw new RejectedInputException(
          ErrorCode.IMPERSONATION_REFUSED,
          "an impersonation session may not make sensitive changes");
    }
  }

  /**
   * Registers a module's check of a kind of proof ({@code SignInContext#hook}).
   *
   * @throws IllegalStateException when the kind has one already
   */
  public void accept(Reauthentication.Check check) {
    if (checks.putIfAbsent(check.kind(), check) != null) {
      throw new IllegalStateException(
          "a check of " + check.kind() + " proofs was registered already");
    }
  }

  /**
   * Checks the caller's session and the proof, then runs {@code change} in one transaction that
   * settles the proof ({@code ModuleAccounts#reauthenticated}).
   */
  public <T> T reauthenticated(
      VerifiedAccessToken caller,
      Reauthentication proof,
      ClientInfo client,
      BiFunction<? super StoreTransaction, ? super UserRecord, ? extends T> change) {
    Proven p = require(caller, proof, client);
    return store.inTransaction(
        tx -> {
          T answer = change.apply(tx, p.user());
          settle(tx, p);
          return answer;
        });
  }

  /** The caller's account, if both it and the caller's session are alive now. */
  public UserRecord caller(VerifiedAccessToken caller) {
    return liveCaller(caller, clock.instant());
  }

  /**
   * The caller's account for a change only its owner makes: refuses an impersonation's token as
   * {@link #require} does, then as {@link #caller}.
   *
   * @throws RejectedInputException {@code impersonation_refused}
   */
  public UserRecord owner(VerifiedAccessToken caller) {
    refuseImpersonation(requireNonNull(caller, "caller"));
    return caller(caller);
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
    ActingAccount.note(caller);
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
    for (Reauthentication.Kind kind : Reauthentication.Kind.values()) {
      Reauthentication.Check check = checks.get(kind);
      if (check != null && store.inTransaction(tx -> check.offers(tx, u.publicId()))) {
        methods.add(check.method());
      }
    }
    return new ReauthenticationRequiredException(methods);
  }
}
