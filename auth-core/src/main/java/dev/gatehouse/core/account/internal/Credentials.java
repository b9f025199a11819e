package dev.gatehouse.core.account.internal;

import dev.gatehouse.core.account.AccountService;
import dev.gatehouse.core.account.internal.LoginThrottle.Reservation;
import dev.gatehouse.core.config.AccountSettings;
import dev.gatehouse.core.config.AccountSettings.LoginIdentifier;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.event.AuthEvent.RequestOrigin;
import dev.gatehouse.core.identity.EmailAddresses;
import dev.gatehouse.core.identity.Identifiers;
import dev.gatehouse.core.identity.Identifiers.IdentifierKind;
import dev.gatehouse.core.identity.PhoneNumbers;
import dev.gatehouse.core.identity.Usernames;
import dev.gatehouse.core.internal.Notices;
import dev.gatehouse.core.internal.SecondFactorChallenges;
import dev.gatehouse.core.internal.SecurityEvents;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.password.PasswordHashing.PasswordVerification;
import dev.gatehouse.core.password.PasswordPolicy;
import dev.gatehouse.core.session.ExternalAccounts;
import dev.gatehouse.core.session.SessionStarter;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.StoreTransaction;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.delivery.TemplateNames;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Checking a password against an account the same way in every flow that asks for one (login,
 * password change, deletion): identifier parsing, the one-hash-per-attempt rule, failure counting
 * through {@link LoginThrottle}, and what every password change does afterwards.
 */
public final class Credentials {
  /** Longest identifier accepted before any other check. */
  private static final int MAX_IDENTIFIER_LENGTH = 320;

  private final GatehouseConfig config;
  private final AuthStore store;
  private final PasswordHashing passwords;
  private final PhoneNumbers phones;
  private final SecurityEvents events;
  private final LoginThrottle throttle;
  private final SessionStarter sessions;
  private final Notices notices;
  private volatile @Nullable ExternalAccounts external;

  public Credentials(
      GatehouseConfig config,
      AuthStore store,
      PasswordHashing passwords,
      PhoneNumbers phones,
      SecurityEvents events,
      Notices notices,
      LoginThrottle throttle,
      SessionStarter sessions) {
    this.config = config;
    this.store = store;
    this.passwords = passwords;
    this.phones = phones;
    this.events = events;
    this.throttle = throttle;
    this.sessions = sessions;
    this.notices = notices;
  }

  /** Takes the accounts a module registered ({@code SignInContext#hook}); once. */
  public synchronized void registerExternal(ExternalAccounts accounts) {
    if (external != null) {
      throw new IllegalStateException("external accounts are registered already");
    }
    external = accounts;
  }

  /** {@return the accounts a module registered, or {@code null}} */
  @Nullable ExternalAccounts external() {
    return external;
  }

  /** Classifies and normalises a login identifier as the configuration allows. */
  Identifier identifier(String raw) {
    if (raw == null || raw.isBlank() || raw.length() > MAX_IDENTIFIER_LENGTH) {
      throw new RejectedInputException(
          ErrorCode.INVALID_IDENTIFIER, "identifier is missing or longer than 320 characters");
    }
    LoginIdentifier mode = config.get(AccountSettings.LOGIN_IDENTIFIER);
    boolean byPhone = config.get(AccountSettings.LOGIN_BY_PHONE);
    IdentifierKind kind = Identifiers.classify(raw);
    if (kind == IdentifierKind.PHONE && byPhone) {
      return new Identifier(IdentifierKind.PHONE, phones.normalize(raw));
    }
    if (kind == IdentifierKind.EMAIL && mode != LoginIdentifier.USERNAME) {
      return new Identifier(IdentifierKind.EMAIL, EmailAddresses.canonical(raw));
    }
    if (mode == LoginIdentifier.EMAIL) {
      throw new RejectedInputException(
          ErrorCode.INVALID_IDENTIFIER, "this application signs in with an email address");
    }
    // Usernames may look like an email (Django allows '@') or a number.
    return new Identifier(IdentifierKind.USERNAME, Usernames.canonical(raw));
  }

