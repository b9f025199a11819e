package dev.gatehouse.core.account;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.account.SecondFactors.NewSeed;
import dev.gatehouse.core.account.SecondFactors.RecoveryAttempt;
import dev.gatehouse.core.account.SecondFactors.TotpMatch;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.SecondFactorSettings;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.error.RejectedInputException;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.event.RequestOrigin;
import dev.gatehouse.core.internal.GatehouseContext;
import dev.gatehouse.core.internal.Notices;
import dev.gatehouse.core.internal.SecondFactorChallenges;
import dev.gatehouse.core.internal.ServiceAccess;
import dev.gatehouse.core.mfa.QrCode;
import dev.gatehouse.core.mfa.RecoveryCodes;
import dev.gatehouse.core.mfa.RememberedDeviceView;
import dev.gatehouse.core.mfa.SecondFactorLogin;
import dev.gatehouse.core.mfa.SecondFactorProof;
import dev.gatehouse.core.mfa.SecondFactorStatus;
import dev.gatehouse.core.mfa.Totp;
import dev.gatehouse.core.mfa.TotpEnrolment;
import dev.gatehouse.core.observe.ObservedOperation;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.SessionStarter;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.internal.SignInPipeline;
import dev.gatehouse.core.store.ActionTokenStore.ActionToken;
import dev.gatehouse.core.store.SecondFactorStore.TotpFactor;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.InvalidTokenException;
import dev.gatehouse.core.token.VerifiedAccessToken;
import dev.gatehouse.delivery.TemplateNames;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Second factors: an authenticator app (TOTP, RFC 6238) with single-use recovery codes, and the
 * completion of a login that answered {@code mfa_required}. Reached through {@code
 * Gatehouse.secondFactors()}; thread-safe.
 *
 * <p>An account has no second factor until it enrols one, and logins of such accounts are
 * unchanged. Once a TOTP is confirmed, password and code logins answer a {@link
 * SignInResult.SecondStepRequired} ({@code mfa_required}) with a short-lived, single-use challenge
 * instead of tokens; {@link #completeLogin} exchanges the challenge and one valid factor for the
 * session, whose {@code amr} then lists the first factor, the second ({@code totp} or {@code
 * recovery_code}) and {@code mfa}.
 *
 * <p>Every code attempt (enrolment, login, step-up) is counted before the code is looked at, in a
 * per-account bucket with the login limits ({@code gatehouse.throttle.login.*}), so the lock cannot
 * be raced. A TOTP code is accepted at most once: the step of the last code used is stored, and
 * only a later step passes, in one atomic statement. A recovery code is spent by one atomic
 * statement too. The seed is encrypted at rest ({@code gatehouse.mfa.encryption-keys}).
 *
 * <pre>{@code
 * TotpEnrolment e = gatehouse.secondFactors()
 *     .beginTotpEnrolment(caller, Reauthentication.recentSignIn(), client);
 * // show e.qrPng(), then with the app's first code:
 * RecoveryCodes codes = gatehouse.secondFactors().confirmTotpEnrolment(caller, typed, client);
 * // later, at login:
 * SignInResult result = gatehouse.accounts().login(request);
 * if (result instanceof SignInResult.SecondStepRequired step) {
 *   result = gatehouse.secondFactors()
 *       .completeLogin(step.challenge().token(), SecondFactorProof.totp(typed), client);
 * }
 * }</pre>
 */
public final class SecondFactorService {
  static {
    ServiceAccess.register(
        SecondFactorService.class,
        (ctx, sessions) -> new SecondFactorService(ctx, (SessionStarter) sessions));
  }

  private static final int QR_SIZE = 240;

  private final GatehouseContext ctx;
  private final SignInPipeline pipeline;
  private final LoginThrottle throttle;
  private final SecondFactors factors;
  private final RecentAuth recentAuth;
  private final Notices notices;
  private final RememberedDevices rememberedDevices;

  /**
   * Built by {@code Gatehouse} through {@link ServiceAccess}.
   *
   * @param ctx the shared wiring (internal)
   * @param sessions starts the session a completed login gets
   */
  SecondFactorService(GatehouseContext ctx, SessionStarter sessions) {
    this.ctx = requireNonNull(ctx, "ctx");
    this.pipeline = new SignInPipeline(ctx, requireNonNull(sessions, "sessions"));
    this.throttle = new LoginThrottle(ctx);
    this.factors = new SecondFactors(ctx, throttle);
    this.recentAuth =
        new RecentAuth(ctx, new Credentials(ctx, throttle, sessions), new AccountCodes(ctx));
    this.notices = new Notices(ctx);
    this.rememberedDevices = new RememberedDevices(ctx, recentAuth);
  }

  /**
   * Starts enrolling an authenticator app for the signed-in caller after {@linkplain
   * Reauthentication recent authentication}: a new seed is stored encrypted and unconfirmed
   * (replacing an earlier unconfirmed one) and answered once, as base32, as an {@code otpauth://}
   * URI (issuer {@code gatehouse.app-name}, label the account's email, username or phone) and as a
   * QR code PNG. It guards nothing until {@link #confirmTotpEnrolment} sees its first code.
   *
   * @param caller the verified access token of the signed-in user
   * @param proof the recent-authentication proof
   * @param client who is calling
   * @return what the authenticator app needs
   * @throws ReauthenticationRequiredException when the proof does not suffice
   * @throws RejectedInputException {@code totp_already_enabled} when a confirmed TOTP exists
   *     (remove it first)
   * @throws dev.gatehouse.core.error.ConfigurationException when the store keeps no second factors
   */
  public TotpEnrolment beginTotpEnrolment(
      VerifiedAccessToken caller, Reauthentication proof, ClientInfo client) {
    requireNonNull(caller, "caller");
    requireNonNull(proof, "proof");
    RecentAuth.Proven p = recentAuth.require(caller, proof, client);
    UserRecord u = p.user();
    Instant now = ctx.clock().instant();
    NewSeed seed = factors.newSeed(u.publicId());
    boolean saved =
        ctx.store()
            .inTransaction(
                tx -> {
                  recentAuth.settle(tx, p);
                  return tx.secondFactors().savePendingTotp(u.publicId(), seed.sealed(), now);
                });
    if (!saved) {
      Arrays.fill(seed.seed(), (byte) 0);
      throw new RejectedInputException(
          ErrorCode.TOTP_ALREADY_ENABLED,
          "the account already has an authenticator app; remove it first");
    }
    Totp totp = factors.totp();
    String uri =
        totp.uri(ctx.config().get(GatehouseConfig.APP_NAME), SecondFactors.label(u), seed.seed());
    String secret = Totp.base32(seed.seed());
    Arrays.fill(seed.seed(), (byte) 0);
    return new TotpEnrolment(secret, uri, QrCode.png(uri, QR_SIZE));
  }

  /**
   * Confirms the caller's pending authenticator app with its first code (±1 step): from now on it
   * guards the account's logins. Answers a new set of recovery codes, shown once, which replaces
   * any earlier set. The code is spent: it cannot be used again to log in.
   *
   * @param caller the verified access token of the signed-in user
   * @param code the app's current code
   * @param client who is calling
   * @return the recovery codes
   * @throws RejectedInputException {@code totp_not_pending} when no enrolment waits, {@code
   *     invalid_code} (counted)
   * @throws dev.gatehouse.core.error.RateLimitedException when too many codes failed
   * @throws InvalidTokenException {@code SESSION_ENDED} when the caller's session is over
   */
  public RecoveryCodes confirmTotpEnrolment(
      VerifiedAccessToken caller, String code, ClientInfo client) {
    requireNonNull(caller, "caller");
    Instant now = ctx.clock().instant();
    UserRecord u = recentAuth.liveCaller(caller, now);
    UUID user = u.publicId();
    TotpFactor pending =
        ctx.store()
            .inTransaction(tx -> tx.secondFactors().totp(user))
            .filter(f -> !f.confirmed())
            .orElseThrow(SecondFactors::notPending);
    RequestOrigin origin = ClientInfo.originOf(ctx.config(), client);
    TotpMatch match = factors.checkTotp(pending, code, ipBucket(client), now, origin);
    List<String> codes =
        ctx.store()
            .inTransaction(
                tx -> {
                  if (!tx.secondFactors()
                      .confirmTotp(user, pending.sealedSecret(), match.step(), now)) {
                    throw SecondFactors.notPending();
                  }
                  throttle.settleSuccess(tx, match.reservation());
                  return factors.newRecoveryCodes(tx, user, now);
                });
    ctx.events()
        .publish(new AuthEvent.SecondFactorEnabled(now, user, SecondFactorChallenges.TOTP, origin));
    return new RecoveryCodes(codes);
  }

  /**
   * Removes the caller's authenticator app (confirmed or pending) and, with it, the recovery codes,
   * after {@linkplain Reauthentication recent authentication} (which may be a TOTP code).
   *
   * @param caller the verified access token of the signed-in user
   * @param proof the recent-authentication proof
   * @param client who is calling
   * @throws ReauthenticationRequiredException when the proof does not suffice
   * @throws RejectedInputException {@code mfa_not_enabled} when there is no authenticator app
   */
  public void removeTotp(VerifiedAccessToken caller, Reauthentication proof, ClientInfo client) {
    requireNonNull(caller, "caller");
    requireNonNull(proof, "proof");
    RecentAuth.Proven p = recentAuth.require(caller, proof, client);
    UUID user = p.user().publicId();
    Instant now = ctx.clock().instant();
    boolean removed =
        ctx.store()
            .inTransaction(
                tx -> {
                  recentAuth.settle(tx, p);
                  boolean had = tx.secondFactors().deleteTotp(user);
                  tx.secondFactors().deleteRecoveryCodes(user);
                  int devices = tx.secondFactors().revokeRememberedDevices(user, null, now);
                  if (devices > 0) {
                    ctx.events()
                        .publish(
                            new AuthEvent.RememberedDevicesRevoked(
                                now, user, devices, "second_factor_removed"));
                  }
                  return had;
                });
    if (!removed) {
      throw SecondFactors.notEnabled();
    }
    ctx.events()
        .publish(
            new AuthEvent.SecondFactorDisabled(
                now, user, SecondFactorChallenges.TOTP, ClientInfo.originOf(ctx.config(), client)));
  }

  /**
   * Replaces the caller's recovery codes with a new set, shown once; every earlier code stops
   * working. Needs {@linkplain Reauthentication recent authentication} and a confirmed
   * authenticator app.
   *
   * @param caller the verified access token of the signed-in user
   * @param proof the recent-authentication proof
   * @param client who is calling
   * @return the new codes
   * @throws ReauthenticationRequiredException when the proof does not suffice
   * @throws RejectedInputException {@code mfa_not_enabled}
   */
  public RecoveryCodes regenerateRecoveryCodes(
      VerifiedAccessToken caller, Reauthentication proof, ClientInfo client) {
    requireNonNull(caller, "caller");
    requireNonNull(proof, "proof");
    RecentAuth.Proven p = recentAuth.require(caller, proof, client);
    UUID user = p.user().publicId();
    Instant now = ctx.clock().instant();
    List<String> codes =
        ctx.store()
            .inTransaction(
                tx -> {
                  if (SecondFactorChallenges.methods(tx, user).isEmpty()) {
                    throw SecondFactors.notEnabled();
                  }
                  recentAuth.settle(tx, p);
                  return factors.newRecoveryCodes(tx, user, now);
                });
    ctx.events()
        .publish(
            new AuthEvent.RecoveryCodesRegenerated(
                now, user, ClientInfo.originOf(ctx.config(), client)));
    return new RecoveryCodes(codes);
  }

  /**
   * Which second factors an account has.
   *
   * @param userPublicId the account
   * @return its factors (none for an unknown account)
   */
  public SecondFactorStatus status(UUID userPublicId) {
    requireNonNull(userPublicId, "userPublicId");
    return ctx.store()
        .inTransaction(
            tx -> {
              Optional<TotpFactor> totp = tx.secondFactors().totp(userPublicId);
              return new SecondFactorStatus(
                  totp.filter(TotpFactor::confirmed).isPresent(),
                  totp.filter(f -> !f.confirmed()).isPresent(),
                  tx.secondFactors().unusedRecoveryCodes(userPublicId));
            });
  }

  /**
   * Completes a login that answered {@code mfa_required}: checks the challenge (unused, unexpired,
   * the newest of its user) and the second factor, then, in one transaction, spends both and starts
   * the session. A wrong code leaves the challenge usable (until it expires) and counts against the
   * account's second-factor bucket; a right one spends it, so a challenge completes at most once.
   * After a recovery code, the account's owner gets a notice (after the commit).
   *
   * @param challenge the token of the challenge the login answered
   * @param proof the second factor
   * @param client who is calling
   * @return signed in ({@code amr}: the first factor's, then {@code totp} or {@code recovery_code},
   *     then {@code mfa})
   * @throws RejectedInputException {@code invalid_challenge} (unknown, used, expired or replaced),
   *     {@code invalid_code} (counted), {@code code_used} (a TOTP code used before)
   * @throws dev.gatehouse.core.error.RateLimitedException when too many codes failed
   */
  public SignInResult.SignedIn completeLogin(
      String challenge, SecondFactorProof proof, ClientInfo client) {
    return completeLogin(challenge, proof, client, false).signedIn();
  }

  /**
   * Completes a login that answered {@code mfa_required}, as {@link #completeLogin(String,
   * SecondFactorProof, ClientInfo)} does, and, when {@code rememberDevice} is set and {@code
   * gatehouse.mfa.remember-device} is above zero, remembers the device in the same transaction: the
   * answer then carries a device token (shown once, stored only as a keyed hash, bound to the user)
   * that lets later password or code logins of this user presenting it ({@link
   * ClientInfo#withRememberedDevice}) skip the second factor until it expires, with {@code amr}
   * {@code [first factor, "rdt"]}. Password changes and resets, removing the authenticator app,
   * re-enrolling it and {@link #forgetRememberedDevices} end it. With remembering off, the flag is
   * ignored.
   *
   * @param challenge the token of the challenge the login answered
   * @param proof the second factor
   * @param client who is calling
   * @param rememberDevice whether the client asks to be remembered
   * @return the session's tokens and, if remembered, the device token
   * @throws RejectedInputException as {@link #completeLogin(String, SecondFactorProof, ClientInfo)}
   * @throws dev.gatehouse.core.error.RateLimitedException when too many codes failed
   */
  public SecondFactorLogin completeLogin(
      String challenge, SecondFactorProof proof, ClientInfo client, boolean rememberDevice) {
    requireNonNull(proof, "proof");
    return ObservedOperation.run(
        ctx.observer(),
        ObservedOperation.SIGN_IN,
        ObservedOperation.signInTags(
            proof.kind() == SecondFactorProof.Kind.TOTP ? "totp" : "recovery_code", true, "none"),
        r -> "success",
        () -> completeLoginObserved(challenge, proof, client, rememberDevice));
  }

  private SecondFactorLogin completeLoginObserved(
      String challenge, SecondFactorProof proof, ClientInfo client, boolean rememberDevice) {
    ClientInfo who = client == null ? ClientInfo.web() : client;
    RequestOrigin origin = ClientInfo.originOf(ctx.config(), who);
    Instant now = ctx.clock().instant();
    if (challenge == null || challenge.isEmpty() || challenge.length() > 128) {
      throw SecondFactors.invalidChallenge();
    }
    String hash = SecondFactorChallenges.hash(ctx, challenge);
    ActionToken pending =
        ctx.store()
            .inTransaction(
                tx -> tx.actionTokens().findUsable(SecondFactorChallenges.PURPOSE, hash, now))
            .orElseThrow(SecondFactors::invalidChallenge);
    UUID user = pending.userId();
    List<String> amr = new ArrayList<>(Arrays.asList(pending.binding().split(" ")));
    TotpMatch totp = null;
    RecoveryAttempt recovery = null;
    if (proof.kind() == SecondFactorProof.Kind.TOTP) {
      TotpFactor factor =
          ctx.store()
              .inTransaction(tx -> tx.secondFactors().totp(user))
              .filter(TotpFactor::confirmed)
              .orElseThrow(SecondFactors::invalidChallenge);
      totp = factors.checkTotp(factor, proof.code(), ipBucket(who), now, origin);
      amr.add(SecondFactorChallenges.TOTP);
    } else {
      recovery = factors.countRecoveryAttempt(user, proof.code(), ipBucket(who), now);
      amr.add(SecondFactorChallenges.RECOVERY_CODE);
    }
    amr.add(SessionStarter.AMR_MFA);
    TotpMatch spentTotp = totp;
    RecoveryAttempt spentRecovery = recovery;
    Duration rememberFor = ctx.config().get(SecondFactorSettings.MFA_REMEMBER_DEVICE);
    String deviceToken = rememberDevice && !rememberFor.isZero() ? SecretHasher.newToken() : null;
    Instant rememberedUntil = deviceToken == null ? null : now.plus(rememberFor);
    String method =
        spentTotp != null ? SecondFactorChallenges.TOTP : SecondFactorChallenges.RECOVERY_CODE;
    SignInResult.SignedIn signedIn =
        ctx.store()
            .inTransaction(
                tx -> {
                  UserRecord u = tx.users().findByPublicId(user).orElse(null);
                  if (u == null || u.deleted() || !u.active()) {
                    throw SecondFactors.invalidChallenge();
                  }
                  if (deviceToken != null) {
                    tx.secondFactors()
                        .rememberDevice(
                            user,
                            SecondFactorChallenges.deviceHash(ctx, deviceToken),
                            SecondFactors.deviceLabel(who),
                            rememberedUntil,
                            now);
                  }
                  if (spentTotp != null) {
                    factors.spendTotp(tx, user, spentTotp);
                  } else {
                    factors.spendRecovery(tx, user, spentRecovery, now, origin);
                    notices.toAccount(tx, u, TemplateNames.RECOVERY_CODE_USED);
                  }
                  // Last: a refusal above rolls back and leaves the challenge for a retry.
                  if (!tx.actionTokens().consume(SecondFactorChallenges.PURPOSE, hash, now)) {
                    throw SecondFactors.invalidChallenge();
                  }
                  tx.users().recordLogin(user, now);
                  return pipeline.complete(
                      tx, u, List.copyOf(amr), method, who, now, false, List.of());
                });
    if (spentRecovery != null) {
      int left = status(user).recoveryCodesLeft();
      ctx.events().publish(new AuthEvent.RecoveryCodeUsed(now, user, left, origin));
    }
    if (deviceToken != null) {
      ctx.events().publish(new AuthEvent.DeviceRemembered(now, user, rememberedUntil, origin));
    }
    return new SecondFactorLogin(signedIn, deviceToken, rememberedUntil);
  }

  /**
   * The caller's remembered devices that still stand in for the second factor, newest first.
   *
   * @param caller the verified access token of the signed-in user
   * @return the devices (never their tokens)
   * @throws InvalidTokenException {@code SESSION_ENDED} when the caller's session is over
   */
  public List<RememberedDeviceView> rememberedDevices(VerifiedAccessToken caller) {
    return rememberedDevices.list(requireNonNull(caller, "caller"));
  }

  /**
   * Forgets one of the caller's remembered devices: its token no longer skips the second factor.
   *
   * @param caller the verified access token of the signed-in user
   * @param deviceId the device's {@linkplain RememberedDeviceView#id() id}
   * @param client who is calling
   * @throws dev.gatehouse.core.session.NotFoundException {@code remembered_device_not_found} when
   *     the caller has no such live device (another user's id included)
   * @throws InvalidTokenException {@code SESSION_ENDED} when the caller's session is over
   */
  public void forgetRememberedDevice(VerifiedAccessToken caller, long deviceId, ClientInfo client) {
    if (rememberedDevices.forget(requireNonNull(caller, "caller"), deviceId) == 0) {
      throw new dev.gatehouse.core.session.NotFoundException(ErrorCode.REMEMBERED_DEVICE_NOT_FOUND);
    }
  }

  /**
   * Forgets every remembered device of the caller.
   *
   * @param caller the verified access token of the signed-in user
   * @param client who is calling
   * @return how many were forgotten
   * @throws InvalidTokenException {@code SESSION_ENDED} when the caller's session is over
   */
  public int forgetRememberedDevices(VerifiedAccessToken caller, ClientInfo client) {
    return rememberedDevices.forget(requireNonNull(caller, "caller"), null);
  }

  /**
   * Starts the enrolment an {@code mfa_enrolment_required} login asks for: with the login's
   * enrolment-only challenge (unused, unexpired, the newest of its user) instead of a session, a
   * new seed is stored encrypted and unconfirmed (replacing an earlier unconfirmed one) and
   * answered once, as {@link #beginTotpEnrolment} does. The challenge stays usable for {@link
   * #completeRequiredEnrolment}; it permits nothing else.
   *
   * @param challenge the token of the enrolment-only challenge of the login's {@link
   *     SignInResult.SecondStepRequired}
   * @param client who is calling
   * @return what the authenticator app needs
   * @throws RejectedInputException {@code invalid_challenge} (unknown, used, expired or replaced,
   *     or the account enrolled a factor meanwhile)
   */
  public TotpEnrolment beginRequiredEnrolment(String challenge, ClientInfo client) {
    Instant now = ctx.clock().instant();
    ActionToken pending = enrolmentChallenge(challenge, now);
    UUID user = pending.userId();
    NewSeed seed = factors.newSeed(user);
    UserRecord u =
        ctx.store()
            .inTransaction(
                tx -> {
                  UserRecord found = tx.users().findByPublicId(user).orElse(null);
                  if (found == null
                      || found.deleted()
                      || !found.active()
                      || !tx.secondFactors().savePendingTotp(user, seed.sealed(), now)) {
                    throw SecondFactors.invalidChallenge();
                  }
                  return found;
                });
    Totp totp = factors.totp();
    String uri =
        totp.uri(ctx.config().get(GatehouseConfig.APP_NAME), SecondFactors.label(u), seed.seed());
    String secret = Totp.base32(seed.seed());
    Arrays.fill(seed.seed(), (byte) 0);
    return new TotpEnrolment(secret, uri, QrCode.png(uri, QR_SIZE));
  }

  /**
   * Completes the enrolment an {@code mfa_enrolment_required} login asks for, and with it the
   * login: checks the enrolment-only challenge and the app's first code (±1 step, counted like
   * every code), then, in one transaction, confirms the app, makes a new set of recovery codes,
   * spends the challenge and starts the session ({@code amr}: the first factor's, {@code totp},
   * {@code mfa}). Of concurrent completions of one challenge exactly one succeeds.
   *
   * @param challenge the token of the enrolment-only challenge
   * @param code the app's current code
   * @param client who is calling
   * @return signed in, with the recovery codes to show once ({@link
   *     SignInResult.SignedIn#recoveryCodes()})
   * @throws RejectedInputException {@code invalid_challenge} (unknown, used, expired or replaced),
   *     {@code totp_not_pending} ({@link #beginRequiredEnrolment} first), {@code invalid_code}
   *     (counted)
   * @throws dev.gatehouse.core.error.RateLimitedException when too many codes failed
   */
  public SignInResult.SignedIn completeRequiredEnrolment(
      String challenge, String code, ClientInfo client) {
    ClientInfo who = client == null ? ClientInfo.web() : client;
    RequestOrigin origin = ClientInfo.originOf(ctx.config(), who);
    Instant now = ctx.clock().instant();
    ActionToken pending = enrolmentChallenge(challenge, now);
    String hash = SecondFactorChallenges.hash(ctx, SecondFactorChallenges.ENROL_PURPOSE, challenge);
    UUID user = pending.userId();
    TotpFactor factor =
        ctx.store()
            .inTransaction(tx -> tx.secondFactors().totp(user))
            .filter(f -> !f.confirmed())
            .orElseThrow(SecondFactors::notPending);
    TotpMatch match = factors.checkTotp(factor, code, ipBucket(who), now, origin);
    List<String> amr = new ArrayList<>(Arrays.asList(pending.binding().split(" ")));
    amr.add(SecondFactorChallenges.TOTP);
    amr.add(SessionStarter.AMR_MFA);
    SignInResult.SignedIn done =
        ctx.store()
            .inTransaction(
                tx -> {
                  UserRecord u = tx.users().findByPublicId(user).orElse(null);
                  if (u == null || u.deleted() || !u.active()) {
                    throw SecondFactors.invalidChallenge();
                  }
                  // Each is one conditional statement: of racing completions one passes both.
                  if (!tx.actionTokens().consume(SecondFactorChallenges.ENROL_PURPOSE, hash, now)) {
                    throw SecondFactors.invalidChallenge();
                  }
                  if (!tx.secondFactors()
                      .confirmTotp(user, factor.sealedSecret(), match.step(), now)) {
                    throw SecondFactors.invalidChallenge();
                  }
                  throttle.settleSuccess(tx, match.reservation());
                  List<String> codes = factors.newRecoveryCodes(tx, user, now);
                  tx.users().recordLogin(user, now);
                  ctx.events()
                      .publish(
                          tx,
                          new AuthEvent.SecondFactorEnabled(
                              now, user, SecondFactorChallenges.TOTP, origin));
                  return pipeline.complete(
                      tx, u, List.copyOf(amr), SecondFactorChallenges.TOTP, who, now, false, codes);
                });
    return done;
  }

  private ActionToken enrolmentChallenge(String challenge, Instant now) {
    if (challenge == null || challenge.isEmpty() || challenge.length() > 128) {
      throw SecondFactors.invalidChallenge();
    }
    String hash = SecondFactorChallenges.hash(ctx, SecondFactorChallenges.ENROL_PURPOSE, challenge);
    return ctx.store()
        .inTransaction(
            tx -> tx.actionTokens().findUsable(SecondFactorChallenges.ENROL_PURPOSE, hash, now))
        .orElseThrow(SecondFactors::invalidChallenge);
  }

  private String ipBucket(ClientInfo client) {
    return client == null ? null : throttle.ipBucket(client.ipAddress());
  }
}
