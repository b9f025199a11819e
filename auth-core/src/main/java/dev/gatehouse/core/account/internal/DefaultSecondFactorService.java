package dev.gatehouse.core.account.internal;

import static java.util.Objects.requireNonNull;

import dev.gatehouse.core.account.SecondFactorService;
import dev.gatehouse.core.account.SecondFactorService.RecoveryCodes;
import dev.gatehouse.core.account.SecondFactorService.RememberedDeviceView;
import dev.gatehouse.core.account.SecondFactorService.SecondFactorLogin;
import dev.gatehouse.core.account.SecondFactorService.SecondFactorProof;
import dev.gatehouse.core.account.SecondFactorService.SecondFactorStatus;
import dev.gatehouse.core.account.SecondFactorService.TotpEnrolment;
import dev.gatehouse.core.account.internal.SecondFactors.NewSeed;
import dev.gatehouse.core.account.internal.SecondFactors.RecoveryAttempt;
import dev.gatehouse.core.account.internal.SecondFactors.TotpMatch;
import dev.gatehouse.core.config.GatehouseConfig;
import dev.gatehouse.core.config.SecondFactorSettings;
import dev.gatehouse.core.error.AuthException.RejectedInputException;
import dev.gatehouse.core.error.ErrorCode;
import dev.gatehouse.core.event.AuthEvent;
import dev.gatehouse.core.event.AuthEvent.RequestOrigin;
import dev.gatehouse.core.internal.Notices;
import dev.gatehouse.core.internal.SecondFactorChallenges;
import dev.gatehouse.core.internal.SecurityEvents;
import dev.gatehouse.core.mfa.QrCodeRenderer;
import dev.gatehouse.core.mfa.Totp;
import dev.gatehouse.core.observe.GatehouseObserver;
import dev.gatehouse.core.observe.GatehouseObserver.ObservedOperation;
import dev.gatehouse.core.secret.SecretHasher;
import dev.gatehouse.core.session.ClientInfo;
import dev.gatehouse.core.session.Reauthentication;
import dev.gatehouse.core.session.SessionStarter;
import dev.gatehouse.core.session.SignInResult;
import dev.gatehouse.core.session.internal.SignInPipeline;
import dev.gatehouse.core.store.ActionTokenStore.ActionToken;
import dev.gatehouse.core.store.AuthStore;
import dev.gatehouse.core.store.SecondFactorStore.TotpFactor;
import dev.gatehouse.core.store.UserRecord;
import dev.gatehouse.core.token.AccessTokenVerifier.VerifiedAccessToken;
import dev.gatehouse.delivery.TemplateNames;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** The {@link SecondFactorService} the facade builds. Internal: not API. */
public final class DefaultSecondFactorService implements SecondFactorService {
  private static final int QR_SIZE = 240;
  private final GatehouseConfig config;
  private final Clock clock;
  private final AuthStore store;
  private final SecretHasher secrets;
  private final SecurityEvents events;
  private final GatehouseObserver observer;
  private final SignInPipeline pipeline;
  private final LoginThrottle throttle;
  private final SecondFactors factors;
  private final RecentAuth recentAuth;
  private final Notices notices;
  private final RememberedDevices rememberedDevices;

  /** Draws the enrolment's QR image; null when no module installed one. */
  private final @Nullable QrCodeRenderer qrCodes;

  /** Built by the facade's wiring. */
  public DefaultSecondFactorService(
      GatehouseConfig config,
      Clock clock,
      AuthStore store,
      SecretHasher secrets,
      SecurityEvents events,
      GatehouseObserver observer,
      SignInPipeline pipeline,
      LoginThrottle throttle,
      SecondFactors factors,
      RecentAuth recentAuth,
      Notices notices,
      @Nullable QrCodeRenderer qrCodes) {
    this.config = config;
    this.clock = clock;
    this.store = store;
    this.secrets = secrets;
    this.events = events;
    this.observer = observer;
    this.pipeline = pipeline;
    this.throttle = throttle;
    this.factors = factors;
    this.recentAuth = recentAuth;
    this.notices = notices;
    this.qrCodes = qrCodes;
    this.rememberedDevices = new RememberedDevices(clock, store, events, recentAuth);
  }