  static Optional<UserRecord> find(StoreTransaction tx, Identifier id) {
    switch (id.kind()) {
      case EMAIL:
        return tx.users().findByEmail(id.canonical());
      case PHONE:
        return tx.users().findByPhone(id.canonical());
      default:
        return tx.users().findByUsername(id.canonical());
    }
  }

  static UserRecord live(StoreTransaction tx, UUID userPublicId) {
    return tx.users()
        .findByPublicId(userPublicId)
        .filter(u -> !u.deleted())
        .orElseThrow(
            () -> new RejectedInputException(ErrorCode.ACCOUNT_NOT_FOUND, "no such account"));
  }

  void checkPasswordShape(String password) {
    if (password == null || password.isEmpty()) {
      throw new RejectedInputException(ErrorCode.PASSWORD_REQUIRED, "a password is required");
    }
    int max = passwords.options().maxPasswordBytes();
    if (password.length() > max || password.getBytes(StandardCharsets.UTF_8).length > max) {
      throw new RejectedInputException(
          ErrorCode.PASSWORD_TOO_LONG, "password is longer than " + max + " UTF-8 bytes");
    }
  }

  /**
   * Verifies a password as the user typed it. Gatehouse hashes the NFKC form, but a hash imported
   * from another system was made from the bytes the user typed there; when the typed password is
   * not already in NFKC form (a decomposed accent, a full-width letter) it is also tried exactly as
   * typed, and a match there counts as "needs upgrade", so the login rehashes the NFKC form and the
   * user is never forced to reset. The number of hash computations depends only on the input's own
   * form (one, or two when it is not NFKC), never on whether the account exists or matched.
   */
  PasswordVerification verifyAsTyped(String typed, Snapshot s) {
    String nfkc = PasswordPolicy.normalize(typed);
    PasswordVerification result = verifyOnce(nfkc, s);
    if (typed == null || nfkc.equals(typed)) {
      return result;
    }
    if (result.matched()) {
      passwords.verifyDummy(typed);
      return result;
    }
    PasswordVerification asTyped = verifyOnce(typed, s);
    return asTyped.matched() ? PasswordVerification.MATCH_NEEDS_UPGRADE : result;
  }

  /**
   * Verifies with exactly one hash computation whatever the stored state: a missing account or an
   * unusable or unsupported stored hash runs the dummy check instead.
   */
  private PasswordVerification verifyOnce(String password, Snapshot s) {
    if (s.userId() == null && !s.external()) {
      passwords.verifyDummy(password);
      return PasswordVerification.NO_MATCH;
    }
    if (s.externalConfirmed()) {
      // The other system checked the password; the dummy keeps the count of an unknown user.
      passwords.verifyDummy(password);
      return PasswordVerification.MATCH_NEEDS_UPGRADE;
    }
    PasswordVerification result = passwords.verify(password, s.passwordHash());
    if (result == PasswordVerification.UNUSABLE || result == PasswordVerification.UNSUPPORTED) {
      passwords.verifyDummy(password);
    }
    return result;
  }

  /**
   * Publishes a failed attempt's events and answers the exception to throw. The failure itself was
   * counted when the attempt was reserved ({@link LoginThrottle#reserve}), in a transaction of its
   * own that a host rollback cannot erase.
   */
  RejectedInputException failed(
      Reservation r, Snapshot s, Instant now, ErrorCode code, RequestOrigin origin) {
    RejectedInputException refusal =
        events.signInRefused(
            "pwd",
            s.userId(),
            code == ErrorCode.INVALID_CREDENTIALS
                ? AccountInputs.invalidCredentials()
                : new RejectedInputException(code, "login failed"),
            origin);
    if (r.lockedUntil() != null) {
      events.publishNow(new AuthEvent.Locked(now, s.userId(), r.lockedUntil(), origin));
    }
    return refusal;
  }

  /** Settles a right password in {@code tx}; see {@link LoginThrottle#settleSuccess}. */
  void settle(StoreTransaction tx, Reservation r) {
    throttle.settleSuccess(tx, r);
  }

