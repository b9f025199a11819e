package dev.gatehouse.core.account.internal;

import dev.gatehouse.core.account.AccountService;
import dev.gatehouse.core.account.AccountService.LoginRequest;
import dev.gatehouse.core.account.internal.Credentials.Identifier;
import dev.gatehouse.core.account.internal.Credentials.Snapshot;
import dev.gatehouse.core.account.internal.LoginThrottle.Reservation;
import dev.gatehouse.core.config.AccountSettings;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.error.AuthException;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.internal.SecurityEvents;
import dev.gatehouse.core.password.PasswordHashing;
import dev.gatehouse.core.password.PasswordHashing.PasswordVerification;
import dev.gatehouse.core.password.PasswordPolicy;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.CredentialCheck;
import dev.gatehouse.core.session.ExternalAccounts;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.internal.SignInPipeline;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.StoreTransaction.DuplicateKeyException;
import dev.gatehouse.core.store.UserRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Login with an identifier and a password: {@link AccountService#login}. */
public final class PasswordLogin {
  /** The method a password login's {@code amr} and events name. */
  private static final String METHOD = "pwd";

  private final GatehouseConfig config;
  private final Clock clock;
  private final AuthStore store;
  private final PasswordHashing passwords;
  private final SecurityEvents events;
  private final LoginThrottle throttle;
  private final Credentials credentials;
  private final SignInPipeline pipeline;

  public PasswordLogin(
      GatehouseConfig config,
      Clock clock,
      AuthStore store,
      PasswordHashing passwords,
      SecurityEvents events,
      SignInPipeline pipeline,
      LoginThrottle throttle,
      Credentials credentials) {
    this.config = config;
    this.clock = clock;
    this.store = store;
    this.passwords = passwords;
    this.events = events;
    this.throttle = throttle;
    this.credentials = credentials;
    this.pipeline = pipeline;
  }

  SignInResult login(LoginRequest request) {
    return login(request, true);
  }

  private SignInResult login(LoginRequest request, boolean consultExternal) {
    ClientInfo client = request.client() == null ? ClientInfo.web() : request.client();
    Instant now = clock.instant();
    String ipBucket = throttle.ipBucket(client.ipAddress());
    Identifier parsed = null;
    try {
      parsed = credentials.identifier(request.identifier());
      credentials.checkPasswordShape(request.password());
    } catch (RejectedInputException e) {
      // Malformed input is a failed attempt: charged to the IP, and to the account when the
      // identifier itself was fine.
      credentials.failAfterCounting(ipBucket, parsed, now, e, ClientInfo.originOf(config, client));
      throw e;
    }
    Identifier id = parsed;
    // Counted before any hashing: N parallel guesses evaluate at most the allowed number. The user
    // is read in the reservation's transaction unless a host's transaction is open.
    LoginThrottle.Reserved<Snapshot> reserved =
        throttle.readAndReserve(
            ipBucket,
            tx -> {
              UserRecord u = Credentials.find(tx, id).orElse(null);
              return Snapshot.of(u, credentials.bucketFor(u, id));
            },
            Snapshot::bucket,
            now);
    Snapshot s = reserved.read();
    Reservation attempt = reserved.reservation();
    String password = PasswordPolicy.normalize(request.password());
    // An identifier no account has is asked of a module that knows accounts elsewhere, after the
    // attempt was counted; its hash is verified in place of the unknown user's dummy.
    ExternalAccounts external = consultExternal ? credentials.external() : null;
    ExternalAccounts.Account found =
        s.userId() == null && external != null
            ? external
                .find(id.kind(), id.canonical(), request.identifier(), request.password())
                .orElse(null)
            : null;
    Snapshot checked = found == null ? s : Snapshot.ofExternal(found, s.bucket());
    PasswordVerification result = credentials.verifyAsTyped(request.password(), checked);
    if (!result.matched() || !checked.active() || checked.deleted()) {
      throw credentials.failed(
          attempt, s, now, ErrorCode.INVALID_CREDENTIALS, ClientInfo.originOf(config, client));
    }
    if (found != null) {
      // The module's check moves the user in; always re-hashed, as the other system's hash (if
      // any) is in its own format and parameters.
      try {
        return pipeline.run(
            found.signIn(passwords.hash(password), throttle.guess(attempt)), client);
      } catch (DuplicateKeyException e) {
        // A concurrent login moved the user first; the account is local now and the retry
        // reserves its own attempt.
        throttle.release(attempt);
        return login(request, false);
      }
    }
    if (config.get(AccountSettings.REQUIRE_VERIFIED) && !s.verified()) {
      // The password was right: the attempt was no guess.
      throttle.release(attempt);
      throw events.signInRefused(
          METHOD,
          s.userId(),
          new RejectedInputException(
              ErrorCode.ACCOUNT_NOT_VERIFIED, "the account must be confirmed before it can log in"),
          ClientInfo.originOf(config, client));
    }
    String upgraded =
        result == PasswordVerification.MATCH_NEEDS_UPGRADE ? passwords.hash(password) : null;
    AuthException[] guarded = {null};
    Optional<SignInResult> signIn =
        store.inTransaction(
            tx -> {
              guarded[0] = pipeline.refusal(tx, s.user(), METHOD, now);
              if (guarded[0] != null) {
                return Optional.<SignInResult>empty();
              }
              // Recorded only if nothing changed between the check and now (deleted,
              // disabled, another password): otherwise the verified password is stale.
              if (!tx.users().recordPasswordLogin(s.userId(), s.passwordHash(), now)) {
                return Optional.<SignInResult>empty();
              }
              if (upgraded != null
                  && !tx.users().replacePasswordHash(s.userId(), s.passwordHash(), upgraded, now)) {
                return Optional.<SignInResult>empty();
              }
              SignInResult finished =
                  pipeline.finish(
                      tx,
                      new CredentialCheck.Proven(s.user(), List.of(METHOD), false, false),
                      METHOD,
                      client,
                      now);
              // Last: the counters' rows stay locked until the commit, and a store may send the
              // settlement with the session and its audit entry (issue 79).
              throttle.settleSuccess(tx, attempt);
              return Optional.of(finished);
            });
    if (guarded[0] != null) {
      // The password was right: the attempt was no guess.
      throttle.release(attempt);
      throw events.signInRefused(
          METHOD, s.userId(), guarded[0], ClientInfo.originOf(config, client));
    }
    if (signIn.isEmpty()) {
      throw events.signInRefused(
          METHOD,
          s.userId(),
          AccountInputs.invalidCredentials(),
          ClientInfo.originOf(config, client));
    }
    // Signed in, or (the password was right) the second step the account needs.
    return signIn.get();
  }
}