  @Override
  public TotpEnrolment beginTotpEnrolment(
      VerifiedAccessToken caller, Reauthentication proof, ClientInfo client) {
    requireNonNull(caller, "caller");
    requireNonNull(proof, "proof");
    RecentAuth.Proven p = recentAuth.require(caller, proof, client);
    UserRecord u = p.user();
    Instant now = clock.instant();
    NewSeed seed = factors.newSeed(u.publicId());
    boolean saved =
        store.inTransaction(
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
        totp.uri(config.get(GatehouseConfig.APP_NAME), SecondFactors.label(u), seed.seed());
    String secret = Totp.base32(seed.seed());
    Arrays.fill(seed.seed(), (byte) 0);
    return new TotpEnrolment(secret, uri, qrPng(uri));
  }

  @Override
  public RecoveryCodes confirmTotpEnrolment(
      VerifiedAccessToken caller, String code, ClientInfo client) {
    requireNonNull(caller, "caller");
    Instant now = clock.instant();
    UserRecord u = recentAuth.liveCaller(caller, now);
    UUID user = u.publicId();
    TotpFactor pending =
        store
            .inTransaction(tx -> tx.secondFactors().totp(user))
            .filter(f -> !f.confirmed())
            .orElseThrow(SecondFactors::notPending);
    RequestOrigin origin = ClientInfo.originOf(config, client);
    TotpMatch match = factors.checkTotp(pending, code, ipBucket(client), now, origin);
    List<String> codes =
        store.inTransaction(
            tx -> {
              if (!tx.secondFactors()
                  .confirmTotp(user, pending.sealedSecret(), match.step(), now)) {
                throw SecondFactors.notPending();
              }
              throttle.settleSuccess(tx, match.reservation());
              return factors.newRecoveryCodes(tx, user, now);
            });
    events.publish(
        new AuthEvent.SecondFactorEnabled(now, user, SecondFactorChallenges.TOTP, origin));
    return new RecoveryCodes(codes);
  }

  @Override
  public void removeTotp(VerifiedAccessToken caller, Reauthentication proof, ClientInfo client) {
    requireNonNull(caller, "caller");
    requireNonNull(proof, "proof");
    RecentAuth.Proven p = recentAuth.require(caller, proof, client);
    UUID user = p.user().publicId();
    Instant now = clock.instant();
    boolean removed =
        store.inTransaction(
            tx -> {
              recentAuth.settle(tx, p);
              boolean had = tx.secondFactors().deleteTotp(user);
              tx.secondFactors().deleteRecoveryCodes(user);
              int devices = tx.secondFactors().revokeRememberedDevices(user, null, now);
              if (devices > 0) {
                events.publish(
                    new AuthEvent.RememberedDevicesRevoked(
                        now, user, devices, "second_factor_removed"));
              }
              return had;
            });
    if (!removed) {
      throw SecondFactors.notEnabled();
    }
    events.publish(
        new AuthEvent.SecondFactorDisabled(
            now, user, SecondFactorChallenges.TOTP, ClientInfo.originOf(config, client)));
  }

  @Override
  public RecoveryCodes regenerateRecoveryCodes(
      VerifiedAccessToken caller, Reauthentication proof, ClientInfo client) {
    requireNonNull(caller, "caller");
    requireNonNull(proof, "proof");
    RecentAuth.Proven p = recentAuth.require(caller, proof, client);
    UUID user = p.user().publicId();
    Instant now = clock.instant();
    List<String> codes =
        store.inTransaction(
            tx -> {
              if (SecondFactorChallenges.methods(tx, user).isEmpty()) {
                throw SecondFactors.notEnabled();
              }
              recentAuth.settle(tx, p);
              return factors.newRecoveryCodes(tx, user, now);
            });
    events.publish(
        new AuthEvent.RecoveryCodesRegenerated(now, user, ClientInfo.originOf(config, client)));
    return new RecoveryCodes(codes);
  }

  @Override
  public SecondFactorStatus status(UUID userPublicId) {
    requireNonNull(userPublicId, "userPublicId");
    return store.inTransaction(
        tx -> {
          Optional<TotpFactor> totp = tx.secondFactors().totp(userPublicId);
          return new SecondFactorStatus(
              totp.filter(TotpFactor::confirmed).isPresent(),
              totp.filter(f -> !f.confirmed()).isPresent(),
              tx.secondFactors().unusedRecoveryCodes(userPublicId));
        });
  }

  @Override
  public SignInResult.SignedIn completeLogin(
      String challenge, SecondFactorProof proof, ClientInfo client) {
    return completeLogin(challenge, proof, client, false).signedIn();
  }

  @Override
  public SecondFactorLogin completeLogin(
      String challenge, SecondFactorProof proof, ClientInfo client, boolean rememberDevice) {
    requireNonNull(proof, "proof");
    return ObservedOperation.run(
        observer,
        ObservedOperation.SIGN_IN,
        ObservedOperation.signInTags(
            proof.kind() == SecondFactorProof.Kind.TOTP ? "totp" : "recovery_code", true, "none"),
        r -> "success",
        () -> {
          RequestOrigin origin =
              ClientInfo.originOf(config, client == null ? ClientInfo.web() : client);
          String method =
              proof.kind() == SecondFactorProof.Kind.TOTP
                  ? SecondFactorChallenges.TOTP
                  : SecondFactorChallenges.RECOVERY_CODE;
          UUID[] named = new UUID[1];
          try {
            return completeLoginObserved(challenge, proof, client, rememberDevice, named);
          } catch (RejectedInputException e) {
            // A challenge refused (unknown, used, expired, or its account disabled meanwhile) is a
            // refused sign-in like a wrong code: kept, under the account when the challenge named
            // one. The code's own refusals are kept where the code is checked.
            if (e.error() == ErrorCode.INVALID_CHALLENGE) {
              throw events.signInRefused(method, named[0], e, origin);
            }
            throw e;
          }
        });
  }

  private SecondFactorLogin completeLoginObserved(
      String challenge,
      SecondFactorProof proof,
      ClientInfo client,
      boolean rememberDevice,
      UUID[] named) {
    ClientInfo who = client == null ? ClientInfo.web() : client;
    RequestOrigin origin = ClientInfo.originOf(config, who);
    Instant now = clock.instant();
    if (challenge == null || challenge.isEmpty() || challenge.length() > 128) {
      throw SecondFactors.invalidChallenge();
    }
    String hash = SecondFactorChallenges.hash(secrets, challenge);
    ActionToken pending =
        store
            .inTransaction(
                tx -> tx.actionTokens().findUsable(SecondFactorChallenges.PURPOSE, hash, now))
            .orElseThrow(SecondFactors::invalidChallenge);
    UUID user = pending.userId();
    named[0] = user;
    List<String> amr = new ArrayList<>(Arrays.asList(pending.binding().split(" ")));
    TotpMatch totp = null;
    RecoveryAttempt recovery = null;
    if (proof.kind() == SecondFactorProof.Kind.TOTP) {
      TotpFactor factor =
          store
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
    Duration rememberFor = config.get(SecondFactorSettings.MFA_REMEMBER_DEVICE);
    String deviceToken = rememberDevice && !rememberFor.isZero() ? SecretHasher.newToken() : null;
    Instant rememberedUntil = deviceToken == null ? null : now.plus(rememberFor);
    String method =
        spentTotp != null ? SecondFactorChallenges.TOTP : SecondFactorChallenges.RECOVERY_CODE;
    SignInResult.SignedIn signedIn =
        store.inTransaction(
            tx -> {
              UserRecord u = tx.users().findByPublicId(user).orElse(null);
              if (u == null || u.deleted() || !u.active()) {
                throw SecondFactors.invalidChallenge();
              }
              if (deviceToken != null) {
                tx.secondFactors()
                    .rememberDevice(
                        user,
                        SecondFactorChallenges.deviceHash(secrets, deviceToken),
                        SecondFactors.deviceLabel(who),
                        rememberedUntil,
                        now);
              }
              if (spentTotp != null) {
                factors.spendTotp(tx, user, spentTotp, origin);
              } else {
                factors.spendRecovery(tx, user, spentRecovery, now, origin);
                notices.toAccount(tx, u, TemplateNames.RECOVERY_CODE_USED);
              }
              // Last: a refusal above rolls back and leaves the challenge for a retry.
              if (!tx.actionTokens().consume(SecondFactorChallenges.PURPOSE, hash, now)) {
                throw SecondFactors.invalidChallenge();
              }
              tx.users().recordLogin(user, now);
              return pipeline.complete(tx, u, List.copyOf(amr), method, who, now, false, List.of());
            });
    if (spentRecovery != null) {
      int left = status(user).recoveryCodesLeft();
      events.publish(new AuthEvent.RecoveryCodeUsed(now, user, left, origin));
    }
    if (deviceToken != null) {
      events.publish(new AuthEvent.DeviceRemembered(now, user, rememberedUntil, origin));
    }
    return new SecondFactorLogin(signedIn, deviceToken, rememberedUntil);
  }

  @Override
  public List<RememberedDeviceView> rememberedDevices(VerifiedAccessToken caller) {
    return rememberedDevices.list(requireNonNull(caller, "caller"));
  }

  @Override
  public void forgetRememberedDevice(VerifiedAccessToken caller, long deviceId, ClientInfo client) {
    if (rememberedDevices.forget(requireNonNull(caller, "caller"), deviceId) == 0) {
      throw new dev.gatehouse.core.error.AuthException.NotFoundException(
          ErrorCode.REMEMBERED_DEVICE_NOT_FOUND);
    }
  }

  @Override
  public int forgetRememberedDevices(VerifiedAccessToken caller, ClientInfo client) {
    return rememberedDevices.forget(requireNonNull(caller, "caller"), null);
  }

  @Override
  public TotpEnrolment beginRequiredEnrolment(String challenge, ClientInfo client) {
    Instant now = clock.instant();
    ActionToken pending = enrolmentChallenge(challenge, now);
    UUID user = pending.userId();
    NewSeed seed = factors.newSeed(user);
    UserRecord u =
        store.inTransaction(
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
        totp.uri(config.get(GatehouseConfig.APP_NAME), SecondFactors.label(u), seed.seed());
    String secret = Totp.base32(seed.seed());
    Arrays.fill(seed.seed(), (byte) 0);
    return new TotpEnrolment(secret, uri, qrPng(uri));
  }

  @Override
  public SignInResult.SignedIn completeRequiredEnrolment(
      String challenge, String code, ClientInfo client) {
    ClientInfo who = client == null ? ClientInfo.web() : client;
    RequestOrigin origin = ClientInfo.originOf(config, who);
    Instant now = clock.instant();
    ActionToken pending = enrolmentChallenge(challenge, now);
    String hash =
        SecondFactorChallenges.hash(secrets, SecondFactorChallenges.ENROL_PURPOSE, challenge);
    UUID user = pending.userId();
    TotpFactor factor =
        store
            .inTransaction(tx -> tx.secondFactors().totp(user))
            .filter(f -> !f.confirmed())
            .orElseThrow(SecondFactors::notPending);
    TotpMatch match = factors.checkTotp(factor, code, ipBucket(who), now, origin);
    List<String> amr = new ArrayList<>(Arrays.asList(pending.binding().split(" ")));
    amr.add(SecondFactorChallenges.TOTP);
    amr.add(SessionStarter.AMR_MFA);
    SignInResult.SignedIn done =
        store.inTransaction(
            tx -> {
              UserRecord u = tx.users().findByPublicId(user).orElse(null);
              if (u == null || u.deleted() || !u.active()) {
                throw SecondFactors.invalidChallenge();
              }
              // Each is one conditional statement: of racing completions one passes both.
              if (!tx.actionTokens().consume(SecondFactorChallenges.ENROL_PURPOSE, hash, now)) {
                throw SecondFactors.invalidChallenge();
              }
              if (!tx.secondFactors().confirmTotp(user, factor.sealedSecret(), match.step(), now)) {
                throw SecondFactors.invalidChallenge();
              }
              throttle.settleSuccess(tx, match.reservation());
              List<String> codes = factors.newRecoveryCodes(tx, user, now);
              tx.users().recordLogin(user, now);
              events.publish(
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
    String hash =
        SecondFactorChallenges.hash(secrets, SecondFactorChallenges.ENROL_PURPOSE, challenge);
    return store
        .inTransaction(
            tx -> tx.actionTokens().findUsable(SecondFactorChallenges.ENROL_PURPOSE, hash, now))
        .orElseThrow(SecondFactors::invalidChallenge);
  }

  private String ipBucket(ClientInfo client) {
    return client == null ? null : throttle.ipBucket(client.ipAddress());
  }

  /** The QR image of an enrolment's URI, or null without a renderer. */
  private byte @Nullable [] qrPng(String uri) {
    return qrCodes == null ? null : qrCodes.png(uri, QR_SIZE);
  }
}