  /** Counts one password evaluation in advance; see {@link LoginThrottle#reserve}. */
  Reservation reserve(String ipBucket, String accountBucket, Instant now) {
    return throttle.reserve(ipBucket, accountBucket, now);
  }

  /** Counts malformed input as a failed attempt (refused when a bucket is over its limit). */
  void failAfterCounting(
      String ipBucket, Identifier id, Instant now, RejectedInputException e, RequestOrigin origin) {
    LoginThrottle.Reserved<Snapshot> r =
        throttle.readAndReserve(
            ipBucket,
            tx -> {
              UserRecord u = id == null ? null : find(tx, id).orElse(null);
              return Snapshot.of(u, id == null ? null : bucketFor(u, id));
            },
            Snapshot::bucket,
            now);
    failed(r.reservation(), r.read(), now, e.error(), origin);
  }

  String bucketFor(UserRecord u, Identifier id) {
    return u != null
        ? LoginThrottle.userBucket(u.publicId())
        : throttle.identifierBucket(id.kind().name(), id.canonical());
  }

  Snapshot liveSnapshot(UUID userPublicId, Instant now) {
    return store.inTransaction(
        tx -> {
          UserRecord u = live(tx, userPublicId);
          return Snapshot.of(u, LoginThrottle.userBucket(userPublicId));
        });
  }

  /**
   * What every path that changes a password does in its transaction, after {@code
   * replacePasswordHash} (which also stamped the modification time).
   */
  void afterPasswordChange(StoreTransaction tx, UUID userPublicId, Instant now, String why) {
    tx.actionTokens().revokeAll(userPublicId, AccountService.PURPOSE_RESET, now);
    // A second-step challenge follows the password it was issued after: one issued before this
    // change must not complete a sign-in after it (issue 36, finding 3).
    tx.actionTokens().revokeAll(userPublicId, SecondFactorChallenges.PURPOSE, now);
    tx.actionTokens().revokeAll(userPublicId, SecondFactorChallenges.ENROL_PURPOSE, now);
    throttle.clear(tx, LoginThrottle.userBucket(userPublicId));
    sessions.revokeAll(tx, userPublicId, why);
    // The owner hears of it, after commit, wherever the change came from.
    tx.users()
        .findByPublicId(userPublicId)
        .ifPresent(u -> notices.toAccount(tx, u, TemplateNames.PASSWORD_CHANGED));
  }

  /** A normalised login identifier. */
  record Identifier(IdentifierKind kind, String canonical) {}

  /** The parts of a user a flow needs outside its transactions. */
  record Snapshot(
      UUID userId,
      String passwordHash,
      boolean active,
      boolean deleted,
      boolean verified,
      List<String> contextWords,
      String bucket,
      boolean external,
      boolean externalConfirmed,
      UserRecord user) {

    static Snapshot of(UserRecord u, String bucket) {
      if (u == null) {
        return new Snapshot(null, null, false, false, false, List.of(), bucket, false, false, null);
      }
      List<String> words =
          Arrays.asList(
              u.email() == null ? null : u.email().substring(0, u.email().indexOf('@')),
              u.username());
      return new Snapshot(
          u.publicId(),
          u.passwordHash(),
          u.active(),
          u.deleted(),
          u.verified(),
          words,
          bucket,
          false,
          false,
          u);
    }

    /** A user only another system knows, to verify the typed password against. */
    static Snapshot ofExternal(ExternalAccounts.Account a, String bucket) {
      return new Snapshot(
          null,
          a.passwordHash(),
          a.active(),
          false,
          false,
          List.of(),
          bucket,
          true,
          a.passwordConfirmed(),
          null);
    }

    /** Same rule as {@code PasswordHashing.verify}'s UNUSABLE, without computing anything. */
    boolean hasUsablePassword() {
      return passwordHash != null && !passwordHash.isEmpty() && !passwordHash.startsWith("!");
    }

    @Override
    public String toString() {
      return "Snapshot[" + userId + "]";
    }
  }
}
